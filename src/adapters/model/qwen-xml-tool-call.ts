export interface TextToolCall {
  readonly name: string;
  /** Parameter values exactly as written between the tags, one surrounding newline removed. */
  readonly parameters: ReadonlyMap<string, string>;
}

const FUNCTION_OPEN = /<function=([^>\n]+)>/;
const PARAMETER = /<parameter=([^>\n]+)>\n?([\s\S]*?)\n?<\/parameter>/g;

/**
 * Qwen3-Coder's own tool-call format, which servers without a tool parser leave in `message.content`:
 * `<tool_call><function=NAME><parameter=P>value</parameter></function></tool_call>`. The opening
 * `<tool_call>` may be missing and prose may come first; `<function=` can also appear inside reviewed
 * code the model quotes in its prose, and the call itself always comes last, so the last `<function=NAME>`
 * for the wanted tool is taken.
 */
export function parseQwenToolCall(content: string, wantedName: string): TextToolCall | undefined {
  let start = -1;
  let searchFrom = 0;
  for (;;) {
    const rest = content.slice(searchFrom);
    const match = FUNCTION_OPEN.exec(rest);
    if (!match || match[1] === undefined) break;
    if (match[1].trim() === wantedName) start = searchFrom + match.index;
    searchFrom += match.index + match[0].length;
  }
  if (start === -1) return undefined;
  const afterOpen = content.slice(start).replace(FUNCTION_OPEN, "");
  const closeAt = afterOpen.lastIndexOf("</function>");
  const body = closeAt === -1 ? afterOpen : afterOpen.slice(0, closeAt);
  const parameters = new Map<string, string>();
  for (const match of body.matchAll(PARAMETER)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) parameters.set(name.trim(), value);
  }
  return { name: wantedName, parameters };
}
