import type { ApiClient, Page } from "../api/client.js";

export interface Invoice {
  id: string;
  amountCents: number;
  issuedAt: string;
}

/** Downloads every invoice of an account. */
export async function fetchAllInvoices(client: ApiClient, accountId: string): Promise<Invoice[]> {
  const invoices: Invoice[] = [];
  let cursor: string | undefined;
  do {
    const page: Page<Invoice> = await client.get(`/accounts/${accountId}/invoices`, { cursor });
    invoices.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return invoices;
}
