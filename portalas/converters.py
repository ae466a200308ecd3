"""URL converters shared by every app.

``<year:year>`` matches a reporting year the portal knows (1990–2100); anything else — a
year 0, a 20-digit number — is a 404 before a view runs, so no view has to remember it.
"""

YEAR_MIN = 1990
YEAR_MAX = 2100


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not YEAR_MIN <= year <= YEAR_MAX:
            raise ValueError(f"year {year} is outside {YEAR_MIN}–{YEAR_MAX}")
        return year

    def to_url(self, value) -> str:
        return f"{int(value):04d}"
