from typing import Sequence, TypeVar

T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """Splits `items` into consecutive slices of at most `size` elements."""
    if size < 1:
        raise ValueError("size must be at least 1")
    return [items[start : start + size] for start in range(0, len(items) - size, size)]
