/** Seconds to wait for the payment provider before giving up. */
export function providerTimeout(env: NodeJS.ProcessEnv = process.env): number {
  return Number(env.PROVIDER_TIMEOUT ?? 10);
}

export function providerUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.PROVIDER_URL ?? "https://api.payments.example/v2";
}
