/** An environment variable set to nothing (`FOO=` in a .env file or a workflow's `env:`) counts as not set. */
export function emptyToUndefined(value: unknown): unknown {
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}
