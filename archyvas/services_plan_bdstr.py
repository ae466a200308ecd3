"""Writes of the BDSTR items (the retention index as data): an item added or changed by
staff, and a table of items imported — checked row by row, written only when every row is
right, in one transaction (created and updated by act and number; the rest unchanged).

The index (BDSTR, order V-100 of 2011) and the records rules (V-118) are being replaced by
new acts: the act and its edition are a field of each item, so the new act's items sit
beside the old ones, and an old item is marked not in force rather than deleted (the files
that followed it keep it)."""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from archyvas.models import BdstrItem
from archyvas.services_plan import (
    INDEX,
    MAX_RETENTION_YEARS,
    Refused,
    require_manager,
    retention_errors,
)

__all__ = ["BDSTR_COLUMNS", "BdstrImport", "check_bdstr_item", "import_bdstr",
           "parse_in_force", "parse_retention", "save_bdstr_item"]

#: A BDSTR item's number: numbers joined by dots (``1.1``, ``12.4.1``).
CODE = INDEX


def check_bdstr_item(item: BdstrItem, *, once_per_act: bool = True) -> None:
    """The act named, the item's number (numbers and dots), the documents it covers, the
    retention (permanently or 1–100 years), once per act (an import matches by act and
    number instead: ``once_per_act=False``)."""
    item.act, item.title = (item.act or "").strip(), (item.title or "").strip()
    item.code = (item.code or "").strip().rstrip(".")
    errors = {}
    if not item.act:
        errors["act"] = _("Name the act (and its edition) the item belongs to.")
    if not CODE.fullmatch(item.code):
        errors["code"] = _("An item's number is numbers joined by dots, e.g. 1.5.")
    elif once_per_act and item.act and BdstrItem.objects.filter(act=item.act, code=item.code) \
            .exclude(pk=item.pk).exists():
        errors["code"] = _("This act already has an item %(code)s.") % {"code": item.code}
    if not item.title:
        errors["title"] = _("Describe the documents the item covers.")
    errors.update(retention_errors(item.permanent, item.retention_years))
    if errors:
        raise Refused(errors, code="item")


@transaction.atomic
def save_bdstr_item(*, item: BdstrItem, by) -> BdstrItem:
    """Add or change a BDSTR item (staff). An item no longer in force stays for the files
    that follow it; new files choose among the items in force."""
    require_manager(by)
    check_bdstr_item(item)
    item._history_user = by
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise Refused({"code": _("This act already has an item %(code)s.")
                       % {"code": item.code}}, code="item") from None
    return item


# --- BDSTR import ----------------------------------------------------------------------------

#: The columns of the BDSTR table (as the export writes them) and the names also accepted.
BDSTR_COLUMNS = {
    "act": ("teisės aktas", "act"),
    "code": ("punktas", "code"),
    "title": ("dokumentai", "title"),
    "retention": ("saugojimo terminas", "retention"),
    "note": ("pastaba", "note"),
    "in_force": ("galioja", "in_force"),
}
REQUIRED_COLUMNS = ("act", "code", "title", "retention")
PERMANENT_WORDS = {"nuolat", "permanently", "permanent"}
YES, NO = {"taip", "yes", "true", "1", "t"}, {"ne", "no", "false", "0", "n"}
YEARS = re.compile(r"(\d{1,3})\s*(m\.?|metai|metų|y\.?|years?)?")
MAX_ERRORS = 200


class BdstrImport:
    """The rows of a file: each row's outcome (``created``, ``updated``, ``unchanged``),
    or the errors that stopped the whole file (then nothing was written)."""

    def __init__(self):
        self.rows: list[dict] = []
        self.errors: list[dict] = []

    def count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row["outcome"] == outcome)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def parse_retention(value) -> tuple[bool, int | None]:
    """``nuolat`` → kept permanently; ``10``, ``10 m.`` → 10 years (1–100)."""
    from portalas.tables import as_text

    text = as_text(value).casefold()
    if text in PERMANENT_WORDS:
        return True, None
    match = YEARS.fullmatch(text)
    if match and 1 <= int(match.group(1)) <= MAX_RETENTION_YEARS:
        return False, int(match.group(1))
    raise ValueError(_("expected “nuolat” or a number of years (1–%(max)s), got “%(value)s”")
                     % {"max": MAX_RETENTION_YEARS, "value": text[:40]})


def parse_in_force(value) -> bool:
    from portalas.tables import as_text

    text = as_text(value).casefold()
    if not text or text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(_("expected “taip” or “ne”, got “%(value)s”") % {"value": text[:40]})


def _columns(header: list[str]) -> dict[str, str]:
    """Our column name → the file's header name, for the columns the file has."""
    found = {}
    for name, accepted in BDSTR_COLUMNS.items():
        for label in accepted:
            if label in header:
                found[name] = label
                break
    return found


def _parse_row(table, number: int, row: dict, columns: dict, fail) -> dict | None:
    from portalas.tables import as_text

    values = {}
    for name, column in columns.items():
        try:
            if name == "retention":
                values["permanent"], values["retention_years"] = parse_retention(row.get(column))
            elif name == "in_force":
                values["in_force"] = parse_in_force(row.get(column))
            else:
                values[name] = as_text(row.get(column))
        except ValueError as error:
            fail(table.cell(number, column), error, number)
            return None
    probe = BdstrItem(act=values.get("act", ""), code=values.get("code", ""),
                      title=values.get("title", ""), permanent=values.get("permanent", False),
                      retention_years=values.get("retention_years"))
    limits = (("act", 200), ("code", 20), ("title", 500), ("note", 500))
    for name, limit in limits:
        if len(values.get(name, "")) > limit:
            fail(table.cell(number, columns[name]),
                 _("longer than %(max)s characters") % {"max": limit}, number)
            return None
    try:
        check_bdstr_item(probe, once_per_act=False)
    except Refused as refusal:
        for field, errors in refusal.error_dict.items():
            column = columns.get("retention" if field == "retention_years" else field)
            for error in errors:
                fail(table.cell(number, column) if column else str(number),
                     " ".join(error.messages), number)
        return None
    values.update(act=probe.act, code=probe.code, title=probe.title)
    values.setdefault("in_force", True)
    values.setdefault("note", "")
    return values


def import_bdstr(*, data: bytes, by) -> BdstrImport:
    """Read a CSV or XLSX of BDSTR items (the export's columns), check every row, and —
    only when every row is right — create or update the items by act and number in one
    transaction. A bad file or a bad row writes nothing and says where."""
    from portalas.tables import TableError, read_table

    require_manager(by)
    result = BdstrImport()

    def fail(where, message, row=None):
        if len(result.errors) < MAX_ERRORS:
            result.errors.append({"where": str(where), "message": str(message), "row": row})

    try:
        table = read_table(data)[0]
    except TableError as error:
        fail(_("file"), error)
        return result
    columns = _columns(table.header)
    missing = [BDSTR_COLUMNS[name][0] for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        fail(_("header"), _("The table needs the columns %(columns)s; missing: %(missing)s.")
             % {"columns": ", ".join(f"“{c[0]}”" for c in BDSTR_COLUMNS.values()),
                "missing": ", ".join(f"“{m}”" for m in missing)})
        return result
    parsed, seen = [], {}
    for number, row in table.rows:
        values = _parse_row(table, number, row, columns, fail)
        if values is None:
            continue
        key = (values["act"], values["code"])
        if key in seen:
            fail(table.cell(number, columns["code"]),
                 _("the same act and item are in row %(row)s too") % {"row": seen[key]}, number)
            continue
        seen[key] = number
        parsed.append((number, values))
    if not table.rows:
        fail(_("file"), _("The table has no rows."))
    if result.errors:
        return result
    _store_items(parsed, result, by=by)
    return result


@transaction.atomic
def _store_items(parsed: list, result: BdstrImport, *, by) -> None:
    stored = {(item.act, item.code): item for item in BdstrItem.objects.filter(
        act__in={values["act"] for _number, values in parsed})}
    fields = ("title", "permanent", "retention_years", "note", "in_force")
    for number, values in parsed:
        item = stored.get((values["act"], values["code"]))
        if item is None:
            item, outcome = BdstrItem(act=values["act"], code=values["code"]), "created"
        elif all(getattr(item, name) == values[name] for name in fields
                 if name in values):
            result.rows.append({"row": number, "item": item, "outcome": "unchanged"})
            continue
        else:
            outcome = "updated"
        for name in fields:
            if name in values:
                setattr(item, name, values[name])
        item._history_user = by
        item.save()
        result.rows.append({"row": number, "item": item, "outcome": outcome})
