"""LNB's codes of the indicators, by year: the code of year Y is the ``LnbCode`` with the
latest ``valid_from`` not after Y. An indicator with no ``LnbCode`` row at all falls back to
its ``lnb_code`` field (a catalogue edited before the codes were dated)."""

from dataclasses import dataclass

from statistika.models import Indicator, LnbCode, is_placeholder_lnb_code


class CodeBook:
    """Every indicator's code history, read in two queries; answers for any year."""

    def __init__(self):
        self.indicators = {i.pk: i for i in Indicator.objects.select_related("section")}
        self.history: dict[int, list[tuple[int, str]]] = {}
        for indicator_id, valid_from, code in (LnbCode.objects.order_by("valid_from")
                                               .values_list("indicator_id", "valid_from",
                                                            "code")):
            self.history.setdefault(indicator_id, []).append((valid_from, code))
        self._by_year: dict[int, dict[int, str]] = {}
        self._inverted: dict[int, dict[str, Indicator]] = {}

    def code(self, indicator_id: int, year: int) -> str:
        return self.codes(year).get(indicator_id, "")

    def codes(self, year: int) -> dict[int, str]:
        """{indicator id: its code in ``year``} for the indicators that have one."""
        if year not in self._by_year:
            found = {}
            for pk, indicator in self.indicators.items():
                history = self.history.get(pk)
                if history is None:
                    if indicator.lnb_code:
                        found[pk] = indicator.lnb_code
                    continue
                valid = [code for start, code in history if start <= year]
                if valid and valid[-1]:
                    found[pk] = valid[-1]
            self._by_year[year] = found
        return self._by_year[year]

    def indicator_for(self, code: str, year: int) -> Indicator | None:
        """The indicator that carries ``code`` in ``year`` (LNB's open data by its code)."""
        if year not in self._inverted:
            self._inverted[year] = {found: self.indicators[pk]
                                    for pk, found in self.codes(year).items()}
        return self._inverted[year].get(code)


def codes_in_year(year: int) -> dict[int, str]:
    return CodeBook().codes(year)


@dataclass
class CodeRow:
    indicator: Indicator
    code: str
    placeholder: bool


def code_table(year: int) -> dict:
    """The primary indicators valid in ``year`` with their code then, split into those with
    a real code, a placeholder ("B" + three digits) and none; and every dated code."""
    book = CodeBook()
    codes = book.codes(year)
    valid = sorted((i for i in book.indicators.values()
                    if not i.derived and i.is_valid_in(year)),
                   key=lambda i: (i.section.order, i.order, i.code))
    rows = [CodeRow(i, codes.get(i.pk, ""), is_placeholder_lnb_code(codes.get(i.pk, "")))
            for i in valid]
    history = [(book.indicators[pk], start, code) for pk, entries in book.history.items()
               for start, code in entries if pk in book.indicators]
    history.sort(key=lambda entry: (entry[0].code, -entry[1]))
    return {
        "year": year,
        "rows": rows,
        "missing": [r for r in rows if not r.code],
        "placeholders": [r for r in rows if r.placeholder],
        "history": history,
    }
