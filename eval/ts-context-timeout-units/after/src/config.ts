/** How long to wait for the payment provider before giving up, in milliseconds. */
export function providerTimeout(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.PROVIDER_TIMEOUT_MS ?? 10_000);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`PROVIDER_TIMEOUT_MS must be a positive number, not ${env.PROVIDER_TIMEOUT_MS}`);
  }
  return value;
}

export function providerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROVIDER_URL ?? "https://api.payments.example/v2";
}
