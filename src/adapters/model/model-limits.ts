import OpenAI from "openai";
import { describeError } from "../../core/errors.js";

export interface ModelLimitsOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** What `GET /v1/models` says about the model's context: a length when the server reports one, or why not. */
export type ModelContextLength =
  | { readonly known: true; readonly tokens: number }
  | { readonly known: false; readonly reason: string; /** Worth asking again later (the request failed). */ readonly transient: boolean };

function maxModelLenOf(entry: unknown): number | undefined {
  if (typeof entry !== "object" || entry === null || !("max_model_len" in entry)) return undefined;
  const value = entry.max_model_len;
  return typeof value === "number" && Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * Asks the server how long a context the model has. vLLM reports `max_model_len` per model (whatever
 * `--max-model-len` set, often far below the model's native 262k); hosted APIs such as NVIDIA's report
 * nothing, and then the configured budget stands.
 */
export async function fetchModelContextLength(options: ModelLimitsOptions): Promise<ModelContextLength> {
  const client = new OpenAI({
    baseURL: options.baseUrl,
    apiKey: options.apiKey,
    timeout: options.timeoutMs ?? 10_000,
    maxRetries: 0,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  try {
    const models: unknown[] = [];
    for await (const model of client.models.list()) models.push(model);
    const entry = models.find((model) => typeof model === "object" && model !== null && "id" in model && model.id === options.model);
    if (entry === undefined) return { known: false, reason: `the server does not list model ${options.model}`, transient: false };
    const tokens = maxModelLenOf(entry);
    return tokens === undefined ? { known: false, reason: "the server does not report max_model_len", transient: false } : { known: true, tokens };
  } catch (error) {
    return { known: false, reason: `GET /models failed: ${describeError(error)}`, transient: true };
  }
}

/**
 * The context length, asked once it is known: a vLLM that is still loading the model (minutes for 480B) or
 * briefly down is asked again on the next review instead of fixing the budget at start-up.
 */
export function modelContextLengthSource(options: ModelLimitsOptions): () => Promise<ModelContextLength> {
  let known: ModelContextLength | undefined;
  return async () => {
    if (known !== undefined) return known;
    const answer = await fetchModelContextLength(options);
    // A server that answered without a length will not grow one: remember that too, but not a failed request.
    if (answer.known || !answer.transient) known = answer;
    return answer;
  };
}
