import type { IncomingMessage, ServerResponse } from "node:http";
import type { ChatCompletion } from "openai/resources/chat/completions";
import { z } from "zod";
import { flatHeaders, readBody, sendJson, startLocalServer } from "./http/local-server.js";
import { Waiters, type WaitOptions } from "./http/waiters.js";
import { DEFAULT_MODEL_ID } from "./model/completions.js";
import { completionChunks, SSE_DONE, sseEvent } from "./model/stream-chunks.js";

export {
  DEFAULT_MODEL_ID, qwenToolCallXml, textCompletion, toolCallCompletion, toolCallsCompletion,
  type CompletionOptions, type FinishReason, type QwenXmlOptions, type ToolCallOptions, type ToolCallSpec,
} from "./model/completions.js";
export type { WaitOptions } from "./http/waiters.js";

/** The request body fields a test usually looks at; everything else is kept as sent. */
const ChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(z.looseObject({ role: z.string() })).min(1),
  tools: z.array(z.looseObject({ type: z.string() })).optional(),
  tool_choice: z.unknown().optional(),
  stream: z.boolean().optional(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullable().optional(),
  max_tokens: z.number().optional(),
  max_completion_tokens: z.number().optional(),
  temperature: z.number().optional(),
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export interface ErrorReply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * A server that starts answering and then goes quiet: a streaming request gets the first `afterChunks` chunks
 * of `completion`, a non-streaming one the status line and headers but no body.
 */
export interface StalledReply {
  readonly stall: { readonly completion: ChatCompletion; readonly afterChunks: number };
}

/** `"hang"` keeps the request open, without an answer, until the client gives up or the server closes. */
export type ModelReply = ChatCompletion | ErrorReply | StalledReply | "hang";

/** Gets each chat request and its index among chat requests (from 0). */
export type Respond = (request: ChatRequest, callIndex: number) => ModelReply | Promise<ModelReply>;

export interface RecordedModelRequest {
  readonly method: string;
  /** e.g. `/v1/chat/completions` */
  readonly path: string;
  readonly body: unknown;
  /** Lower-cased names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The status answered; "pending" while a hung request is open, "aborted" once its client went away. */
  status: number | "pending" | "aborted";
}

export interface FakeModelState {
  readonly requests: readonly RecordedModelRequest[];
  /** Bodies of the chat completion requests that reached `respond`, in order. */
  readonly chatRequests: readonly ChatRequest[];
  /** Errors thrown by `respond` (each answered 500). */
  readonly respondErrors: readonly string[];
  /** Requests hanging right now. */
  readonly hanging: number;
}

export interface ModelInfo {
  readonly id: string;
  readonly owned_by?: string;
  /** vLLM reports the served context length here; hosted APIs leave it out. */
  readonly max_model_len?: number;
}

export interface StartFakeModelOptions {
  /** When set, any other bearer token is refused with 401. Some token is always required. */
  readonly apiKey?: string;
  /** What `GET /v1/models` lists (default: Qwen3-Coder, no max_model_len). */
  readonly models?: readonly ModelInfo[];
  /** Characters of content or tool-call arguments per streamed delta (default 7). */
  readonly streamPieceChars?: number;
}

export interface FakeModel extends FakeModelState {
  /** `http://127.0.0.1:PORT/v1`, the SDK's baseURL. */
  readonly baseUrl: string;
  readonly origin: string;
  waitFor<T>(predicate: (state: FakeModelState) => T | undefined | null | false, options?: WaitOptions): Promise<T>;
  /** Also ends hanging requests: their clients see the connection drop. */
  close(): Promise<void>;
}

export async function startFakeModel(respond: Respond, options: StartFakeModelOptions = {}): Promise<FakeModel> {
  const requests: RecordedModelRequest[] = [];
  const chatRequests: ChatRequest[] = [];
  const respondErrors: string[] = [];
  let hanging = 0;
  const models = options.models ?? [{ id: DEFAULT_MODEL_ID, owned_by: "qwen" }];
  const pieceOption = options.streamPieceChars === undefined ? {} : { pieceChars: options.streamPieceChars };

  const state: FakeModelState = {
    get requests() { return structuredClone(requests); },
    get chatRequests() { return structuredClone(chatRequests); },
    get respondErrors() { return [...respondErrors]; },
    get hanging() { return hanging; },
  };
  const waiters = new Waiters<FakeModelState>(() => state, () => describe(requests));

  const answer = (res: ServerResponse, record: RecordedModelRequest, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void => {
    record.status = status;
    sendJson(res, status, body, headers);
    waiters.notify();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://fake");
    const method = (req.method ?? "GET").toUpperCase();
    const headers = flatHeaders(req);
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      body = text;
    }
    const record: RecordedModelRequest = { method, path: url.pathname, body, headers, status: "pending" };
    requests.push(record);

    const refusal = authorizationProblem(headers["authorization"], options.apiKey);
    if (refusal !== undefined) return answer(res, record, 401, openAiError(refusal, "invalid_request_error", "invalid_api_key"));

    if (method === "GET" && url.pathname === "/v1/models") {
      const data = models.map((model) => ({ object: "model", created: 1_700_000_000, owned_by: "vllm", ...model }));
      return answer(res, record, 200, { object: "list", data });
    }
    if (method !== "POST" || url.pathname !== "/v1/chat/completions") {
      return answer(res, record, 404, openAiError(`Unknown request URL: ${method} ${url.pathname}`, "invalid_request_error", "unknown_url"));
    }

    const parsed = ChatRequestSchema.safeParse(body);
    if (!parsed.success) {
      return answer(res, record, 400, openAiError(`invalid chat request: ${z.prettifyError(parsed.error)}`, "invalid_request_error", null));
    }
    const callIndex = chatRequests.length;
    chatRequests.push(parsed.data);
    waiters.notify();
    let reply: ModelReply;
    try {
      reply = await respond(parsed.data, callIndex);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      respondErrors.push(message);
      return answer(res, record, 500, openAiError(`respond() threw: ${message}`, "internal_server_error", null));
    }
    const streaming = parsed.data.stream === true;
    const includeUsage = parsed.data.stream_options?.include_usage === true;
    const hold = (): void => {
      hanging += 1;
      waiters.notify();
      res.on("close", () => {
        hanging -= 1;
        record.status = "aborted";
        waiters.notify();
      });
    };
    if (reply === "hang") return hold();
    if ("status" in reply) return answer(res, record, reply.status, reply.body, reply.headers);
    if ("stall" in reply) {
      record.status = 200;
      if (streaming) {
        res.writeHead(200, SSE_HEADERS);
        const chunks = completionChunks(reply.stall.completion, { includeUsage, ...pieceOption });
        for (const chunk of chunks.slice(0, reply.stall.afterChunks)) res.write(sseEvent(chunk));
      } else {
        res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        res.flushHeaders();
      }
      return hold();
    }
    if (streaming) {
      record.status = 200;
      res.writeHead(200, SSE_HEADERS);
      for (const chunk of completionChunks(reply, { includeUsage, ...pieceOption })) res.write(sseEvent(chunk));
      res.end(SSE_DONE);
      waiters.notify();
      return;
    }
    return answer(res, record, 200, reply);
  };

  const server = await startLocalServer(handle);
  return {
    get requests() { return state.requests; },
    get chatRequests() { return state.chatRequests; },
    get respondErrors() { return state.respondErrors; },
    get hanging() { return state.hanging; },
    baseUrl: `${server.origin}/v1`,
    origin: server.origin,
    waitFor(predicate, waitOptions) {
      return waiters.waitFor(predicate, waitOptions);
    },
    async close() {
      waiters.closeAll("fake model closed");
      await server.close();
    },
  };
}

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } as const;

/** OpenAI's error envelope, which the SDK turns into typed errors (401 → AuthenticationError, …). */
export function openAiError(message: string, type: string, code: string | null): { error: { message: string; type: string; param: null; code: string | null } } {
  return { error: { message, type, param: null, code } };
}

/** A 429 as NVIDIA's endpoint sends it when throttling. */
export function rateLimited(retryAfterSeconds = 1): ErrorReply {
  return { status: 429, headers: { "retry-after": String(retryAfterSeconds) }, body: openAiError("Too Many Requests", "rate_limit_exceeded", "rate_limit_exceeded") };
}

function authorizationProblem(header: string | undefined, apiKey: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  if (match?.[1] === undefined) return "You didn't provide an API key: send it as 'Authorization: Bearer <key>'.";
  if (apiKey !== undefined && match[1] !== apiKey) return "Incorrect API key provided.";
  return undefined;
}

function describe(requests: readonly RecordedModelRequest[]): string {
  if (requests.length === 0) return "Recorded model requests: (none)";
  return `Recorded model requests (${requests.length}):\n${requests.map((r) => `  ${r.method} ${r.path} → ${r.status}`).join("\n")}`;
}
