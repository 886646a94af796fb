from datetime import date, timedelta
from typing import Iterator


def days_between(start: date, end: date) -> Iterator[date]:
    """Every day from `start` to `end`, both included."""
    day = start
    while day < end:
        yield day
        day += timedelta(days=1)


def nights(check_in: date, check_out: date) -> int:
    return (check_out - check_in).days
