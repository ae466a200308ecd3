"""Writes of the annual activity report: its texts (introduction, problems, directions),
a goal's narrative, a measure's result with its comment, an indicator's value typed in
(only where no metric counts it) with its comment.

Who: staff (``may_prepare``); every function checks, so a view cannot forget
(``PermissionDenied``). When: only while the report is a draft or was returned
(``require_editable``) — a submitted report waits for management, an approved one is
changed by an amendment; a plan whose report has not been started has nothing to write
into (``Refused``, code ``not_started``).

Every write carries the ``version`` of the row the person saw: a conditional
``UPDATE … WHERE version = seen`` claims the row, so of two people saving at once the
second is told someone saved first (``Refused``, code ``stale``) instead of overwriting
them. The history records who saved (``_history_user``)."""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from planavimas.models import Goal, Indicator, Measure, MeasureStatus, Plan, Report
from planavimas.services_workflow import Refused, require_editable, require_preparer

__all__ = ["Refused", "record_indicator_value", "record_measure_result",
           "update_goal_narrative", "update_report_texts"]

#: The largest value an indicator's number holds (14 digits, 2 after the point).
LARGEST = Decimal("999999999999.99")


def _stale() -> Refused:
    return Refused(_("Someone else saved this after you opened it."), code="stale")


def _report_of(plan_id: int) -> Report:
    """The plan's report, locked for the rest of the transaction (so it is not submitted
    halfway through a write); refused when not started, or not editable."""
    try:
        report = Report.objects.select_for_update().get(plan_id=plan_id)
    except ObjectDoesNotExist:
        year = Plan.objects.filter(pk=plan_id).values_list("year", flat=True).first()
        raise Refused(_("The report for %(year)s has not been started.") % {"year": year},
                      code="not_started") from None
    require_editable(report)
    return report


def _plan_id(model, path: str, pk: int) -> int:
    found = model.objects.filter(pk=pk).values_list(path, flat=True).first()
    if found is None:
        raise Refused(_("This has been deleted meanwhile."), code="gone")
    return found


def _claim(model, pk: int, seen_version: int | None, **fields):
    """The conditional UPDATE: the row's new values and version, only when it still has
    the version the person saw; the row as saved, or ``stale``."""
    if seen_version is None:
        raise _stale()
    claimed = model.objects.filter(pk=pk, version=seen_version).update(
        version=F("version") + 1, **fields)
    if claimed != 1:
        raise _stale()
    return model.objects.get(pk=pk)


def _record(obj, by, fields: list[str]):
    """One history record of the saved row, with who saved it."""
    obj._history_user = by
    obj.save(update_fields=fields)
    return obj


def _clean(text: str | None) -> str:
    return (text or "").strip()


@transaction.atomic
def update_report_texts(*, report: Report, by, seen_version: int | None,
                        introduction: str, problems: str, directions: str) -> Report:
    """The report's introduction, problems (and how they were solved) and directions for
    next year (Markdown)."""
    require_preparer(by)
    _report_of(report.plan_id)
    values = {"introduction": _clean(introduction), "problems": _clean(problems),
              "directions": _clean(directions)}
    saved = _claim(Report, report.pk, seen_version, updated_at=timezone.now(), **values)
    return _record(saved, by, [*values, "updated_at"])


@transaction.atomic
def update_goal_narrative(*, goal: Goal, by, seen_version: int | None,
                          narrative: str) -> Goal:
    """What was done towards the goal during the year (Markdown)."""
    require_preparer(by)
    _report_of(_plan_id(Goal, "plan_id", goal.pk))
    saved = _claim(Goal, goal.pk, seen_version, narrative=_clean(narrative))
    return _record(saved, by, ["narrative"])


@transaction.atomic
def record_measure_result(*, measure: Measure, by, seen_version: int | None, result: str,
                          comment: str) -> Measure:
    """How the measure was carried out (done, partly, not done; blank: not assessed yet)
    and a comment. A measure done partly or not done needs the comment (why)."""
    require_preparer(by)
    _report_of(_plan_id(Measure, "objective__goal__plan_id", measure.pk))
    result, comment = _clean(result), _clean(comment)
    if result and result not in MeasureStatus.values:
        raise Refused({"result": _("Choose done, partly done or not done.")}, code="result")
    if result in (MeasureStatus.PARTLY, MeasureStatus.NOT_DONE) and not comment:
        raise Refused({"result_comment": _("Say why the measure was not done in full.")},
                      code="comment")
    saved = _claim(Measure, measure.pk, seen_version, result=result, result_comment=comment)
    return _record(saved, by, ["result", "result_comment"])


@transaction.atomic
def record_indicator_value(*, indicator: Indicator, by, seen_version: int | None,
                           actual: Decimal | None, comment: str) -> Indicator:
    """The indicator's actual value as typed in (blank: not known yet) and a comment.
    An indicator a metric counts has its value counted by the portal: only its comment is
    written here (``actual`` must stay None). A value is never negative."""
    require_preparer(by)
    _report_of(_plan_id(Indicator, "measure__objective__goal__plan_id", indicator.pk))
    stored = Indicator.objects.only("metric").get(pk=indicator.pk)
    fields = {"comment": _clean(comment)[:500]}
    if stored.metric:
        if actual is not None:
            raise Refused({"actual_manual": _("The portal counts this indicator's value; it "
                                              "is not typed in.")}, code="counted")
    else:
        if actual is not None and actual < 0:
            raise Refused({"actual_manual": _("The value cannot be negative.")},
                          code="negative")
        if actual is not None and actual > LARGEST:
            raise Refused({"actual_manual": _("The value is too large.")}, code="too_large")
        fields["actual_manual"] = (None if actual is None
                                   else actual.quantize(Decimal("0.01")))
    saved = _claim(Indicator, indicator.pk, seen_version, **fields)
    return _record(saved, by, list(fields))
