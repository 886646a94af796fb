import logging

from .gateway import Gateway, Receipt

logger = logging.getLogger(__name__)


def pay_order(gateway: Gateway, order) -> Receipt:
    receipt = gateway.charge(order.customer_id, order.total_cents)
    order.mark_paid(receipt.id)
    logger.info("order %s paid with %s", order.id, receipt.id)
    return receipt
