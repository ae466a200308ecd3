"""The annual report's sections this issue adds, each from its own app's records and
declared in the registry: the statistics collection (1.1), the plan's fulfilment (1.2),
the archive (6.1) and the territory's key indicators (Annex 1) — with their numbers, and
left out for a year with nothing."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from archyvas.models import ActStatus, Appraisal, PlanStatus, RegisterKind
from archyvas.tests.factories import make_entry, make_plan, make_register
from archyvas.tests.factories_yearend import make_act
from planavimas import documents_report, tree
from planavimas import services_workflow as workflow
from planavimas.tests.docs_support import YEAR, campaign, county_library, plan_with_chapters
from portalas.registry import annual_report_sections
from statistika.reports_annual import ANNEX_CODES

pytestmark = pytest.mark.django_db


def build(key, year=YEAR, user=None):
    return annual_report_sections.get(key).build(year=year, user=user)


def test_the_statistics_collection_counts_the_years_reports(territory, staff):
    county_library(territory)
    campaign(territory)
    with translation.override("en"):
        (section,) = build("statistika.collection", user=staff)
    assert dict(section.facts) == {"Libraries expected to report": 4, "Reports submitted": 3,
                                   "Reports accepted": 3, "Accepted on time": 2,
                                   "Handed on to LNB": 1}
    rows = section.tables[0].rows
    assert rows[0] == ["Kretingos rajono savivaldybė", 2, 1, 1, 1, 1]
    assert rows[1] == ["Skuodo rajono savivaldybė", 2, 2, 2, 1, 0]
    assert rows[-1] == ["Total", 4, 3, 3, 2, 1]
    assert "2027-01-20" in section.paragraphs[0]
    assert annual_report_sections.get("statistika.collection").function == "1.1"


def test_a_year_without_a_campaign_has_no_collection_section(territory):
    assert build("statistika.collection", year=YEAR - 3) == []


def test_an_extended_deadline_counts_as_on_time(territory):
    county_library(territory)
    found = campaign(territory)
    late = found.submissions.get(library=territory.school_b)
    late.extended_until = found.deadline + datetime.timedelta(days=10)
    late.save()
    with translation.override("en"):
        (section,) = build("statistika.collection")
    assert dict(section.facts)["Accepted on time"] == 3


def test_the_archive_section_counts_the_years_registers_answers_files_and_acts(staff):
    incoming, outgoing = make_register(), make_register(RegisterKind.OUTGOING)
    day = datetime.date(YEAR, 3, 2)
    make_entry(incoming, registered_on=day, answer_due=datetime.date(YEAR, 3, 20),
               answered_on=datetime.date(YEAR, 3, 15))
    make_entry(incoming, registered_on=day, answer_due=datetime.date(YEAR, 3, 20),
               answered_on=datetime.date(YEAR, 4, 2))
    make_entry(incoming, registered_on=day, answer_due=datetime.date(YEAR, 4, 1))
    make_entry(incoming, registered_on=day)
    make_entry(outgoing, registered_on=day)
    make_entry(outgoing, registered_on=datetime.date(YEAR - 1, 12, 30), year=YEAR - 1)
    make_plan(YEAR)
    closed = make_plan(YEAR - 1, status=PlanStatus.CLOSED, closed_on=datetime.date(YEAR, 1, 9))
    files = list(closed.files.order_by("index")[:3])
    make_act(files, by=staff, status=ActStatus.APPROVED, year=YEAR,
             compiled_on=datetime.date(YEAR, 2, 1),
             decisions={files[2]: (Appraisal.EXTEND, 5, "Dar reikalinga")})
    make_act(files[:1], by=staff, year=YEAR, compiled_on=datetime.date(YEAR, 11, 2))
    with translation.override("en"):
        (section,) = build("archyvas", user=staff)
    facts = dict(section.facts)
    assert facts["Documents registered"] == 5
    assert (facts["Answers asked for"], facts["Answered"], facts["Answered on time"],
            facts["Answers overdue"]) == (3, 2, 1, 1)
    assert facts["File plan"] == f"approved on {YEAR}-01-05"
    assert facts["Files closed"] == 6
    assert (facts["Destruction acts"], facts["Destruction acts approved"],
            facts["Files destroyed"]) == (2, 1, 2)
    assert section.tables[0].rows == [["Gaunamųjų dokumentų registras", 4],
                                      ["Siunčiamųjų dokumentų registras", 1], ["Total", 5]]
    assert annual_report_sections.get("archyvas").function == "6.1"


def test_a_year_the_archive_recorded_nothing_has_no_section(staff):
    make_register()
    assert build("archyvas", year=YEAR + 3) == []


def test_the_plans_fulfilment_section_counts_measures_and_indicators(territory, staff):
    county_library(territory)
    campaign(territory)
    plan_with_chapters(by=staff)
    with translation.override("en"):
        (section,) = build("planavimas.fulfilment", user=staff)
    facts = dict(section.facts)
    assert (facts["Measures"], facts["Done"], facts["Partly done"], facts["Not done"],
            facts["Indicators"], facts["Indicators met"]) == (3, 2, 1, 0, 3, 0)
    assert [row[:2] for row in section.tables[0].rows] == [
        ["Planning and coordination of activities", 1],
        ["Methodological work and professional development", 2]]
    assert annual_report_sections.get("planavimas.fulfilment").function == "1.2"


def test_no_plan_no_fulfilment_section_and_a_reader_gets_only_the_approved_report(
        territory, staff, manager, librarian_a):
    assert build("planavimas.fulfilment", user=staff) == []
    plan = plan_with_chapters(by=staff)
    plan = workflow.approve(workflow.submit(plan, by=staff), by=manager)
    assert build("planavimas.fulfilment", user=librarian_a) == []     # the report is a draft
    report = workflow.start_report(plan, by=staff)
    workflow.approve(workflow.submit(report, by=staff), by=manager)
    (section,) = build("planavimas.fulfilment", user=librarian_a)
    assert section.facts[0][1] == 3


def test_the_key_indicators_annex_lists_the_municipalities_and_the_territory(territory,
                                                                             staff):
    from statistika.models import Indicator, Value
    from statistika.services.catalogue import install_default_catalogue

    install_default_catalogue()
    assert build("statistika.key_indicators") == []
    for code, value in {"loans": 1234, "users_registered": 100, "visits": 2500}.items():
        Value.objects.create(library=territory.central_a, indicator=Indicator.objects.get(
            code=code), year=YEAR, value=Decimal(value))
    with translation.override("en"):
        (section,) = build("statistika.key_indicators", user=staff)
    table = section.tables[0]
    rows = {row[0]: row for row in table.rows}
    loans = 1 + ANNEX_CODES.index("loans")
    assert table.columns[loans].kind == "number"
    assert rows["Kretingos rajono savivaldybė"][loans] == 1234
    assert rows["Territory"][loans] == 1234
    assert annual_report_sections.get("statistika.key_indicators").annex
    plan = plan_with_chapters(by=staff)
    document = documents_report.report_document(tree.build(plan, actuals=True), user=staff)
    annex = next(s for s in document.sections if s.key == "annex-1")
    assert [row[1:] for row in annex.tables[0].rows] == [row[1:] for row in table.rows]
    assert "statistika.key_indicators" not in [s.key for s in document.sections]
