"""The metrics of charter function 4.3 (``tyrimai.studies``, ``tyrimai.responses``), as
``manage.py metrics`` prints them, against a count by hand; and the annual report's
section."""

import io
import re
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from portalas.metrics import Period, Scope
from portalas.registry import annual_report_sections, metric
from tyrimai import services
from tyrimai.models import Response, Study, StudyStatus
from tyrimai.reports_results import HIDDEN
from tyrimai.tests.factories import answer, make_study

pytestmark = pytest.mark.django_db
YEAR = 2025


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute),
                               timezone.get_default_timezone())


def _dated(study, opens, closes, status=StudyStatus.CLOSED):
    Study.objects.filter(pk=study.pk).update(opens_on=opens, closes_on=closes, status=status)


@pytest.fixture
def world(territory, staff):
    """Studies of 2025 (one from 2024 into 2025, one of spring 2025, a draft) and one of
    2026; responses at Kretinga's system, its central library, Skuodas' central library —
    some the evening of New Year's Eve (Vilnius time), one excluded."""
    t = territory
    spring = make_study(libraries=[t.system_a, t.central_a, t.central_b], title="Pavasaris")
    winter = make_study(libraries=[t.central_b], title="Žiema")
    draft = make_study(libraries=[t.system_a], title="Juodraštis", status=StudyStatus.DRAFT)
    later = make_study(libraries=[t.system_a], title="Kitų metų")
    stamps = {}

    def give(study, library, when, n=1):
        for _ in range(n):
            response = answer(study.participations.get(library=library))
            Response.objects.filter(pk=response.pk).update(submitted_at=when)
            stamps.setdefault(study.title, []).append((response.pk, library, when))

    give(spring, t.system_a, _at(date(YEAR, 4, 2)), 6)
    give(spring, t.central_a, _at(date(YEAR, 4, 3)), 2)
    give(spring, t.central_b, _at(date(YEAR, 4, 4)), 3)
    give(winter, t.central_b, _at(date(YEAR - 1, 12, 31), 23, 30))     # still 2024
    give(winter, t.central_b, _at(date(YEAR, 1, 1), 0, 30), 2)          # 2025 in Vilnius
    give(later, t.system_a, _at(date(YEAR + 1, 1, 5)), 2)
    excluded = Response.objects.filter(study=spring, library=t.system_a).first()
    services.exclude_responses(study=spring, ids=[excluded.pk], reason="Bandymas", by=staff)
    _dated(spring, date(YEAR, 3, 1), date(YEAR, 5, 31))
    _dated(winter, date(YEAR - 1, 12, 1), date(YEAR, 1, 31))
    _dated(draft, date(YEAR, 6, 1), date(YEAR, 6, 30), StudyStatus.DRAFT)
    _dated(later, date(YEAR + 1, 1, 1), date(YEAR + 1, 2, 1), StudyStatus.OPEN)
    return {"spring": spring, "winter": winter, "excluded": excluded.pk}


def hand_count(world, library_ids=None) -> dict:
    """What the records say for 2025, counted here without the app's queries."""
    wanted = {"Pavasaris": {"libraries": {"SVB-KRE", "SVB-KRE-C", "SVB-SKU-C"}},
              "Žiema": {"libraries": {"SVB-SKU-C"}}}
    responses = [r for r in Response.objects.select_related("library")
                 if r.pk != world["excluded"]
                 and timezone.localtime(r.submitted_at).year == YEAR]
    if library_ids is not None:
        responses = [r for r in responses if r.library_id in library_ids]
        codes = set(Study.objects.filter(pk__in=[world["spring"].pk, world["winter"].pk])
                    .filter(participations__library_id__in=library_ids)
                    .values_list("title", flat=True))
        wanted = {title: value for title, value in wanted.items() if title in codes}
    return {"tyrimai.studies": len(wanted), "tyrimai.responses": len(responses)}


def command_metrics(*args) -> dict:
    out = io.StringIO()
    call_command("metrics", f"--year={YEAR}", "--function=4.3", *args, stdout=out)
    found = {}
    for line in out.getvalue().splitlines():
        match = re.match(r"^(?P<name>tyrimai\.\S+)\s+(?P<value>\S+) ", line)
        if match:
            found[match["name"]] = int(match["value"])
    return found


def test_manage_py_metrics_prints_the_hand_count(world):
    assert command_metrics() == hand_count(world) == {"tyrimai.studies": 2,
                                                      "tyrimai.responses": 12}


def test_a_library_with_its_outlets_and_a_municipality(world, territory):
    kretinga = {territory.system_a.pk, territory.central_a.pk, territory.branch_a.pk,
                territory.service_point_a.pk}
    assert command_metrics("--library=SVB-KRE") == hand_count(world, kretinga) == {
        "tyrimai.studies": 1, "tyrimai.responses": 7}
    skuodas = {territory.system_b.pk, territory.central_b.pk, territory.school_b.pk}
    assert command_metrics("--municipality=SKU") == hand_count(world, skuodas) == {
        "tyrimai.studies": 2, "tyrimai.responses": 5}
    # the records behind the number are the ones counted
    records = metric("tyrimai.responses").records(Period.year(YEAR),
                                                  Scope.of_library(territory.central_b))
    assert records.count() == 5 and world["excluded"] not in set(
        records.values_list("pk", flat=True))


def test_a_quarter_and_a_year_without_studies(world):
    first = Period.quarter(YEAR, 1)
    assert metric("tyrimai.studies").value(first) == 2     # winter, and spring from March
    assert metric("tyrimai.responses").value(first) == 2   # the spring answers came in April
    assert metric("tyrimai.studies").value(Period.quarter(YEAR, 3)) == 0
    assert metric("tyrimai.studies").value(Period.year(2019)) == 0


def test_the_annual_section_tells_the_years_studies(world):
    chapter = annual_report_sections.get("tyrimai")
    assert chapter.function == "4.3"
    with translation.override("en"):
        [section] = chapter.build(YEAR, None)
    text = section.paragraphs[0]
    assert text.startswith("In 2025 the department ran 2 user-needs studies.")
    assert "Responses received: 12, at 3 libraries." in text
    studies, per_library = section.tables
    assert [row[0] for row in studies.rows] == ["Žiema", "Pavasaris"]
    assert [row[2] for row in studies.rows] == [1, 3]
    # a study's own responses; fewer than five are not shown
    assert [row[3] for row in studies.rows] == [HIDDEN, "10"]
    assert {row[0]: row[1] for row in per_library.rows} == {
        "Kretingos viešoji biblioteka": "5", "Skuodo centrinė biblioteka": "5",
        "Kretingos centrinė biblioteka": HIDDEN}
    assert chapter.build(2019, None) == []


# --- the demo ------------------------------------------------------------------------------------

def test_the_demo_loads_two_rounds_on_a_fresh_database_and_only_once():
    from bibliotekos import demo as territory_demo
    from paskyros import demo as accounts_demo
    from tyrimai import demo, selectors

    quiet = io.StringIO()
    accounts_demo.load(quiet)
    territory_demo.load(quiet)
    demo.load(quiet)
    current, earlier = Study.objects.order_by("-opens_on")
    assert earlier.status == StudyStatus.CLOSED and current.previous_id == earlier.pk
    assert current.accepts_answers() and current.key_question.code == \
        earlier.key_question.code
    assert set(current.questions.values_list("code", flat=True)) == set(
        earlier.questions.values_list("code", flat=True))
    libraries = set(current.participations.values_list("library__code", flat=True))
    assert "SVB-KRE" in libraries and len(libraries) == 6
    assert current.responses.count() > 300 and earlier.responses.count() > 300
    assert current.responses.filter(channel="paper", entered_by__email="bibliotekininkas@demo.lt"
                                    ).count() == 3
    assert [len(burst["ids"]) for burst in services.bursts(current)] == [8]
    assert current.tags.filter(answers__isnull=False).exists()
    key = current.key_question
    assert not selectors.question_result(key, selectors.counted(current)).hidden
    assert selectors.previous_result(key, selectors.Scope("territory")) is not None
    this_year = Period.year(timezone.localdate().year)
    assert metric("tyrimai.studies").value(this_year) >= 1
    before = Response.objects.count()
    demo.load(quiet)
    assert Response.objects.count() == before and Study.objects.count() == 2
