import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { ModelTools, ServedToolCall, ToolReply } from "../../core/agent/model-tools.js";
import { describeError } from "../../core/errors.js";
import { REVIEW_TOOL, type ToolDefinition } from "../../core/findings/review-tool.js";
import type { TimedCompletion } from "./complete-chat.js";
import type { Ask } from "./continue-cut-answer.js";
import { estimatePromptTokens } from "./fit-repair-turn.js";
import { cutShort, settingsRejected } from "./follow-up-failure.js";
import { requestedTools, type RequestedCall } from "./requested-tools.js";
import { roundsLeftNote, submitNowTurn, toolTurn } from "./tool-turn.js";
import { MESSAGE_OVERHEAD_TOKENS, turnTokens } from "./turn-tokens.js";

/** Room kept free in every prompt of the loop for the instruction that ends it. */
export const FINAL_TURN_TOKENS = 200;
/** Room set aside for each later call of a round, which needs at least a refusal naming it. */
export const REFUSAL_TOKENS = 160;
/** With less room than this left for results, another round could serve nothing useful: tool use ends. */
export const MIN_ROUND_ROOM_TOKENS = 400;

export interface ToolLoopOptions {
  readonly ask: Ask;
  /** The prompt budget in force; asked once per round. */
  readonly promptBudget: () => Promise<number>;
  readonly signal?: AbortSignal | undefined;
}

export interface ToolLoopResult {
  /** The answer that ended the loop: a `submit_review` call, or whatever the model answered last. */
  readonly answer: TimedCompletion;
  /** The prompt that answer followed, for follow-up turns (continuation, repair). */
  readonly conversation: readonly ChatCompletionMessageParam[];
  /** That prompt's size: the server's count, or the estimate when it reports none. */
  readonly promptTokens: number;
  readonly toolCalls: readonly ServedToolCall[];
  /** Why tool use was given up for a plain answer (a turn carrying tool results failed). */
  readonly abandoned?: string;
}

function promptTokensOf(answer: TimedCompletion, estimate: () => number): number {
  return answer.usage.promptTokens > 0 ? answer.usage.promptTokens : estimate();
}

/** Serves the calls in order, each within what the room leaves after setting aside a refusal for every later call. */
async function serveRound(calls: readonly RequestedCall[], tools: ModelTools, room: number): Promise<ToolReply[]> {
  const replies: ToolReply[] = [];
  let left = room;
  for (const [index, call] of calls.entries()) {
    const request = { name: call.name, arguments: call.arguments };
    const reply =
      index >= tools.maxCallsPerRound
        ? tools.refuse(request, `at most ${tools.maxCallsPerRound} tool calls are served per answer; ask for this one again in your next answer if you still need it.`)
        : await tools.serve(request, left - (calls.length - index - 1) * REFUSAL_TOKENS - MESSAGE_OVERHEAD_TOKENS);
    replies.push(reply);
    left -= reply.tokens + MESSAGE_OVERHEAD_TOKENS;
  }
  return replies;
}

function recorded(replies: readonly ToolReply[]): ServedToolCall[] {
  return replies.map((reply) => ({ tool: reply.tool, outcome: reply.outcome, tokens: reply.tokens }));
}

/**
 * The agentic part of an answer: the model is offered `submit_review` and the repository tools; each answer that
 * calls tools is served (several calls in order, each reply naming its call) and sent back, until the model calls
 * `submit_review`. Bounded by the tools' rounds, their cap on result tokens and the prompt budget: every prompt is
 * checked against the budget before it is sent, a result that would not fit is shortened or refused, and when a
 * bound is reached the model is told to submit, with no repository tool offered. What the last answer is worth is
 * for the caller to judge (continuation, repair).
 */
export async function runToolLoop(prompt: readonly ChatCompletionMessageParam[], tools: ModelTools, options: ToolLoopOptions): Promise<ToolLoopResult> {
  const conversation: ChatCompletionMessageParam[] = [...prompt];
  const toolCalls: ServedToolCall[] = [];
  const usedIds = new Set<string>();
  let offered: readonly ToolDefinition[] = tools.definitions;
  let rounds = 0;
  let resultTokens = 0;
  let answer = await options.ask(conversation, "review", offered);
  let promptTokens = promptTokensOf(answer, () => estimatePromptTokens(conversation, [REVIEW_TOOL, ...offered]));
  const result = (): ToolLoopResult => ({ answer, conversation, promptTokens, toolCalls });

  while (offered.length > 0) {
    const requests = requestedTools(answer.completion, usedIds, rounds + 1);
    if (requests.kind !== "tools") return result();
    rounds += 1;
    const budget = await options.promptBudget();
    const assistantTokens = Math.max(answer.usage.completionTokens, turnTokens(toolTurn(requests, [], undefined).slice(0, 1)));
    const room = Math.min(tools.maxResultTokens - resultTokens, budget - promptTokens - assistantTokens - FINAL_TURN_TOKENS);
    const replies = await serveRound(requests.calls, tools, room);
    options.signal?.throwIfAborted();
    toolCalls.push(...recorded(replies));
    const added = replies.reduce((sum, reply) => sum + reply.tokens + MESSAGE_OVERHEAD_TOKENS, 0);
    resultTokens += replies.reduce((sum, reply) => sum + reply.tokens, 0);

    const roomAfter = Math.min(tools.maxResultTokens - resultTokens, room - added);
    const ending =
      rounds >= tools.maxRounds
        ? `You have used all ${tools.maxRounds} rounds of tool calls.`
        : roomAfter < MIN_ROUND_ROOM_TOKENS
          ? "The room for tool results in this review is used up."
          : undefined;
    const note = ending === undefined ? roundsLeftNote(tools.maxRounds - rounds) : undefined;
    const turn = toolTurn(requests, replies, note);
    const withTurn = promptTokens + assistantTokens + added + (note === undefined ? 0 : tools.countTokens(note));
    let next: ChatCompletionMessageParam[];
    let estimate: number;
    if (withTurn + FINAL_TURN_TOKENS > budget) {
      // Even the refusals do not fit (many calls in one answer): the round is left out and the model is told to
      // submit after the last prompt that fitted.
      if (promptTokens + FINAL_TURN_TOKENS > budget) return result();
      next = [submitNowTurn("Your tool calls could not be served: the prompt has no room left for their results.")];
      estimate = promptTokens + turnTokens(next);
      offered = [];
    } else if (ending !== undefined) {
      next = [...turn, submitNowTurn(ending)];
      estimate = withTurn + turnTokens(next.slice(-1));
      offered = [];
    } else {
      next = turn;
      estimate = withTurn;
    }
    conversation.push(...next);
    const plain = await sendResults(estimate);
    if (plain !== undefined) return plain;
  }
  return result();

  /** Sends the conversation with tool results; when that turn fails, gives tool use up for a plain answer. */
  async function sendResults(estimate: number): Promise<ToolLoopResult | undefined> {
    try {
      answer = await options.ask(conversation, "tool-results", offered);
      promptTokens = promptTokensOf(answer, () => estimate);
      return undefined;
    } catch (error) {
      if (settingsRejected(error) || cutShort(error, options.signal)) throw error;
      // A server that cannot take this conversation (a 400 on role `tool` messages, a template that fails on
      // replayed calls) must not cost the review: the model answers the first prompt again, without tools.
      const abandoned = `a turn with tool results failed (${describeError(error)}); the part was reviewed again without tools`;
      answer = await options.ask(prompt, "review", []);
      promptTokens = promptTokensOf(answer, () => estimatePromptTokens(prompt, REVIEW_TOOL));
      return { answer, conversation: prompt, promptTokens, toolCalls, abandoned };
    }
  }
}

/**
 * The answer to the first prompt: through the tool loop when tools are offered, else one plain request.
 */
export async function openingAnswer(prompt: readonly ChatCompletionMessageParam[], tools: ModelTools | undefined, options: ToolLoopOptions): Promise<ToolLoopResult> {
  if (tools !== undefined) return runToolLoop(prompt, tools, options);
  const answer = await options.ask(prompt, "review");
  return { answer, conversation: prompt, promptTokens: promptTokensOf(answer, () => estimatePromptTokens(prompt, REVIEW_TOOL)), toolCalls: [] };
}
