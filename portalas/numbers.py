"""Rounding, division and percentiles — each once, for the card, the dashboards and every
document, so a figure cannot come out differently in two places."""

from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation


def as_decimal(value) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def rounded(value, decimals: int = 0) -> Decimal | None:
    """Half-up to ``decimals`` places (1 234,45 → 1 234,5), as Lithuanian statistics print;
    None stays None ("not defined")."""
    value = as_decimal(value)
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def plain(value) -> Decimal | None:
    """A stored value without its storage zeros (1234.000000 → 1234, 12.750000 → 12.75)."""
    value = as_decimal(value)
    if value is None:
        return None
    normalized = value.normalize()
    return normalized.quantize(Decimal(1)) if normalized.as_tuple().exponent > 0 else normalized


def divide(numerator, denominator) -> Decimal | None:
    """numerator ÷ denominator; "not defined" (None) when either is unknown or the
    denominator is zero — never 0."""
    top, bottom = as_decimal(numerator), as_decimal(denominator)
    if top is None or bottom is None or bottom == 0:
        return None
    try:
        return top / bottom
    except (DivisionByZero, InvalidOperation):
        return None


def change_pct(now, before) -> Decimal | None:
    """The change against ``before`` in percent; None when there is nothing to compare."""
    if now is None or not before:
        return None
    return (as_decimal(now) - as_decimal(before)) / as_decimal(before) * 100


def change_points(now, before) -> Decimal | None:
    """The change of a percentage in percentage points (41,2 % after 39,7 % is +1,5 points,
    not +3,8 %); None when there is nothing to compare."""
    if now is None or before is None:
        return None
    return as_decimal(now) - as_decimal(before)


def change(now, before, unit: str) -> tuple[Decimal | None, bool]:
    """The change of a figure and whether it is in percentage points: points for a
    percentage (``unit == "%"``), a relative change in percent for everything else."""
    if unit == "%":
        return change_points(now, before), True
    return change_pct(now, before), False


def percentile(values, q) -> Decimal | None:
    """The q-quantile (0 ≤ q ≤ 1) of the values by linear interpolation between the closest
    ranks (numpy's default); None for no values."""
    ordered = sorted(as_decimal(v) for v in values if v is not None)
    if not ordered:
        return None
    q = as_decimal(q)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
