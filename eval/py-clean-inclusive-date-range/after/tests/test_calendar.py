from datetime import date

from app.calendar import days_between, nights


def test_nights():
    assert nights(date(2024, 3, 1), date(2024, 3, 4)) == 3


def test_days_between_includes_both_ends():
    days = list(days_between(date(2024, 2, 28), date(2024, 3, 1)))
    assert days == [date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]


def test_days_between_single_day():
    assert list(days_between(date(2024, 3, 1), date(2024, 3, 1))) == [date(2024, 3, 1)]


def test_days_between_empty_when_end_is_before_start():
    assert list(days_between(date(2024, 3, 2), date(2024, 3, 1))) == []
