"""Registry use cases that touch several models."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from bibliotekos.models import (
    ALLOWED_PARENTS,
    OUTLET_KINDS,
    County,
    Education,
    Library,
    LibraryKind,
    Membership,
    Municipality,
    MunicipalityPopulation,
    Person,
)
from bibliotekos.selectors import LIBRARY_COLUMNS, MUNICIPALITY_COLUMNS, PERSON_COLUMNS
from paskyros import services as account_services
from paskyros.models import Invitation, Role, User
from paskyros.tabular import Table, TableError, as_date, as_int, as_text, read_table

logger = logging.getLogger("regionas.registry")


@transaction.atomic
def invite_librarian(
    *, email: str, full_name: str, library: Library, library_role: str, by: User
) -> Invitation:
    """Invite a territory librarian to a library. The account starts inactive; the e-mailed
    link sets the password. Inviting someone already invited adds the library."""
    if not by.can_manage_territory:
        raise PermissionDenied(_("Only department staff invite librarians."))
    invitation = account_services.invite_user(
        email=email, full_name=full_name, role=Role.LIBRARIAN, by=by
    )
    user = invitation.user
    Membership.objects.update_or_create(user=user, library=library, defaults={"role": library_role})
    # The account and the person record (trainings, consultations) are one identity.
    if not Person.objects.filter(user=user).exists():
        person = Person.objects.filter(email__iexact=user.email, user__isnull=True).first()
        if person is None:
            first, _sep, last = user.full_name.partition(" ")
            person = Person(first_name=first, last_name=last or first, email=user.email,
                            library=library)
        person.user = user
        person.save()
    return invitation


@transaction.atomic
def add_membership(*, user: User, library: Library, library_role: str, by: User) -> Membership:
    if not by.can_manage_territory:
        raise PermissionDenied
    if not user.is_librarian:
        raise ValidationError(_("Only territory librarians belong to libraries."))
    membership, _created = Membership.objects.update_or_create(
        user=user, library=library, defaults={"role": library_role}
    )
    logger.info("membership %s set by user %s", membership.pk, by.pk)
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, by: User) -> None:
    if not by.can_manage_territory:
        raise PermissionDenied
    logger.info("membership %s removed by user %s", membership.pk, by.pk)
    membership.delete()


# --- registry import -------------------------------------------------------------------------


REQUIRED = {
    "libraries": {"code", "name", "kind"},
    "municipalities": {"municipality_code", "name", "county"},
    "people": {"first_name", "last_name"},
}


@dataclass
class RowError:
    cell: str
    message: str
    row: int | None = None


@dataclass
class ImportResult:
    table: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def bad_rows(self) -> list[int]:
        return sorted({e.row for e in self.errors if e.row is not None})


def _error(result: ImportResult, table: Table, number: int, column: str, message: str) -> None:
    result.errors.append(RowError(table.cell(number, column), str(message), number))


class _Rollback(Exception):
    pass


def detect_table(header: list[str]) -> str | None:
    columns = set(header)
    if {"code", "kind"} <= columns:
        return "libraries"
    if {"municipality_code", "county"} <= columns:
        return "municipalities"
    if {"first_name", "last_name"} <= columns:
        return "people"
    return None


def import_registry(*, data: bytes, by=None, dry_run: bool = False) -> ImportResult:
    """Upsert libraries, municipalities or people from a CSV/XLSX file. Never deletes. A
    file with any bad row changes nothing and names every bad cell."""
    result = ImportResult(dry_run=dry_run)
    try:
        tables = read_table(data)
    except TableError as error:
        result.errors.append(RowError(_("file"), str(error)))
        return result
    table = tables[0]
    kind = detect_table(table.header)
    if kind is None:
        result.errors.append(
            RowError(
                _("header"),
                _(
                    "Unknown table. Library files need the columns %(lib)s; "
                    "municipality files %(mun)s; people files %(people)s."
                )
                % {
                    "lib": ", ".join(LIBRARY_COLUMNS[:11]),
                    "mun": ", ".join(MUNICIPALITY_COLUMNS),
                    "people": ", ".join(PERSON_COLUMNS[1:]),
                },
            )
        )
        return result
    result.table = kind
    missing = REQUIRED[kind] - set(table.header)
    if missing:
        result.errors.append(
            RowError(
                _("header"),
                _("Missing columns: %(columns)s") % {"columns": ", ".join(sorted(missing))},
            )
        )
        return result
    importer = {
        "libraries": _import_libraries,
        "municipalities": _import_municipalities,
        "people": _import_people,
    }[kind]
    try:
        with transaction.atomic():
            importer(table, result, by)
            if result.errors or dry_run:
                raise _Rollback
    except _Rollback:
        pass
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    logger.info(
        "registry import of %s: %s created, %s updated, %s errors (dry run %s)",
        kind,
        result.created,
        result.updated,
        len(result.errors),
        dry_run,
    )
    return result


def _cell(
    table: Table,
    result: ImportResult,
    number: int,
    row: dict,
    column: str,
    parse,
    *,
    required: bool = False,
    max_length: int | None = None,
):
    raw = row.get(column)
    try:
        value = parse(raw)
    except ValueError as error:
        _error(result, table, number, column, str(error))
        return None
    if required and value in (None, ""):
        _error(result, table, number, column, _("required"))
    if max_length and isinstance(value, str) and len(value) > max_length:
        _error(
            result, table, number, column, _("longer than %(max)s characters") % {"max": max_length}
        )
        return None
    if isinstance(value, str) and "\x00" in value:
        _error(result, table, number, column, _("contains a NUL character"))
        return None
    return value


def _email(table, result, number, row, column="email") -> str:
    value = _cell(table, result, number, row, column, as_text, max_length=254) or ""
    if value:
        try:
            EmailValidator()(value)
        except ValidationError:
            _error(result, table, number, column, _("not a valid e-mail address"))
    return value.lower()


def _save_changes(instance, values: dict, result: ImportResult, by) -> None:
    """Create, or update only when something changed (so a re-import leaves no trace)."""
    changed = instance._state.adding or any(getattr(instance, k) != v for k, v in values.items())
    if not changed:
        result.unchanged += 1
        return
    for key, value in values.items():
        setattr(instance, key, value)
    if by is not None:
        instance._history_user = by
    created = instance._state.adding
    instance.save()
    if created:
        result.created += 1
    else:
        result.updated += 1


def _import_libraries(table: Table, result: ImportResult, by) -> None:
    parsed = []
    codes_in_file: dict[str, int] = {}
    for number, row in table.rows:
        code = _cell(table, result, number, row, "code", as_text, required=True, max_length=32)
        values = {
            "name": _cell(
                table, result, number, row, "name", as_text, required=True, max_length=255
            ),
            "kind": _cell(table, result, number, row, "kind", as_text, required=True),
            "school_name": _cell(table, result, number, row, "school_name", as_text, max_length=255)
            or "",
            "address": _cell(table, result, number, row, "address", as_text, max_length=255) or "",
            "email": _email(table, result, number, row),
            "phone": _cell(table, result, number, row, "phone", as_text, max_length=40) or "",
            "opened": _cell(table, result, number, row, "opened", as_date),
            "closed": _cell(table, result, number, row, "closed", as_date),
            "company_code": _cell(
                table, result, number, row, "company_code", as_text, max_length=20
            )
            or "",
            "director": _cell(table, result, number, row, "director", as_text, max_length=150)
            or "",
            "website": _cell(table, result, number, row, "website", as_text, max_length=200) or "",
        }
        parent_code = _cell(table, result, number, row, "parent_code", as_text) or ""
        municipality_code = _cell(table, result, number, row, "municipality_code", as_text) or ""
        if values["kind"] and values["kind"] not in LibraryKind.values:
            _error(
                result,
                table,
                number,
                "kind",
                _("unknown kind “%(value)s”; use one of %(kinds)s")
                % {"value": values["kind"][:40], "kinds": ", ".join(LibraryKind.values)},
            )
        if values["website"]:
            try:
                URLValidator(schemes=["http", "https"])(values["website"])
            except ValidationError:
                _error(result, table, number, "website", _("not an http(s) address"))
        if values["opened"] and values["closed"] and values["closed"] < values["opened"]:
            _error(result, table, number, "closed", _("closed before it opened"))
        if values["kind"] == LibraryKind.SCHOOL and not values["school_name"]:
            _error(
                result, table, number, "school_name", _("a school library needs the school's name")
            )
        if code:
            if code in codes_in_file:
                _error(
                    result,
                    table,
                    number,
                    "code",
                    _("code %(code)s repeats row %(row)s")
                    % {"code": code, "row": codes_in_file[code]},
                )
            codes_in_file[code] = number
        parsed.append((number, code, parent_code, municipality_code, values))

    municipalities = {m.code: m for m in Municipality.objects.all()}
    existing = {lib.code: lib for lib in Library.objects.all()}
    kinds = {code: lib.kind for code, lib in existing.items()}
    kinds.update({code: values["kind"] for _n, code, _p, _m, values in parsed if code})
    for number, code, parent_code, municipality_code, values in parsed:
        if municipality_code and municipality_code not in municipalities:
            _error(
                result,
                table,
                number,
                "municipality_code",
                _("no municipality with code %(code)s") % {"code": municipality_code[:40]},
            )
        kind = values["kind"]
        if parent_code:
            if parent_code == code:
                _error(result, table, number, "parent_code", _("a library cannot belong to itself"))
            elif parent_code not in kinds:
                _error(
                    result,
                    table,
                    number,
                    "parent_code",
                    _("no library with code %(code)s") % {"code": parent_code[:40]},
                )
            elif kind in ALLOWED_PARENTS and kinds[parent_code] not in ALLOWED_PARENTS[kind]:
                _error(
                    result,
                    table,
                    number,
                    "parent_code",
                    _("a %(kind)s cannot belong to a %(parent)s")
                    % {"kind": kind, "parent": kinds[parent_code]},
                )
        elif kind in OUTLET_KINDS:
            _error(
                result, table, number, "parent_code", _("an outlet needs the code of its system")
            )
    if result.errors:
        return

    # Parents first: rows whose parent is already saved go in each pass.
    pending = list(parsed)
    saved = dict(existing)
    while pending:
        progress = [
            item
            for item in pending
            if not item[2] or item[2] in saved and item[2] not in {p[1] for p in pending}
        ]
        if not progress:
            number = pending[0][0]
            _error(result, table, number, "parent_code", _("the parent codes form a loop"))
            return
        for _number, code, parent_code, municipality_code, values in progress:
            instance = saved.get(code) or Library(code=code)
            values["parent"] = saved[parent_code] if parent_code else None
            values["municipality"] = municipalities.get(municipality_code)
            _save_changes(instance, values, result, by)
            saved[code] = instance
        done = {item[1] for item in progress}
        pending = [item for item in pending if item[1] not in done]


def _import_municipalities(table: Table, result: ImportResult, by) -> None:
    counties = {c.name.lower(): c for c in County.objects.all()}
    counties.update({c.code.lower(): c for c in counties.values()})
    seen_years: dict[tuple[str, int], int] = {}
    parsed = []
    for number, row in table.rows:
        code = _cell(
            table, result, number, row, "municipality_code", as_text, required=True, max_length=20
        )
        name = _cell(table, result, number, row, "name", as_text, required=True, max_length=100)
        county = _cell(table, result, number, row, "county", as_text, required=True, max_length=100)
        year = _cell(table, result, number, row, "year", as_int)
        population = _cell(table, result, number, row, "population", as_int)
        if year is not None and not 1990 <= year <= 2100:
            _error(result, table, number, "year", _("year outside 1990–2100"))
        if population is not None and not 0 <= population <= 5_000_000:
            _error(result, table, number, "population", _("population must be 0–5 000 000"))
        if (year is None) != (population is None):
            _error(
                result,
                table,
                number,
                "population",
                _("give both the year and the population, or neither"),
            )
        if code and year is not None:
            if (code, year) in seen_years:
                _error(
                    result,
                    table,
                    number,
                    "year",
                    _("year repeats row %(row)s") % {"row": seen_years[(code, year)]},
                )
            seen_years[(code, year)] = number
        parsed.append((code, name, county, year, population))
    if result.errors:
        return
    for code, name, county_name, year, population in parsed:
        county = counties.get(county_name.lower())
        if county is None:
            county = County.objects.create(code=county_name[:20], name=county_name)
            counties[county_name.lower()] = county
        municipality = Municipality.objects.filter(code=code).first() or Municipality(code=code)
        _save_changes(municipality, {"name": name, "county": county}, result, by)
        if year is not None:
            entry = MunicipalityPopulation.objects.filter(
                municipality=municipality, year=year
            ).first() or MunicipalityPopulation(municipality=municipality, year=year)
            before = (result.created, result.updated, result.unchanged)
            _save_changes(entry, {"population": population}, result, by)
            result.created, result.updated, result.unchanged = before  # count rows, not parts


def _import_people(table: Table, result: ImportResult, by) -> None:
    libraries = dict(Library.objects.values_list("code", "pk"))
    parsed = []
    for number, row in table.rows:
        person_id = (
            _cell(table, result, number, row, "id", as_int) if "id" in table.header else None
        )
        values = {
            "first_name": _cell(
                table, result, number, row, "first_name", as_text, required=True, max_length=80
            ),
            "last_name": _cell(
                table, result, number, row, "last_name", as_text, required=True, max_length=80
            ),
            "position": _cell(table, result, number, row, "position", as_text, max_length=150)
            or "",
            "email": _email(table, result, number, row),
            "phone": _cell(table, result, number, row, "phone", as_text, max_length=40) or "",
            "education": _cell(table, result, number, row, "education", as_text) or "",
        }
        library_code = _cell(table, result, number, row, "library_code", as_text) or ""
        if library_code and library_code not in libraries:
            _error(
                result,
                table,
                number,
                "library_code",
                _("no library with code %(code)s") % {"code": library_code[:40]},
            )
        if values["education"] and values["education"] not in Education.values:
            _error(
                result,
                table,
                number,
                "education",
                _("unknown education “%(value)s”; use one of %(values)s")
                % {"value": values["education"][:40], "values": ", ".join(Education.values)},
            )
        values["library_id"] = libraries.get(library_code)
        parsed.append((number, person_id, values))
    known = {p.pk: p for p in Person.objects.filter(pk__in=[pid for _n, pid, _v in parsed if pid])}
    for number, person_id, _values in parsed:
        if person_id and person_id not in known:
            _error(result, table, number, "id", _("no person with id %(id)s") % {"id": person_id})
    if result.errors:
        return
    by_email = {p.email.lower(): p for p in Person.objects.exclude(email="")}
    for _number, person_id, values in parsed:
        person = (
            known.get(person_id)
            or (by_email.get(values["email"]) if values["email"] else None)
            or Person()
        )
        _save_changes(person, values, result, by)
        if values["email"]:
            by_email[values["email"]] = person
