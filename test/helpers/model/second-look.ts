import { VERIFY_SYSTEM_PROMPT } from "../../../src/core/verify/verification-prompt.js";
import type { ChatRequest } from "../fake-model.js";

/** A request of the second look before posting (its system prompt is the verifier's), not of the review itself. */
export function isSecondLook(request: ChatRequest): boolean {
  const system = request.messages.find((message) => message.role === "system")?.["content"];
  return typeof system === "string" && system.startsWith(VERIFY_SYSTEM_PROMPT);
}

/** The review's own requests, without those of the second look. */
export function reviewRequests(requests: readonly ChatRequest[]): ChatRequest[] {
  return requests.filter((request) => !isSecondLook(request));
}
