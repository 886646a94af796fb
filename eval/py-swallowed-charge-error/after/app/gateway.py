from dataclasses import dataclass


class GatewayError(Exception):
    """The gateway refused the charge (declined card, fraud check, bad request)."""


class TransientGatewayError(GatewayError):
    """The gateway could not answer (timeout, 5xx); the same charge may be tried again."""


@dataclass(frozen=True)
class Receipt:
    id: str
    amount_cents: int


class Gateway:
    def charge(self, customer_id: str, amount_cents: int) -> Receipt:
        raise NotImplementedError
