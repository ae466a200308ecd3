"""The plan's and the report's documents through the report engine, and the plan's own
section of the annual report (charter function 1.2).

Kinds:

- ``planavimas.plan`` (alias ``annual_plan``; PDF, DOCX, XLSX): the annual activity plan;
- ``planavimas.report`` (alias ``annual_report``; PDF, DOCX, XLSX): the annual activity
  report with a chapter per group of the charter's functions (``documents_report``);
- ``planavimas.indicators`` (XLSX): every indicator, planned against actual.

Who reads what (decided in the parameter form, so the engine answers 404 for anything
else, when asked and again when the worker builds): staff and management get the live
plan or report, or an approved version they name (``version``); anyone else signed in
gets an approved version only — the latest, or one they name — never a draft, and a year
with nothing approved is an invalid form."""

import hashlib
import json
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy

from ataskaitos.document import Document, Section
from planavimas import documents, documents_report
from planavimas import tree as plan_tree
from planavimas.models import (
    Plan,
    Snapshot,
    SnapshotKind,
    Status,
    may_read_all,
    may_read_approved,
)
from portalas.forms import ReportParamsForm, YearField
from portalas.registry import annual_report_section, report_kind

__all__ = ["PlanParams", "Source", "fulfilment_section", "source_for"]


@dataclass(frozen=True)
class Source:
    """What a document is drawn from: the plan and an approved version (``snapshot``), or
    the live rows (``snapshot`` None)."""

    plan: Plan
    kind: str
    snapshot: Snapshot | None = None

    def data(self) -> dict:
        """The tree: the approved version's as frozen, or the live rows' (the report's with
        its actual values counted now)."""
        if self.snapshot is not None:
            return self.snapshot.data
        return plan_tree.build(self.plan, actuals=self.kind == SnapshotKind.REPORT,
                               kind=self.kind)

    @property
    def approved_at(self):
        """When the version shown was approved (None for a live draft)."""
        if self.snapshot is not None:
            return self.snapshot.approved_at
        document = self.plan if self.kind == SnapshotKind.PLAN else \
            getattr(self.plan, "report", None)
        if document is not None and document.status == Status.APPROVED:
            return document.decided_at
        return None


def source_for(*, user, year: int, kind: str, version: int | None = None,
               fallback: str | None = None) -> Source | None:
    """The source ``user`` may read for the year's plan (``kind`` "plan") or report, or
    None. ``fallback``: the kind of approved version a reader without drafts gets when
    ``kind`` has none (the indicators: the approved plan before the report is)."""
    if not may_read_approved(user):
        return None
    plan = Plan.objects.visible_to(user).filter(year=year).first()
    if plan is None:
        return None
    approved = Snapshot.objects.visible_to(user).filter(plan=plan)
    if version is not None:
        found = approved.filter(kind=kind, number=version).first()
        return Source(plan, kind, found) if found else None
    if may_read_all(user):
        return Source(plan, kind)
    for wanted in (kind, fallback):
        found = approved.filter(kind=wanted).order_by("-number").first() if wanted else None
        if found is not None:
            return Source(plan, wanted, found)
    return None


class PlanParams(ReportParamsForm):
    """The year and, optionally, an approved version's number; invalid when the user may
    not read what it names (the engine answers 404)."""

    year = YearField()
    version = forms.IntegerField(label=gettext_lazy("Version"), required=False, min_value=1,
                                 max_value=32767)
    snapshot_kind = SnapshotKind.PLAN
    fallback_kind = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        found = source_for(user=self.user, year=cleaned["year"], kind=self.snapshot_kind,
                           version=cleaned.get("version"), fallback=self.fallback_kind)
        if found is None:
            raise forms.ValidationError("not available")
        cleaned["source"] = found
        return cleaned


class ReportParams(PlanParams):
    snapshot_kind = SnapshotKind.REPORT


class IndicatorParams(PlanParams):
    """The report's indicators; a reader of approved versions before the report is
    approved gets the approved plan's (planned values only)."""

    snapshot_kind = SnapshotKind.REPORT
    fallback_kind = SnapshotKind.PLAN


def _digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, sort_keys=True).encode()).hexdigest()


def plan_inputs(params) -> str:
    """An approved version never changes; the live plan's tree is cheap to read (no
    metrics), so its digest says whether anything shown changed."""
    source = params["source"]
    shown = source.snapshot.pk if source.snapshot else source.data()
    return _digest(shown, source.approved_at, documents.organisation())


def snapshot_inputs(params) -> str:
    """An approved version's indicators never change; the live ones are counted from the
    portal's records each time (no reuse)."""
    source = params["source"]
    return _digest(source.snapshot.pk, documents.organisation()) if source.snapshot else ""


@report_kind("planavimas.plan", label=gettext_lazy("Annual activity plan"), form=PlanParams,
             inputs=plan_inputs, aliases=("annual_plan",),
             description=gettext_lazy("The plan's goals, objectives, measures and "
                                      "indicators, with a title page."))
def plan(*, params, user, progress) -> Document:
    source = params["source"]
    data = source.data()
    progress(40)
    return documents.plan_document(data, approved_at=source.approved_at)


# The report's chapters hold the apps' sections counted when it is made: never handed out
# again (no ``inputs``).
@report_kind("planavimas.report", label=gettext_lazy("Annual activity report"),
             form=ReportParams, aliases=("annual_report",),
             description=gettext_lazy("The report with a chapter per function of the "
                                      "charter and the annexes."))
def report(*, params, user, progress) -> Document:
    source = params["source"]
    data = source.data()
    progress(10)
    return documents_report.report_document(data, user=user, approved_at=source.approved_at,
                                            progress=progress)


@report_kind("planavimas.indicators", label=gettext_lazy("Indicators of the annual plan"),
             form=IndicatorParams, formats=("xlsx",), inputs=snapshot_inputs)
def indicators(*, params, user, progress) -> Document:
    source = params["source"]
    data = source.data()
    progress(50)
    return documents.indicators_document(data, approved_at=source.approved_at)


@annual_report_section(documents_report.FULFILMENT_KEY, title=gettext_lazy(
    "Fulfilment of the annual activity plan"), function="1.2", order=15)
def fulfilment_section(year: int, user=None) -> list[Section]:
    """The year's plan carried out (measures done, indicators met): the live tree for
    staff and management (or when no one is named), the approved report for anyone else;
    [] when there is no plan (or nothing the reader may see)."""
    plan_row = Plan.objects.filter(year=year).first()
    if plan_row is None:
        return []
    if user is None or may_read_all(user):
        data = plan_tree.build(plan_row, actuals=True)
    else:
        found = source_for(user=user, year=year, kind=SnapshotKind.REPORT)
        if found is None:
            return []
        data = found.data()
    return documents.summary_sections(data)
