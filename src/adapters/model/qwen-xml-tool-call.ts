export interface TextToolCall {
  readonly name: string;
  /** Parameter values exactly as written between the tags, one surrounding newline removed. */
  readonly parameters: ReadonlyMap<string, string>;
  /** A last parameter whose closing tag never came (the answer was cut off in it), with what it had so far. */
  readonly unclosed?: { readonly name: string; readonly value: string };
  /** The call's `</function>` was written: the model finished the call. */
  readonly closed: boolean;
}

const FUNCTION_OPEN = /<function=([^>\n]+)>/;
const PARAMETER = /<parameter=([^>\n]+)>\n?([\s\S]*?)\n?<\/parameter>/g;
const PARAMETER_OPEN = /<parameter=([^>\n]+)>\n?/;

/**
 * Qwen3-Coder's own tool-call format, which servers without a tool parser leave in `message.content`:
 * `<tool_call><function=NAME><parameter=P>value</parameter></function></tool_call>`. The opening
 * `<tool_call>` may be missing and prose may come first; `<function=` can also appear inside reviewed
 * code the model quotes in its prose, and the call itself always comes last, so the last `<function=NAME>`
 * for the wanted tool is taken. An answer cut off inside a parameter keeps that parameter's start as `unclosed`.
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
  let parsedUpTo = 0;
  for (const match of body.matchAll(PARAMETER)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) parameters.set(name.trim(), value);
    parsedUpTo = match.index + match[0].length;
  }
  const unclosed = closeAt === -1 ? unclosedParameter(body.slice(parsedUpTo)) : undefined;
  return { name: wantedName, parameters, ...(unclosed === undefined ? {} : { unclosed }), closed: closeAt !== -1 };
}

const PARAMETER_CLOSE = "</parameter>";

/** The cut can fall inside the closing tag itself: what was written of it is no part of the value. */
function withoutPartialClose(value: string): string {
  for (let length = PARAMETER_CLOSE.length - 1; length > 0; length -= 1) {
    if (value.endsWith(PARAMETER_CLOSE.slice(0, length))) return value.slice(0, -length).replace(/\n$/, "");
  }
  return value;
}

function unclosedParameter(tail: string): TextToolCall["unclosed"] {
  const open = PARAMETER_OPEN.exec(tail);
  if (open?.[1] === undefined) return undefined;
  return { name: open[1].trim(), value: withoutPartialClose(tail.slice(open.index + open[0].length)) };
}

/** One call found in text by `parseQwenToolCalls`. */
export interface TextCall {
  readonly name: string;
  readonly parameters: ReadonlyMap<string, string>;
}

const ANY_FUNCTION_OPEN = /<function=([^>\n]+)>/g;

/**
 * Every call in Qwen3-Coder's format to one of `names`, in the order written: several calls may follow each
 * other in one answer. A call's parameters run to its `</function>`, or to the next call, or to the end.
 */
export function parseQwenToolCalls(content: string, names: readonly string[]): TextCall[] {
  const opens = [...content.matchAll(ANY_FUNCTION_OPEN)].flatMap((match) =>
    match[1] === undefined ? [] : [{ name: match[1].trim(), start: match.index, bodyStart: match.index + match[0].length }],
  );
  const calls: TextCall[] = [];
  opens.forEach((open, index) => {
    if (!names.includes(open.name)) return;
    const next = opens[index + 1]?.start ?? content.length;
    const region = content.slice(open.bodyStart, next);
    const closeAt = region.indexOf("</function>");
    const body = closeAt === -1 ? region : region.slice(0, closeAt);
    const parameters = new Map<string, string>();
    for (const match of body.matchAll(PARAMETER)) {
      const [, name, value] = match;
      if (name !== undefined && value !== undefined) parameters.set(name.trim(), value);
    }
    // A tag named in prose (the model quoting code) has neither parameters nor an end: it is no call.
    if (parameters.size > 0 || closeAt !== -1) calls.push({ name: open.name, parameters });
  });
  return calls;
}
