"""The one place that decides what a person may see and do *inside* a statistics
submission (the annual report).

A system's submission covers the system (its per-system figures) and every outlet open
that year. ``bibliotekos.scoping`` decides which submissions a person reaches at all; this
module decides which of a submission's **units** they may see and change:

- department staff and administrators: every unit; they may also change values;
- management: every unit, read only;
- a system's director: every unit (their membership covers the outlets);
- a branch or school librarian: their own unit only.

Only someone who sees every unit may act for the submission as a whole (submit it). Every
submission view, service, selector, download, document and e-mail asks
``submission_scope`` — nothing filters units on its own.
"""

from dataclasses import dataclass

from django.http import Http404

from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind
from bibliotekos.scoping import descendant_ids, unit_scope
from portalas.ordering import lithuanian_key
from statistika.models import Indicator, RecordedAt, Submission

OUTLET_ORDER = [LibraryKind.CENTRAL, LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH,
                LibraryKind.SERVICE_POINT, LibraryKind.MOBILE]


@dataclass
class Unit:
    library: Library
    indicators: list[Indicator]
    is_system_part: bool = False


def form_indicators(year: int) -> list[Indicator]:
    return list(Indicator.objects.valid_in(year).filter(derived=False)
                .select_related("section", "part_of").order_by("section__order", "order", "code"))


def form_units(submission: Submission,
               indicators: list[Indicator] | None = None) -> list[Unit]:
    """A system reports its per-system indicators once and per-outlet ones for each outlet
    open that year; any other library answers every indicator for its kind."""
    return form_units_many([submission], indicators)[submission.pk]


def form_units_many(submissions, indicators: list[Indicator] | None = None) -> dict:
    """``form_units`` of several submissions in a fixed number of queries (the catalogue
    once per year, every system's outlets in one query)."""
    submissions = list(submissions)
    catalogue: dict[int, list[Indicator]] = {}
    systems = [s.library.pk for s in submissions if s.library.kind == LibraryKind.SYSTEM]
    under = {system: descendant_ids([system]) for system in systems}
    outlets_by_pk = {o.pk: o for o in Library.objects.filter(
        pk__in=set().union(*under.values()), kind__in=OUTLET_KINDS).order_by("name")}
    found = {}
    for submission in submissions:
        year = submission.campaign.year
        if indicators is not None:
            year_indicators = indicators
        else:
            if year not in catalogue:
                catalogue[year] = form_indicators(year)
            year_indicators = catalogue[year]
        library = submission.library
        if library.kind != LibraryKind.SYSTEM:
            found[submission.pk] = [Unit(library, [i for i in year_indicators
                                                   if library.kind in i.kinds])]
            continue
        units = [Unit(library, [i for i in year_indicators if i.recorded_at == RecordedAt.SYSTEM
                                and LibraryKind.SYSTEM in i.kinds], is_system_part=True)]
        outlets = [outlets_by_pk[pk] for pk in under[library.pk] if pk in outlets_by_pk
                   and outlets_by_pk[pk].is_open_in(year)]
        for outlet in sorted(outlets, key=lambda o: (OUTLET_ORDER.index(o.kind),
                                                     lithuanian_key(o.name))):
            units.append(Unit(outlet, [i for i in year_indicators
                                       if i.recorded_at == RecordedAt.OUTLET
                                       and outlet.kind in i.kinds]))
        found[submission.pk] = units
    return found


@dataclass
class SubmissionScope:
    """A person's view of one submission: the units they may see, and what they may do."""

    submission: Submission
    units: list[Unit]          # the units this person may see, in the form's order
    all_units: list[Unit]      # every unit of the submission
    whole: bool                # sees every unit: may act for the submission as a whole
    may_write: bool            # their role may change values (staff, librarians)

    @property
    def can_edit(self) -> bool:
        """May change the values of their units now."""
        return self.may_write and self.submission.is_editable

    @property
    def can_submit(self) -> bool:
        return self.can_edit and self.whole

    @property
    def library_ids(self) -> set[int]:
        return {unit.library.pk for unit in self.units}

    @property
    def total_fields(self) -> int:
        return sum(len(unit.indicators) for unit in self.units)

    def unit(self, library_id: int) -> Unit | None:
        return next((u for u in self.units if u.library.pk == library_id), None)

    def unit_by_code(self, code: str | None) -> Unit | None:
        return next((u for u in self.units if u.library.code == code), None)

    def hidden(self, library_id: int) -> bool:
        """A unit of the submission this person may not see."""
        return (library_id not in self.library_ids
                and any(u.library.pk == library_id for u in self.all_units))

    def require(self) -> "SubmissionScope":
        """404 when the person sees no unit of the submission."""
        if not self.units:
            raise Http404
        return self


def submission_scope(submission: Submission, user, *,
                     units: list[Unit] | None = None) -> SubmissionScope:
    all_units = units if units is not None else form_units(submission)
    scope = unit_scope(user, [unit.library.pk for unit in all_units])
    visible = [unit for unit in all_units if scope.allows(unit.library.pk)]
    may_write = user.is_authenticated and user.is_active and (
        user.can_manage_territory or user.is_librarian)
    return SubmissionScope(submission=submission, units=visible, all_units=all_units,
                           whole=scope.whole, may_write=may_write)
