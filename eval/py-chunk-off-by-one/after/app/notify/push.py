from .batching import chunked
from .provider import PushProvider

MAX_TOKENS_PER_REQUEST = 500


def notify_all(provider: PushProvider, tokens: list[str], message: str) -> int:
    """Sends `message` to every device token; returns how many were accepted."""
    accepted = 0
    for batch in chunked(tokens, MAX_TOKENS_PER_REQUEST):
        accepted += provider.send(list(batch), message)
    return accepted
