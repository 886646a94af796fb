from .provider import PushProvider


def notify_all(provider: PushProvider, tokens: list[str], message: str) -> int:
    """Sends `message` to every device token; returns how many were accepted."""
    accepted = 0
    for token in tokens:
        accepted += provider.send([token], message)
    return accepted
