import { providerTimeout, providerUrl } from "../config.js";

export interface ChargeRequest {
  customerId: string;
  amountCents: number;
  idempotencyKey: string;
}

export async function charge(request: ChargeRequest): Promise<{ id: string }> {
  const response = await fetch(`${providerUrl()}/charges`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": request.idempotencyKey },
    body: JSON.stringify({ customer: request.customerId, amount: request.amountCents }),
    signal: AbortSignal.timeout(providerTimeout() * 1000),
  });
  if (!response.ok) throw new Error(`charge failed with HTTP ${response.status}`);
  return (await response.json()) as { id: string };
}
