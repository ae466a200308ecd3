"""Who may open the plan's and the report's pages, for every area's views.

Staff and management read everything (drafts, every version); anyone else signed in reads
only what management approved — the latest approved version (a ``Snapshot``), never the
live draft — and gets a 404 for a year with nothing approved and for every page that is
not an approved version's (editing, the workflow, the records behind a draft's numbers).
A reader lacking the role for an action gets a 403."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy

from planavimas.models import (
    Plan,
    Snapshot,
    SnapshotKind,
    may_approve,
    may_prepare,
    may_read_all,
    may_read_approved,
)

__all__ = ["HOME_TITLE", "crumbs", "latest_snapshot", "plan_for", "require_approver",
           "require_full_reader", "require_preparer"]

HOME_TITLE = gettext_lazy("Annual plan and report")


def require_full_reader(request) -> None:
    """A 404 for whoever may not read drafts (territory librarians)."""
    if not may_read_all(request.user):
        raise Http404


def require_preparer(request) -> None:
    require_full_reader(request)
    if not may_prepare(request.user):
        raise PermissionDenied


def require_approver(request) -> None:
    require_full_reader(request)
    if not may_approve(request.user):
        raise PermissionDenied


def plan_for(request, year: int) -> Plan:
    """The year's plan as ``request.user`` may see it: a 404 when there is none, or when a
    librarian asks for a year without an approved plan."""
    if not may_read_approved(request.user):
        raise Http404
    return get_object_or_404(Plan.objects.visible_to(request.user), year=year)


def latest_snapshot(plan: Plan, kind: str) -> Snapshot | None:
    """The latest approved version of the plan (``kind`` "plan") or the report."""
    return plan.snapshots.filter(kind=kind).order_by("-number").first()


def latest_or_404(plan: Plan, kind: str) -> Snapshot:
    found = latest_snapshot(plan, kind)
    if found is None:
        raise Http404
    return found


def crumbs(year: int | None = None) -> list:
    """The first crumbs of every page: the plans' list, then the year's plan."""
    found = [(reverse("planavimas:plan_list"), HOME_TITLE)]
    if year is not None:
        found.append((reverse("planavimas:plan_detail", args=[year]), str(year)))
    return found


__all__ += ["SnapshotKind", "latest_or_404"]
