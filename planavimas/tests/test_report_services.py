"""The report's answers through ``services_results``: who may write them, when, with which
values, and what happens when two people save at once."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from planavimas import services_results as results
from planavimas import services_workflow as workflow
from planavimas.forms_report import IndicatorValueForm
from planavimas.models import Goal, Indicator, Measure, Report
from planavimas.tests.factories import approved_plan, first, make_plan
from planavimas.tests.report_factories import started_report

pytestmark = pytest.mark.django_db


def _value(indicator, by, actual, seen=None, comment=""):
    return results.record_indicator_value(
        indicator=indicator, by=by, seen_version=indicator.version if seen is None else seen,
        actual=actual, comment=comment)


def test_staff_write_the_texts_narrative_result_and_value(staff, manager):
    plan, report = started_report(staff=staff, manager=manager)
    report = results.update_report_texts(report=report, by=staff,
                                         seen_version=report.version,
                                         introduction="  Metai **sėkmingi**. ",
                                         problems="Trūko lėšų.", directions="Plėsti.")
    assert report.introduction == "Metai **sėkmingi**." and report.version == 2
    goal = first(plan, Goal)
    goal = results.update_goal_narrative(goal=goal, by=staff, seen_version=goal.version,
                                         narrative="Surengta 12 mokymų.")
    assert Goal.objects.get(pk=goal.pk).narrative == "Surengta 12 mokymų."
    measure = first(plan, Measure)
    results.record_measure_result(measure=measure, by=staff, seen_version=measure.version,
                                  result="done", comment="Įvykdyta.")
    measure.refresh_from_db()
    assert (measure.result, measure.result_comment, measure.version) == ("done", "Įvykdyta.", 2)
    indicator = first(plan, Indicator)
    saved = _value(indicator, staff, Decimal("1234.5"), comment="Pagal žurnalą")
    assert saved.actual_manual == Decimal("1234.50") and saved.comment == "Pagal žurnalą"
    assert saved.history.first().history_user == staff


def test_management_and_librarians_do_not_write_the_report(staff, manager, librarian_a):
    plan, report = started_report(staff=staff, manager=manager)
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            results.update_report_texts(report=report, by=user, seen_version=report.version,
                                        introduction="x", problems="", directions="")
        with pytest.raises(PermissionDenied):
            _value(first(plan, Indicator), user, Decimal("1"))


def test_nothing_is_written_before_the_report_is_started(staff, manager):
    plan = approved_plan(staff=staff, manager=manager, year=2025)
    goal = first(plan, Goal)
    with pytest.raises(results.Refused) as refused:
        results.update_goal_narrative(goal=goal, by=staff, seen_version=goal.version,
                                      narrative="Tekstas")
    assert refused.value.code == "not_started"


@pytest.mark.parametrize("state", ["submitted", "approved"])
def test_answers_are_refused_once_submitted_or_approved(staff, manager, state):
    plan, report = started_report(staff=staff, manager=manager)
    report = workflow.submit(report, by=staff)
    if state == "approved":
        workflow.approve(report, by=manager)
    measure = first(plan, Measure)
    with pytest.raises(results.Refused) as refused:
        results.record_measure_result(measure=measure, by=staff,
                                      seen_version=measure.version, result="done",
                                      comment="")
    assert refused.value.code == "locked"
    indicator = first(plan, Indicator)
    with pytest.raises(results.Refused):
        _value(indicator, staff, Decimal("3"))
    indicator.refresh_from_db()
    assert indicator.actual_manual is None and Measure.objects.get(pk=measure.pk).result == ""


def test_a_returned_or_amended_report_is_written_again(staff, manager):
    plan, report = started_report(staff=staff, manager=manager)
    report = workflow.return_with_comments(workflow.submit(report, by=staff), by=manager,
                                           comment="Papildykite.")
    _value(first(plan, Indicator), staff, Decimal("4"))
    report = workflow.approve(workflow.submit(report, by=staff), by=manager)
    workflow.amend(report, by=staff, reason="Patikslinti duomenys")
    assert _value(first(plan, Indicator), staff, Decimal("5")).actual_manual == Decimal("5")


def test_of_two_editors_the_second_is_told_someone_saved_first(staff, manager):
    plan, report = started_report(staff=staff, manager=manager)
    indicator = first(plan, Indicator)
    seen = indicator.version
    _value(indicator, staff, Decimal("6"), seen=seen)
    with pytest.raises(results.Refused) as refused:
        _value(indicator, staff, Decimal("8"), seen=seen)
    assert refused.value.code == "stale"
    assert Indicator.objects.get(pk=indicator.pk).actual_manual == Decimal("6")
    with pytest.raises(results.Refused):
        results.update_report_texts(report=report, by=staff, seen_version=report.version + 5,
                                    introduction="x", problems="", directions="")
    with pytest.raises(results.Refused):       # a form that sent no version never saves
        results.update_report_texts(report=report, by=staff, seen_version=None,
                                    introduction="x", problems="", directions="")
    assert Report.objects.get(pk=report.pk).introduction == ""


def test_a_text_edit_after_a_submit_and_return_is_stale(staff, manager):
    """The workflow moves the report's version too: a form opened before it is stale."""
    plan, report = started_report(staff=staff, manager=manager)
    seen = report.version
    workflow.return_with_comments(workflow.submit(report, by=staff), by=manager,
                                  comment="Trūksta įžangos.")
    with pytest.raises(results.Refused) as refused:
        results.update_report_texts(report=report, by=staff, seen_version=seen,
                                    introduction="x", problems="", directions="")
    assert refused.value.code == "stale"


def test_a_negative_value_is_refused_and_a_counted_one_is_not_typed(staff, manager):
    plan, report = started_report(staff=staff, manager=manager)
    with pytest.raises(results.Refused) as refused:
        _value(first(plan, Indicator), staff, Decimal("-1"))
    assert refused.value.code == "negative"
    linked = Indicator.objects.create(measure=first(plan, Measure), name="Mokymai", unit="vnt.",
                                      planned=5, metric="mokymai.events_held")
    with pytest.raises(results.Refused) as refused:
        _value(linked, staff, Decimal("3"))
    assert refused.value.code == "counted"
    saved = _value(linked, staff, None, comment="Skaičiuoja portalas")
    assert saved.comment == "Skaičiuoja portalas" and saved.actual_manual is None


def test_a_measure_done_partly_or_not_done_says_why(staff, manager):
    plan, report = started_report(staff=staff, manager=manager)
    measure = first(plan, Measure)
    for result in ("partly", "not_done"):
        with pytest.raises(results.Refused) as refused:
            results.record_measure_result(measure=measure, by=staff,
                                          seen_version=measure.version, result=result,
                                          comment=" ")
        assert "result_comment" in refused.value.error_dict
    with pytest.raises(results.Refused):
        results.record_measure_result(measure=measure, by=staff,
                                      seen_version=measure.version, result="maybe",
                                      comment="")
    saved = results.record_measure_result(measure=measure, by=staff,
                                          seen_version=measure.version, result="partly",
                                          comment="Pritrūko lėšų")
    assert saved.result == "partly"


@pytest.mark.parametrize(("typed", "expected"), [
    ("1 234,5", Decimal("1234.5")), ("1\u00a0234,50", Decimal("1234.50")),
    ("12.5", Decimal("12.5")), ("0", Decimal("0")), ("", None)])
def test_a_value_is_typed_as_people_type_numbers(typed, expected):
    form = IndicatorValueForm({"actual_manual": typed, "comment": ""})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["actual_manual"] == expected


@pytest.mark.parametrize("typed", ["abc", "-5", "1,2,3", "12,345", "1e3x"])
def test_a_value_that_is_not_a_number_or_negative_is_refused(typed):
    form = IndicatorValueForm({"actual_manual": typed, "comment": ""})
    assert not form.is_valid()
    assert "actual_manual" in form.errors


def test_a_counted_indicator_has_no_value_field():
    form = IndicatorValueForm({"actual_manual": "5", "comment": "Pastaba"}, counted=True)
    assert form.is_valid() and "actual_manual" not in form.cleaned_data


def test_a_draft_plan_without_a_report_cannot_be_written(staff):
    plan = make_plan()
    indicator = first(plan, Indicator)
    with pytest.raises(results.Refused):
        _value(indicator, staff, Decimal("1"))
