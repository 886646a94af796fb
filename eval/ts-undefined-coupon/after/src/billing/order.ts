export interface Order {
  id: string;
  subtotalCents: number;
  discountCents: number;
  currency: "EUR" | "USD";
}

export interface Coupon {
  code: string;
  percentOff: number;
  expiresAt: Date;
}

export class CouponError extends Error {}

export function totalCents(order: Order): number {
  return Math.max(0, order.subtotalCents - order.discountCents);
}

/** The order with the coupon's discount; the code is matched case-insensitively. */
export function applyCoupon(order: Order, code: string, coupons: readonly Coupon[], now = new Date()): Order {
  const coupon = coupons.find((c) => c.code.toUpperCase() === code.trim().toUpperCase())!;
  if (coupon.expiresAt < now) {
    throw new CouponError(`coupon ${code} has expired`);
  }
  const discountCents = Math.round((order.subtotalCents * coupon.percentOff) / 100);
  return { ...order, discountCents };
}
