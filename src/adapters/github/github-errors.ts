/** Octokit's RequestError, recognised by shape: the adapter needs only the status and GitHub's message. */
export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("status" in error)) return undefined;
  return typeof error.status === "number" ? error.status : undefined;
}

/** GraphQL answers errors with HTTP 200 and an `errors` list, each with a `type` such as FORBIDDEN or NOT_FOUND. */
export function graphqlErrorTypes(error: unknown): string[] {
  if (typeof error !== "object" || error === null || !("errors" in error) || !Array.isArray(error.errors)) return [];
  return error.errors.flatMap((entry: unknown) =>
    typeof entry === "object" && entry !== null && "type" in entry && typeof entry.type === "string" ? [entry.type] : [],
  );
}
