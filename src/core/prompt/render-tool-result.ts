import type { ToolResult } from "../agent/tool-result.js";
import { fenceUntrusted } from "./render-prompt.js";

/**
 * A tool result as the model reads it: first the call it answers (the chat template drops tool call ids),
 * then the repository text fenced as untrusted data like the diff, then this program's notes.
 */
export function renderToolResult(result: ToolResult): string {
  const parts = [result.header];
  if (result.body !== "") parts.push(fenceUntrusted(result.body));
  parts.push(...result.notes);
  return parts.join("\n");
}
