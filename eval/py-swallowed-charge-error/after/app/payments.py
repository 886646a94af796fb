import logging
import time

from .gateway import Gateway, GatewayError, Receipt, TransientGatewayError

logger = logging.getLogger(__name__)


def charge_with_retry(gateway: Gateway, customer_id: str, amount_cents: int, attempts: int = 3) -> Receipt:
    for attempt in range(attempts):
        try:
            return gateway.charge(customer_id, amount_cents)
        except TransientGatewayError:
            logger.warning("gateway unavailable, attempt %d of %d", attempt + 1, attempts)
            time.sleep(2**attempt)
        except Exception:
            logger.debug("charge failed for %s", customer_id)
            return None
    raise GatewayError(f"gateway unavailable after {attempts} attempts")


def pay_order(gateway: Gateway, order) -> Receipt:
    receipt = charge_with_retry(gateway, order.customer_id, order.total_cents)
    order.mark_paid(receipt.id)
    logger.info("order %s paid with %s", order.id, receipt.id)
    return receipt
