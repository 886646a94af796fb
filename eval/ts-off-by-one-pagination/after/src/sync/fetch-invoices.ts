import type { ApiClient } from "../api/client.js";

export interface Invoice {
  id: string;
  amountCents: number;
  issuedAt: string;
}

/** Downloads every invoice of an account. */
export async function fetchAllInvoices(client: ApiClient, accountId: string): Promise<Invoice[]> {
  const path = `/accounts/${accountId}/invoices`;
  const first = await client.getPage<Invoice>(path, 1);
  const invoices: Invoice[] = [...first.items];
  for (let page = 2; page < first.totalPages; page++) {
    const next = await client.getPage<Invoice>(path, page);
    invoices.push(...next.items);
  }
  return invoices;
}
