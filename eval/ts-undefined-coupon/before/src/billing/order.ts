export interface Order {
  id: string;
  subtotalCents: number;
  discountCents: number;
  currency: "EUR" | "USD";
}

export function totalCents(order: Order): number {
  return Math.max(0, order.subtotalCents - order.discountCents);
}
