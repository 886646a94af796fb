import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";

const MAX_PROBLEM_CHARS = 3_000;

/**
 * The model's answer as text, for showing it back. A parsed tool call is written out rather than replayed as
 * `tool_calls`: replaying obliges a `tool` reply on OpenAI-style servers, and vLLM parses replayed arguments
 * as JSON, which is exactly what may be broken.
 */
export function answerText(completion: ChatCompletion): string {
  const message = completion.choices[0]?.message;
  const parts: string[] = [];
  if (message?.content !== undefined && message.content !== null && message.content.trim() !== "") parts.push(message.content);
  for (const call of message?.tool_calls ?? []) {
    if (call.type === "function") parts.push(`Called ${call.function.name} with arguments:\n${call.function.arguments}`);
  }
  return parts.length > 0 ? parts.join("\n\n") : "(an empty answer)";
}

/** Only what the repair needs when the whole answer is too long to show: the call's arguments, else the text. */
export function answerArguments(completion: ChatCompletion): string {
  const message = completion.choices[0]?.message;
  const args = (message?.tool_calls ?? []).flatMap((call) => (call.type === "function" ? [call.function.arguments] : []));
  return args.length > 0 ? args.join("\n") : (message?.content ?? "");
}

/**
 * The two messages of the repair turn: the model's own answer (`shownAnswer`, its full text unless it had to
 * be shortened), then what was wrong with it.
 */
export function repairTurn(completion: ChatCompletion, problem: string, toolName: string, shownAnswer: string = answerText(completion)): ChatCompletionMessageParam[] {
  const shown = problem.length > MAX_PROBLEM_CHARS ? `${problem.slice(0, MAX_PROBLEM_CHARS)} …` : problem;
  return [
    { role: "assistant", content: shownAnswer },
    {
      role: "user",
      content:
        `Your answer could not be used: ${shown}\n\n` +
        `Call the ${toolName} tool again, exactly once, with the complete corrected review: the summary and every finding ` +
        `you meant to report, each with the fields the tool's schema asks for and of the right types (line numbers as ` +
        `integers, findings as an array of objects). Do not answer in plain text.`,
    },
  ];
}
