"""The one place that decides what a person may see and do *inside* a statistics report.

A system's report covers the system (its per-system figures) and every outlet open that
year. ``bibliotekos.scoping`` decides which reports a person reaches at all; this module
decides which of a report's **units** they may see and change:

- department staff and administrators: every unit; they may also change values;
- management: every unit, read only;
- a system's director: every unit (their membership covers the outlets);
- a branch or school librarian: their own unit only.

Only someone who sees every unit may act for the report as a whole (submit it). Every
report view, service, download, document and e-mail asks ``report_scope`` — nothing
filters units on its own.
"""

from dataclasses import dataclass

from django.http import Http404

from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind
from bibliotekos.scoping import descendant_ids, unit_scope
from statistika.models import Indicator, RecordedAt, Report

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


def form_units(report: Report, indicators: list[Indicator] | None = None) -> list[Unit]:
    """A system reports its per-system indicators once and per-outlet ones for each outlet
    open that year; any other library answers every indicator for its kind."""
    year = report.campaign.year
    indicators = indicators if indicators is not None else form_indicators(year)
    library = report.library
    if library.kind != LibraryKind.SYSTEM:
        return [Unit(library, [i for i in indicators if library.kind in i.kinds])]
    units = [Unit(library, [i for i in indicators if i.recorded_at == RecordedAt.SYSTEM
                            and LibraryKind.SYSTEM in i.kinds], is_system_part=True)]
    outlets = (Library.objects.filter(pk__in=descendant_ids([library.pk]),
                                      kind__in=OUTLET_KINDS).open_in(year).order_by("name"))
    for outlet in sorted(outlets, key=lambda o: OUTLET_ORDER.index(o.kind)):
        units.append(Unit(outlet, [i for i in indicators if i.recorded_at == RecordedAt.OUTLET
                                   and outlet.kind in i.kinds]))
    return units


@dataclass
class ReportScope:
    """A person's view of one report: the units they may see, and what they may do."""

    report: Report
    units: list[Unit]          # the units this person may see, in the form's order
    all_units: list[Unit]      # every unit of the report
    whole: bool                # sees every unit: may act for the report as a whole
    may_write: bool            # their role may change values (staff, librarians)

    @property
    def can_edit(self) -> bool:
        """May change the values of their units now."""
        return self.may_write and self.report.is_editable

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
        """A unit of the report this person may not see."""
        return (library_id not in self.library_ids
                and any(u.library.pk == library_id for u in self.all_units))

    def require(self) -> "ReportScope":
        """404 when the person sees no unit of the report."""
        if not self.units:
            raise Http404
        return self


def report_scope(report: Report, user, *, units: list[Unit] | None = None) -> ReportScope:
    all_units = units if units is not None else form_units(report)
    scope = unit_scope(user, [unit.library.pk for unit in all_units])
    visible = [unit for unit in all_units if scope.allows(unit.library.pk)]
    may_write = user.is_authenticated and user.is_active and (
        user.can_manage_territory or user.is_librarian)
    return ReportScope(report=report, units=visible, all_units=all_units, whole=scope.whole,
                       may_write=may_write)
