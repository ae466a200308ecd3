from decimal import Decimal

import pytest

from statistika.models import Indicator, Value


@pytest.fixture
def put(db):
    """put(library, {"loans": 10, ...}, year=2024): store values (None = not known)."""
    indicators = {i.code: i for i in Indicator.objects.all()}

    def store(library, values: dict, year: int = 2024):
        for code, value in values.items():
            Value.objects.update_or_create(
                library=library, indicator=indicators[code], year=year,
                defaults={"value": None if value is None else Decimal(str(value))})

    return store
