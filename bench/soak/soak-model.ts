import type { ChatRequest, ModelReply, Respond } from "../../test/helpers/fake-model.js";
import { rateLimited, toolCallCompletion } from "../../test/helpers/fake-model.js";
import { statusBody } from "../../test/helpers/github/errors.js";
import { Occurrences, roll, weighted } from "./seeded.js";

export type ModelFault = "model 429" | "model 500" | "model cut-off answer" | "model hang";

export const MODEL_FAULTS: readonly ModelFault[] = ["model 429", "model 500", "model cut-off answer", "model hang"];

const KINDS: ReadonlyArray<{ readonly fault: ModelFault; readonly weight: number }> = [
  { fault: "model 429", weight: 3 },
  { fault: "model 500", weight: 2 },
  { fault: "model cut-off answer", weight: 3 },
  { fault: "model hang", weight: 2 },
];

export interface InjectedModelFault {
  readonly fault: ModelFault;
  /** The pull request the call was for, read from its prompt. */
  readonly pr: number | undefined;
}

/** Every answer has two findings on diff lines of src/cache.ts, so a complete review posts two inline comments. */
export const FINDINGS_PER_ANSWER = 2;

/** The pull request a chat request is about: the prompt names it (`Pull request owner/repo#N.`, the second look's `…#N;`). */
export function pullNumberOfPrompt(request: ChatRequest): number | undefined {
  for (const message of request.messages) {
    const content = message["content"];
    if (typeof content !== "string") continue;
    const match = /Pull request [^\s#]+#(\d+)[.;]/.exec(content);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

/** Digits as letters: the fingerprint of a finding ignores the digits of its title. */
function lettered(label: string): string {
  return label.replace(/\d/g, (digit) => "abcdefghij".charAt(Number(digit)));
}

function answerArgs(label: string): { summary: string; findings: Array<Record<string, unknown>> } {
  // Titles differ per answer (in letters: fingerprints ignore digits), so each review of a new head has
  // findings of its own to post, never "already reported".
  const tag = lettered(label);
  return {
    summary: `Reviewed the cache (${tag}).`,
    findings: [
      { path: "src/cache.ts", line: 10, severity: "major", title: `Unchecked cache miss (${tag})`, body: "`get` can miss; the non-null assertion hides it." },
      { path: "src/cache.ts", line: 21, severity: "major", title: `Assignment in condition (${tag})`, body: "`entry = null` assigns instead of comparing." },
    ],
  };
}

/** The arguments cut inside the second finding, as a server that hit `max_tokens` sends them. */
function cutOff(label: string, where: number): ModelReply {
  const text = JSON.stringify(answerArgs(label));
  const second = text.indexOf('{"path"', text.indexOf('{"path"') + 1);
  const cut = second + 5 + Math.floor(where * (text.length - second - 8));
  return toolCallCompletion("submit_review", undefined, { argumentsText: text.slice(0, cut), finishReason: "length" });
}

export interface SoakModel {
  readonly respond: Respond;
  readonly injected: readonly InjectedModelFault[];
}

/**
 * The model as the soak sees it: a seeded share of calls answered with a fault — a 429 (`retry-after: 1`), a
 * 500, a `submit_review` call cut off mid-JSON (`finish_reason: length`), or no answer at all until the client
 * gives up (MODEL_TIMEOUT_MS) — and every other call with two findings.
 */
export function soakModel(seed: number, rate: number): SoakModel {
  const injected: InjectedModelFault[] = [];
  const occurrences = new Occurrences();
  const respond: Respond = (request) => {
    const pr = pullNumberOfPrompt(request);
    const key = occurrences.next(`model pr${pr ?? "?"}`);
    const label = key.replace(/^model /, "");
    const fault = roll(seed, key) < rate ? weighted(KINDS, roll(seed, `${key}:kind`)).fault : undefined;
    if (fault !== undefined) injected.push({ fault, pr });
    switch (fault) {
      case "model 429":
        return rateLimited(1);
      case "model 500":
        return { status: 500, body: { error: { ...statusBody(500), type: "internal_server_error", code: null } } };
      case "model cut-off answer":
        return cutOff(label, roll(seed, `${key}:cut`));
      case "model hang":
        return "hang";
      case undefined:
        return toolCallCompletion("submit_review", answerArgs(label));
    }
  };
  return {
    respond,
    get injected() {
      return [...injected];
    },
  };
}
