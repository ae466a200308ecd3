"""Registry use cases that touch several models."""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
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
    Position,
)
from bibliotekos.selectors import LIBRARY_COLUMNS, MUNICIPALITY_COLUMNS, PERSON_COLUMNS
from paskyros import services as account_services
from paskyros.models import Invitation, Role, User
from portalas.memo import forget
from portalas.tables import Table, TableError, as_date, as_int, as_text, read_table

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
    forget("bibliotekos:library-tree")  # the tree may have changed within this request
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


def _apply(instance, values: dict, by) -> str:
    """Create, or update only when something changed (so a re-import leaves no trace):
    ``created``, ``updated`` or ``unchanged``."""
    adding = instance._state.adding
    if not adding and all(getattr(instance, k) == v for k, v in values.items()):
        return "unchanged"
    for key, value in values.items():
        setattr(instance, key, value)
    if by is not None:
        instance._history_user = by
    instance.save()
    return "created" if adding else "updated"


def _count(result: ImportResult, outcome: str) -> None:
    setattr(result, outcome, getattr(result, outcome) + 1)


def _save_changes(instance, values: dict, result: ImportResult, by, header=None) -> None:
    """Create, or update what changed. For a row that updates an existing record, only the
    columns the file has are applied: a file without ``director`` leaves directors as they
    are (an absent column is not an empty one)."""
    if header is not None and not instance._state.adding:
        values = {key: value for key, value in values.items()
                  if _COLUMN_OF.get(key, key) in header}
    _count(result, _apply(instance, values, by))


_COLUMN_OF = {"parent": "parent_code", "municipality": "municipality_code",
              "library_id": "library_code", "post_id": "post"}


def _code_key(code: str) -> str:
    """Codes are the same whatever their case: ``tst-6`` is ``TST-6``."""
    return code.upper()


def _by_code(objects) -> dict:
    """Objects by code key. Should two codes differ only in case (municipality codes are
    unique only as spelled), the one spelled in capitals wins."""
    found = {}
    for obj in sorted(objects, key=lambda o: o.code != _code_key(o.code)):
        found.setdefault(_code_key(obj.code), obj)
    return found


def _code_list(codes: list[str], limit: int = 10) -> str:
    codes = sorted(codes)
    shown = ", ".join(codes[:limit])
    if len(codes) > limit:
        shown += " " + _("and %(count)s more") % {"count": len(codes) - limit}
    return shown


@dataclass
class _LibraryRow:
    number: int
    code: str
    parent_code: str
    municipality_code: str
    values: dict

    @property
    def key(self) -> str:
        return _code_key(self.code)

    @property
    def parent_key(self) -> str:
        return _code_key(self.parent_code)


def _import_libraries(table: Table, result: ImportResult, by) -> None:
    parsed: list[_LibraryRow] = []
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
            key = _code_key(code)
            if key in codes_in_file:
                _error(
                    result,
                    table,
                    number,
                    "code",
                    _("code %(code)s repeats row %(row)s")
                    % {"code": code, "row": codes_in_file[key]},
                )
            else:
                codes_in_file[key] = number
        parsed.append(_LibraryRow(number, code or "", parent_code, municipality_code, values))

    municipalities = _by_code(Municipality.objects.all())
    existing = _by_code(Library.objects.all())
    kinds = {key: lib.kind for key, lib in existing.items()}
    kinds.update({item.key: item.values["kind"] for item in parsed if item.code})
    for item in parsed:
        number, values = item.number, item.values
        if item.municipality_code and _code_key(item.municipality_code) not in municipalities:
            _error(
                result,
                table,
                number,
                "municipality_code",
                _("no municipality with code %(code)s") % {"code": item.municipality_code[:40]},
            )
        kind = values["kind"]
        if item.parent_code:
            if item.parent_key == item.key:
                _error(result, table, number, "parent_code", _("a library cannot belong to itself"))
            elif item.parent_key not in kinds:
                _error(
                    result,
                    table,
                    number,
                    "parent_code",
                    _("no library with code %(code)s") % {"code": item.parent_code[:40]},
                )
            elif kind in ALLOWED_PARENTS and kinds[item.parent_key] not in ALLOWED_PARENTS[kind]:
                _error(
                    result,
                    table,
                    number,
                    "parent_code",
                    _("a %(kind)s cannot belong to a %(parent)s")
                    % {"kind": kind, "parent": kinds[item.parent_key]},
                )
        elif "parent_code" not in table.header and item.key in existing:
            parent = existing[item.key].parent  # the file leaves the parent as it is
            if parent is None and kind in OUTLET_KINDS:
                _error(result, table, number, "parent_code",
                       _("an outlet needs the code of its system"))
            elif parent is not None and kind in ALLOWED_PARENTS and \
                    parent.kind not in ALLOWED_PARENTS[kind]:
                _error(result, table, number, "kind",
                       _("a %(kind)s cannot belong to a %(parent)s")
                       % {"kind": kind, "parent": parent.kind})
        elif kind in OUTLET_KINDS:
            _error(
                result, table, number, "parent_code", _("an outlet needs the code of its system")
            )
    _check_kind_changes(table, result, parsed, existing, kinds)
    if result.errors:
        return

    # Parents first: rows whose parent is already saved go in each pass.
    pending = list(parsed)
    saved = dict(existing)
    while pending:
        pending_keys = {item.key for item in pending}
        progress = [
            item
            for item in pending
            if not item.parent_code
            or item.parent_key in saved and item.parent_key not in pending_keys
        ]
        if not progress:
            _error(result, table, pending[0].number, "parent_code",
                   _("the parent codes form a loop"))
            return
        for item in progress:
            instance = saved.get(item.key) or Library(code=item.code)  # keeps its spelling
            item.values["parent"] = saved[item.parent_key] if item.parent_code else None
            item.values["municipality"] = municipalities.get(_code_key(item.municipality_code))
            _save_changes(instance, item.values, result, by, header=table.header)
            saved[item.key] = instance
        done = {item.key for item in progress}
        pending = [item for item in pending if item.key not in done]


def _check_kind_changes(table: Table, result: ImportResult, parsed: list[_LibraryRow],
                        existing: dict, kinds: dict) -> None:
    """A library may change its kind only if every outlet that stays under it (one the file
    does not move elsewhere) may belong to the new kind."""
    in_file = {item.key: item for item in parsed if item.code}
    key_of = {library.pk: key for key, library in existing.items()}
    children: dict[int, list[Library]] = {}
    for library in existing.values():
        if library.parent_id is not None:
            children.setdefault(library.parent_id, []).append(library)
    for item in parsed:
        current = existing.get(item.key) if item.code else None
        kind = item.values["kind"]
        if current is None or kind == current.kind or kind not in LibraryKind.values:
            continue
        blocking = []
        for child in children.get(current.pk, []):
            child_key = key_of[child.pk]
            moved = in_file.get(child_key)
            if moved is not None and moved.parent_key != item.key:
                continue
            if kind not in ALLOWED_PARENTS.get(kinds[child_key], set()):
                blocking.append(child.code)
        if blocking:
            _error(
                result,
                table,
                item.number,
                "kind",
                _("cannot become a %(kind)s: %(outlets)s belong to it and may not belong to a "
                  "%(kind)s; move them to another library (in this file or first)")
                % {"kind": kind, "outlets": _code_list(blocking)},
            )


def _county_code(name: str, taken: set[str]) -> str:
    """A new county's code: the name in ASCII capitals, cut to fit, numbered when taken."""
    max_length = County._meta.get_field("code").max_length
    base = slugify(name).upper()[:max_length].strip("-") or "COUNTY"
    code, number = base, 1
    while code.upper() in taken:
        number += 1
        suffix = f"-{number}"
        code = base[: max_length - len(suffix)].rstrip("-") + suffix
    taken.add(code.upper())
    return code


def _import_municipalities(table: Table, result: ImportResult, by) -> None:
    counties = {c.name.lower(): c for c in County.objects.all()}
    counties.update({c.code.lower(): c for c in counties.values()})
    county_codes = {c.code.upper() for c in counties.values()}
    seen_years: dict[tuple[str, int | None], int] = {}
    first_rows: dict[str, tuple[int, str, str]] = {}  # code key: (row, name, county)
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
        if code:
            key = _code_key(code)
            if (key, year) in seen_years:
                earlier = seen_years[(key, year)]
                if year is None:
                    _error(
                        result,
                        table,
                        number,
                        "municipality_code",
                        _("code %(code)s repeats row %(row)s") % {"code": code, "row": earlier},
                    )
                else:
                    _error(
                        result,
                        table,
                        number,
                        "year",
                        _("year repeats row %(row)s") % {"row": earlier},
                    )
            else:
                seen_years[(key, year)] = number
            if key not in first_rows:
                first_rows[key] = (number, name or "", county or "")
            else:
                earlier, earlier_name, earlier_county = first_rows[key]
                if name and earlier_name and name != earlier_name:
                    _error(
                        result,
                        table,
                        number,
                        "name",
                        _("municipality %(code)s is named “%(name)s” in row %(row)s")
                        % {"code": code, "name": earlier_name[:100], "row": earlier},
                    )
                if county and earlier_county and county.lower() != earlier_county.lower():
                    _error(
                        result,
                        table,
                        number,
                        "county",
                        _("municipality %(code)s is in county “%(county)s” in row %(row)s")
                        % {"code": code, "county": earlier_county[:100], "row": earlier},
                    )
        parsed.append((code, name, county, year, population))
    if result.errors:
        return
    municipalities = _by_code(Municipality.objects.all())
    for code, name, county_name, year, population in parsed:
        county = counties.get(county_name.lower())
        if county is None:
            county = County.objects.create(code=_county_code(county_name, county_codes),
                                           name=county_name)
            counties[county_name.lower()] = county
        key = _code_key(code)
        municipality = municipalities.get(key) or Municipality(code=code)  # keeps its spelling
        outcome = _apply(municipality, {"name": name, "county": county}, by)
        municipalities[key] = municipality
        if year is not None:
            entry = MunicipalityPopulation.objects.filter(
                municipality=municipality, year=year
            ).first() or MunicipalityPopulation(municipality=municipality, year=year)
            if _apply(entry, {"population": population}, by) != "unchanged" and \
                    outcome == "unchanged":
                outcome = "updated"  # one count per row: the population changed
        _count(result, outcome)


def _post_ids() -> tuple[dict, dict]:
    """The posts' ids by name as spelled, and by name whatever its letter case (a name as
    spelled wins)."""
    exact, folded = {}, {}
    for pk, name in Position.objects.order_by("pk").values_list("pk", "name"):
        exact[name] = pk
        folded.setdefault(name.casefold(), pk)
    return exact, folded


def _import_people(table: Table, result: ImportResult, by) -> None:
    libraries = {key: library.pk for key, library in _by_code(Library.objects.all()).items()}
    posts, posts_folded = _post_ids()
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
            "works_since": _cell(table, result, number, row, "works_since", as_date),
        }
        if values["works_since"] and values["works_since"] > timezone.localdate():
            _error(result, table, number, "works_since",
                   _("the first day of library work cannot be in the future"))
        library_code = _cell(table, result, number, row, "library_code", as_text) or ""
        if library_code and _code_key(library_code) not in libraries:
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
        values["library_id"] = libraries.get(_code_key(library_code)) if library_code else None
        post = _cell(table, result, number, row, "post", as_text, max_length=100) or ""
        post_id = posts.get(post) or posts_folded.get(post.casefold()) if post else None
        if post and post_id is None:
            _error(
                result,
                table,
                number,
                "post",
                _("no post named “%(name)s” (see the list of posts)") % {"name": post[:40]},
            )
        values["post_id"] = post_id
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
        _save_changes(person, values, result, by, header=table.header)
        if values["email"]:
            by_email[values["email"]] = person


# --- personal data (GDPR Art. 15/20 export, Art. 17 erasure) ---------------------------------

def export_personal_data(*, person: Person, by: User) -> dict:
    """Everything every app holds about the person, from the providers they registered."""
    from portalas.registry import personal_data_providers

    if not by.can_manage_territory:
        raise PermissionDenied
    logger.info("personal data of person %s exported by user %s", person.pk, by.pk)
    return {provider.name: {"label": str(provider.label), "rows": provider.export(person)}
            for provider in personal_data_providers.all()}


@transaction.atomic
def erase_personal_data(*, person: Person, by: User) -> dict:
    """Anonymise the person everywhere (aggregates and counts stay); the count of rows each
    provider changed."""
    from portalas.registry import personal_data_providers

    if not by.can_manage_territory:
        raise PermissionDenied
    needles = identifying_texts(person)
    providers = sorted(personal_data_providers.all(), key=lambda provider: provider.order)
    changed = {provider.name: provider.erase(person) for provider in providers}
    changed["admin_log"] = _scrub_admin_log(needles, person.pk)
    logger.info("personal data of person %s erased by user %s: %s", person.pk, by.pk, changed)
    return changed


def identifying_texts(person: Person) -> list[str]:
    """What names the person as typed: the full name both ways round, the e-mail addresses
    and the phone (read before anything is erased)."""
    texts = {f"{person.first_name} {person.last_name}", f"{person.last_name} {person.first_name}",
             person.email, person.phone}
    account = getattr(person, "user", None)
    if account is not None:
        texts |= {account.email, account.full_name}
    return sorted(t for t in texts if t and len(t.strip()) >= 5)


def _scrub_admin_log(needles: list[str], pk: int) -> int:
    """The admin's change log names the objects it changed (``object_repr``): entries
    naming the person say so no more."""
    from django.contrib.admin.models import LogEntry
    from django.db.models import Q

    if not needles:
        return 0
    names = Q()
    for text in needles:
        names |= Q(object_repr__icontains=text) | Q(change_message__icontains=text)
    return LogEntry.objects.filter(names).update(object_repr=f"Ištrintas asmuo {pk}",
                                                 change_message="[]")
