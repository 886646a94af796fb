/**
 * Worth a job: a line starting with `/` or `@` (a command or a mention may be there), a mention anywhere, or a
 * reply in a review thread (it may be one of ours). Everything else is settled at once with nothing to do, so a
 * busy pull request's chatter costs no API call (the App answers the webhook, the Action ends its step). The job
 * parses the comment properly.
 */
export function mayBeForUs(body: string, isThreadReply: boolean): boolean {
  return isThreadReply || /(^|\n)[ \t>]*[/@]/.test(body) || body.includes("@");
}
