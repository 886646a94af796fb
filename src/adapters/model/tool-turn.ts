import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ToolReply } from "../../core/agent/model-tools.js";
import { REVIEW_TOOL } from "../../core/findings/review-tool.js";
import type { RequestedTools } from "./requested-tools.js";

type ToolRequests = Extract<RequestedTools, { readonly kind: "tools" }>;

/**
 * The model's tool-calling answer and the replies, as they go into the conversation. Calls that came as
 * `tool_calls` are replayed with their ids and answered by role `tool` messages (servers match them by id);
 * Qwen3-Coder's template drops the ids and merges the replies into one turn, so each reply also starts with the
 * call it answers, in the order of the calls. Calls written as text (no tool parser on the server) are replayed
 * as that text and answered in one user message.
 */
export function toolTurn(requests: ToolRequests, replies: readonly ToolReply[], note: string | undefined): ChatCompletionMessageParam[] {
  const texts = replies.map((reply, index) => (index === replies.length - 1 && note !== undefined ? `${reply.text}\n\n${note}` : reply.text));
  if (requests.via === "content") {
    return [
      { role: "assistant", content: requests.content },
      { role: "user", content: texts.join("\n\n") },
    ];
  }
  return [
    {
      role: "assistant",
      content: requests.content.trim() === "" ? null : requests.content,
      tool_calls: requests.calls.map((call) => ({ id: call.id, type: "function" as const, function: { name: call.name, arguments: call.historyArguments } })),
    },
    ...requests.calls.map((call, index): ChatCompletionMessageParam => ({ role: "tool", tool_call_id: call.id, content: texts[index] ?? "" })),
  ];
}

/** Said after a round's replies while rounds are left, as agents that stay on course are told. */
export function roundsLeftNote(roundsLeft: number): string {
  return `(${roundsLeft} round${roundsLeft === 1 ? "" : "s"} of tool calls left; call ${REVIEW_TOOL.name} as soon as you have what you need.)`;
}

/** The instruction that ends tool use: no repository tool is offered with it. */
export function submitNowTurn(reason: string): ChatCompletionMessageParam {
  return {
    role: "user",
    content:
      `${reason} No more tools are available. Call the ${REVIEW_TOOL.name} tool now, exactly once, with your review of the diff: ` +
      "the summary and the findings you can support with the diff and what you have read (an empty list when there are none). " +
      "Do not answer in plain text.",
  };
}
