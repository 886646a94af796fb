from datetime import date

from app.calendar import nights


def test_nights():
    assert nights(date(2024, 3, 1), date(2024, 3, 4)) == 3
