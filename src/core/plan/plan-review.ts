import type { RepoConfig } from "../config/repo-config.js";
import { fitGuidanceFiles, GUIDANCE_SHARE, renderGuidance, type GuidanceFile, type RepoGuidance } from "../context/repo-guidance.js";
import type { FileContext } from "../context/types.js";
import { widenHunks } from "../context/widen-hunks.js";
import { selectFiles, type SkippedFile } from "../diff/select-files.js";
import type { ChangedFile, FileDiff } from "../diff/types.js";
import type { Logger, PullRequestHost } from "../ports.js";
import type { ImpactSection } from "../impact/symbol-uses.js";
import { renderImpactSections } from "../prompt/render-impact.js";
import { redactFileContents } from "../secrets/secret-findings.js";
import { secretFile } from "../secrets/secret-files.js";
import { renderUserMessage, type PullRequestInfo } from "../prompt/render-prompt.js";
import { SYSTEM_PROMPT } from "../prompt/system-prompt.js";
import type { CountTokens } from "./count-tokens.js";
import { packChunks, type ReviewChunk } from "./pack-chunks.js";
import { limitFileCount, orderByImportance } from "./prioritize.js";
import { toolDefinitionTokens } from "./prompt-budget.js";

/** One model call: its share of the diff, the guidance that applies to its files, and the uses of their changed symbols. */
export interface PlannedChunk extends ReviewChunk {
  readonly instructions: string;
  /** The cross-file impact section for this chunk's files (see renderImpactSections); empty when there is none. */
  readonly impact: string;
}

export interface ReviewPlan {
  readonly chunks: readonly PlannedChunk[];
  /** Every file with a parsed diff, reviewed or not: findings are placed against these. */
  readonly reviewable: readonly FileDiff[];
  /** Every file the model will not see, with why. */
  readonly notReviewed: readonly SkippedFile[];
  /** Files (or hunks) left out by a limit rather than by choice: the review must say so even without findings. */
  readonly cutByLimits: number;
  /** The head versions read for surrounding code (path → text), for later steps that show whole files. */
  readonly headTexts: ReadonlyMap<string, string>;
}

export interface PlanReviewInput {
  readonly files: readonly ChangedFile[];
  readonly pullRequest: PullRequestInfo;
  readonly config: RepoConfig;
  /** Tokens one call's prompt may take (already lowered to what the server allows). */
  readonly promptBudgetTokens: number;
  /** The system prompt every call carries; SYSTEM_PROMPT by default. */
  readonly systemPrompt?: string;
  /**
   * Tokens each call must leave free beyond the `submit_review` definition: other tools' definitions and the room
   * their results may take.
   */
  readonly reservedTokens?: number;
}

export interface PlanReviewPorts {
  readonly host: Pick<PullRequestHost, "readFiles">;
  readonly log: Logger;
  readonly countTokens: CountTokens;
  /** Yields to other work now and then while tokens are counted (see PackInput.pause). */
  readonly pause?: () => Promise<void>;
  /**
   * The uses elsewhere of the symbols the files change, shown to the model beside the diff (cross-file impact);
   * given the files to review and the head texts read for them. Never rejects.
   */
  readonly impact?: (files: readonly FileDiff[], headTexts: ReadonlyMap<string, string>) => Promise<readonly ImpactSection[]>;
}

/** Parts of every call's prompt that are not the diff nor guidance: the system prompt, the message frame and the tool. */
function frameTokens(pullRequest: PullRequestInfo, systemPrompt: string, countTokens: CountTokens): number {
  const frame = renderUserMessage({ pullRequest, instructions: "", fileSections: [], part: { index: 9_998, count: 9_999 } });
  return countTokens(systemPrompt) + countTokens(frame) + toolDefinitionTokens(countTokens);
}

/** Below this, the diff would get too little of a call: the impact section is left out rather than the diff squeezed. */
const MIN_CALL_BUDGET = 500;

interface HeadReading {
  readonly contexts: Map<string, FileContext>;
  readonly texts: ReadonlyMap<string, string>;
}

async function readContexts(files: readonly FileDiff[], config: RepoConfig, ports: PlanReviewPorts): Promise<HeadReading> {
  const contexts = new Map<string, FileContext>();
  if (config.context_lines === 0 || files.length === 0) return { contexts, texts: new Map() };
  const { texts, unreadable } = redactFileContents(await ports.host.readFiles(files.map((file) => file.path), "head"));
  if (unreadable.length > 0) {
    ports.log.warn({ files: unreadable.slice(0, 20), count: unreadable.length }, "head versions not read; those hunks are shown without surrounding code");
  }
  for (const file of files) {
    const text = texts.get(file.path);
    if (text === undefined) continue;
    const context = widenHunks(file.hunks, text, { maxLines: config.context_lines });
    if (context.size > 0) contexts.set(file.path, context);
  }
  return { contexts, texts };
}

async function readGuidanceFiles(config: RepoConfig, ports: PlanReviewPorts): Promise<GuidanceFile[]> {
  // A file of credentials is never read for the model, even when the config names it as guidance.
  const paths = config.guidance_files.filter((path) => secretFile(path) === undefined);
  if (paths.length === 0) return [];
  const { texts, unreadable } = redactFileContents(await ports.host.readFiles(paths, "default-branch"));
  const failed = unreadable.filter((file) => !file.missing);
  if (failed.length > 0) ports.log.warn({ files: failed }, "guidance files not read");
  return paths.flatMap((path) => {
    const text = texts.get(path);
    return text === undefined ? [] : [{ path, text }];
  });
}

/**
 * Decides what the model sees: selection (ignore rules, generated code), order of importance and the file
 * limit, surrounding code from the head commit for the files kept, repository guidance within its share,
 * then packing under the per-call and per-review token budgets. Everything left out is listed with why.
 */
export async function planReview(input: PlanReviewInput, ports: PlanReviewPorts): Promise<ReviewPlan> {
  const { config } = input;
  const { countTokens } = ports;
  const selection = selectFiles(input.files, { ignore: config.ignore, useDefaultIgnore: config.use_default_ignore });
  const limited = limitFileCount(orderByImportance(selection.reviewable), config.max_files);

  const [heads, guidanceFiles] = await Promise.all([readContexts(limited.kept, config, ports), readGuidanceFiles(config, ports)]);
  const { contexts } = heads;

  const base: RepoGuidance = { instructions: config.instructions, pathInstructions: config.path_instructions, excerpts: [] };
  const keptPaths = limited.kept.map((file) => file.path);
  const guidanceBudget = Math.floor(input.promptBudgetTokens * GUIDANCE_SHARE);
  const reserved = countTokens(renderGuidance(base, keptPaths));
  const guidance: RepoGuidance = { ...base, excerpts: fitGuidanceFiles(guidanceFiles, guidanceBudget, reserved, countTokens) };
  // The guidance for all files at once is the most any call can carry: reserve it in every call.
  const guidanceTokens = countTokens(renderGuidance(guidance, keptPaths));
  const reservedTokens = input.reservedTokens ?? 0;
  const frame = frameTokens(input.pullRequest, input.systemPrompt ?? SYSTEM_PROMPT, countTokens) + reservedTokens;
  const beforeImpact = input.promptBudgetTokens - frame - guidanceTokens;
  if (beforeImpact < MIN_CALL_BUDGET) {
    throw new Error(
      `the prompt budget (${input.promptBudgetTokens} tokens) leaves no room for the diff after the system prompt, the tool definition` +
        `${reservedTokens > 0 ? `, ${reservedTokens} tokens kept for the repository tools and their results` : ""} and ` +
        `${guidanceTokens} tokens of repository guidance: raise MODEL_PROMPT_BUDGET_TOKENS or shorten \`instructions\`/\`path_instructions\``,
    );
  }
  // Like the guidance, the impact of all files at once is the most any call can carry.
  let impact = ports.impact === undefined ? [] : await ports.impact(limited.kept, heads.texts);
  let impactTokens = impact.length === 0 ? 0 : countTokens(renderImpactSections(impact));
  if (beforeImpact - impactTokens < MIN_CALL_BUDGET) {
    ports.log.warn({ impactTokens, callBudget: beforeImpact }, "uses of changed symbols left out: the prompt budget has no room for them");
    impact = [];
    impactTokens = 0;
  }
  const callBudget = beforeImpact - impactTokens;

  const packed = await packChunks({
    files: limited.kept,
    contexts,
    callBudget,
    totalBudget: config.max_prompt_tokens,
    countTokens,
    ...(ports.pause !== undefined ? { pause: ports.pause } : {}),
  });
  const chunks = packed.chunks.map((chunk) => ({
    ...chunk,
    instructions: renderGuidance(guidance, chunk.paths),
    impact: renderImpactSections(impact.filter((section) => chunk.paths.includes(section.symbol.path))),
  }));
  ports.log.info(
    {
      files: input.files.length,
      reviewable: selection.reviewable.length,
      withContext: contexts.size,
      guidanceFiles: guidance.excerpts.map((file) => file.path),
      impactSections: impact.length,
      calls: chunks.length,
      callBudget,
      tokens: chunks.reduce((sum, chunk) => sum + chunk.tokens, 0),
    },
    "review planned",
  );
  return {
    chunks,
    reviewable: selection.reviewable,
    notReviewed: [...selection.skipped, ...limited.dropped, ...packed.notReviewed],
    cutByLimits: limited.dropped.length + packed.notReviewed.length,
    headTexts: heads.texts,
  };
}
