/**
 * GitHub refused a review comment's anchor (HTTP 422: "line must be part of the diff", "path is invalid", …).
 * Placement exists to make this impossible, so it means a bug in placement, and the one error the publishing
 * step recovers from (by posting comments one at a time).
 */
export class AnchorRejectedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "AnchorRejectedError";
  }
}
