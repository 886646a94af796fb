import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  NotFoundError,
  OpenAIError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "openai";
import { ModelError } from "../../core/errors.js";

interface Endpoint {
  readonly baseUrl: string;
  readonly model: string;
  readonly timeoutMs: number;
}

function serverMessage(error: APIError): string {
  const message = error.message.replace(/^\d{3}\s*/, "").trim();
  return message === "" ? "" : `: ${message.slice(0, 300)}`;
}

/**
 * Turns the SDK's typed errors into messages that name what to fix. 400/401/403/404 are configuration
 * errors and are not retried; 429/5xx and connection errors are (see retry.ts). The SDK error stays the
 * cause, so that its `retry-after` header can be read.
 */
export function toModelError(error: unknown, endpoint: Endpoint): unknown {
  if (error instanceof ModelError || error instanceof APIUserAbortError) return error;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new ModelError(
      "auth",
      `the model endpoint ${endpoint.baseUrl} rejected the API key (HTTP ${error.status}); check OPENAI_API_KEY (or NVIDIA_API_KEY) and the account's credits`,
      { cause: error },
    );
  }
  if (error instanceof NotFoundError) {
    return new ModelError(
      "not_found",
      `model "${endpoint.model}" not found at ${endpoint.baseUrl} (HTTP 404); check OPENAI_MODEL and OPENAI_BASE_URL`,
      { cause: error },
    );
  }
  if (error instanceof BadRequestError || error instanceof UnprocessableEntityError) {
    return new ModelError(
      "bad_request",
      `the model endpoint refused the request (HTTP ${error.status})${serverMessage(error)}. If it mentions tools, start vLLM with --enable-auto-tool-choice --tool-call-parser qwen3_coder`,
      { cause: error },
    );
  }
  if (error instanceof RateLimitError) {
    return new ModelError("rate_limited", `the model endpoint answered 429 (rate limited)${serverMessage(error)}`, { cause: error });
  }
  if (error instanceof APIConnectionTimeoutError) {
    return timeoutError(endpoint, error);
  }
  if (error instanceof APIConnectionError) {
    return new ModelError("unavailable", `could not reach the model endpoint ${endpoint.baseUrl}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`, { cause: error });
  }
  if (error instanceof APIError) {
    return new ModelError("unavailable", `the model endpoint failed (HTTP ${error.status ?? "?"})${serverMessage(error)}`, { cause: error });
  }
  if (error instanceof OpenAIError) {
    // The stream helper's own errors: the stream ended before the answer was complete.
    return new ModelError("unavailable", `the model's streamed answer broke off: ${error.message}`, { cause: error });
  }
  return error;
}

export function timeoutError(endpoint: Endpoint, cause: unknown): ModelError {
  const limit = endpoint.timeoutMs < 10_000 ? `${endpoint.timeoutMs} ms` : `${Math.round(endpoint.timeoutMs / 1000)} s`;
  return new ModelError("timeout", `the model did not answer within ${limit} (MODEL_TIMEOUT_MS)`, { cause });
}
