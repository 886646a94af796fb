import { describeError } from "../core/errors.js";
import type { ReviewModel } from "../core/ports.js";

export type Say = (text: string) => void;

/** Progress lines on standard error, only for a person watching a terminal (never in a pipe or a CI log). */
export function progressReporter(err: NodeJS.WritableStream & { readonly isTTY?: boolean }): Say {
  if (err.isTTY !== true) return () => undefined;
  return (text) => err.write(`\u001b[2m${text}\u001b[22m\n`);
}

/** The model, saying when each call starts and how it ended. */
export function reportingModelCalls(model: ReviewModel, say: Say): ReviewModel {
  let calls = 0;
  return {
    ...model,
    async review(messages, signal, tools) {
      calls += 1;
      const call = calls;
      const started = Date.now();
      say(`model call ${call} sent to ${model.name}…`);
      try {
        const answer = await model.review(messages, signal, tools);
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        say(`model call ${call} answered in ${seconds} s (${answer.usage.promptTokens} tokens in, ${answer.usage.completionTokens} out)`);
        return answer;
      } catch (error) {
        say(`model call ${call} failed: ${describeError(error)}`);
        throw error;
      }
    },
  };
}
