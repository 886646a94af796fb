export { checkRunPayload, type CheckRunAction, type CheckRunEventPayload, type CheckRunPayloadOptions } from "./webhooks/check-run-payload.js";
export {
  checkSuitePayload, type CheckSuiteAction, type CheckSuiteEventPayload, type CheckSuitePayloadOptions,
} from "./webhooks/check-suite-payload.js";
export {
  deliverForgedWebhook, deliverWebhook, sign, type DeliverForgedWebhookOptions, type DeliverWebhookOptions, type DeliveryResult,
} from "./webhooks/deliver.js";
export { examplePayload } from "./webhooks/examples.js";
export {
  pullRequestPayload, type PullRequestAction, type PullRequestEventPayload, type PullRequestPayloadOptions,
} from "./webhooks/pull-request-payload.js";
export {
  issueCommentPayload, reviewCommentPayload, reviewThreadPayload,
  type IssueCommentEventPayload, type IssueCommentPayloadOptions, type PayloadUser, type ReviewCommentEventPayload, type ReviewCommentPayloadOptions,
  type ReviewThreadEventPayload,
} from "./webhooks/comment-payloads.js";
