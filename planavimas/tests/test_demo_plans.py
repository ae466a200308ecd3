"""The demo annual plans (``planavimas.demo``), loaded by ``demo_data`` after every other
app's demo: last year's plan and report approved, this year's plan approved twice (an
amendment with its reason) and its report a draft; every chapter of the charter has goals;
the actual values count the other apps' demo records, some above the plan and some below;
the story's days are never in the future (also early in January); a second run, or one
without the demo accounts, adds nothing."""

import io
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from paskyros.models import User
from planavimas import demo, tree
from planavimas.documents_report import report_document
from planavimas.models import (
    Chapter,
    Event,
    EventAction,
    Goal,
    Indicator,
    Measure,
    Plan,
    Snapshot,
    SnapshotKind,
    Status,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _indicators(data: dict) -> list[dict]:
    return [i for _g, _o, _m, i in tree.walk(data) if i is not None]


def test_the_demo_plans_load_after_every_other_apps_demo():
    out = io.StringIO()
    call_command("demo_data", quiet_accounts=True, stdout=out)
    assert "annual plans: 2 plans" in out.getvalue()
    today = timezone.localdate()
    last = Plan.objects.get(year=today.year - 1)
    this = Plan.objects.get(year=today.year)

    # last year: returned once, then approved; its report approved with every answer
    assert (last.status, last.number, last.report.status) == (Status.APPROVED, 1,
                                                              Status.APPROVED)
    assert Event.objects.filter(plan=last, action=EventAction.RETURNED).exists()
    assert last.report.problems and last.report.directions and last.report.introduction
    assert not Goal.objects.filter(plan=last, narrative="").exists()
    assert not Measure.objects.filter(objective__goal__plan=last, result="").exists()
    assert set(Goal.objects.filter(plan=last).values_list("chapter", flat=True)) \
        == set(Chapter.values)
    frozen = Snapshot.objects.get(plan=last, kind=SnapshotKind.REPORT, number=1).data
    indicators = _indicators(frozen)
    assert all(i["actual"] is not None for i in indicators)
    counted = [i for i in indicators if i["source"] == "metric"]
    assert len(counted) >= 15 and any(tree.number(i["actual"]) > 0 for i in counted)
    shares = [tree.number(i["fulfilment"]) for i in indicators]
    assert any(s > 100 for s in shares) and any(s < 100 for s in shares)
    assert {m["result"] for _g, _o, m, _i in tree.walk(frozen)} >= {"done", "partly",
                                                                    "not_done"}
    # the frozen report still agrees with the live count of the records
    live = {i["pk"]: i["actual"] for i in _indicators(tree.build(last, actuals=True))}
    assert all(live[i["pk"]] == i["actual"] for i in counted)

    # this year: version 1 approved, amended with a reason, version 2 approved
    assert (this.status, this.number, this.copied_from) == (Status.APPROVED, 2, last)
    versions = {s.number: s for s in Snapshot.objects.filter(plan=this,
                                                            kind=SnapshotKind.PLAN)}
    assert sorted(versions) == [1, 2]
    assert versions[2].reason and versions[2].reason == this.reason
    assert versions[1].approved_at < versions[2].approved_at <= timezone.now()

    def planned(snapshot, metric):
        return next(i["planned"] for i in _indicators(snapshot.data) if i["metric"] == metric)

    assert Decimal(planned(versions[2], "mokymai.events_held")) > \
        Decimal(planned(versions[1], "mokymai.events_held"))
    assert versions[2].data["totals"]["measures"] == versions[1].data["totals"]["measures"] + 1
    linked = Indicator.objects.filter(measure__objective__goal__plan=this).exclude(metric="")
    assert linked.count() >= 30
    assert {m.split(".")[0] for m in linked.values_list("metric", flat=True)} >= {
        "statistika", "projektai", "konsultacijos", "mokymai", "tyrimai", "viesinimas",
        "bendradarbiavimas", "apdovanojimai", "pirkimai", "pavedimai"}

    # this year's report: a draft with some results, and some still to write
    assert this.report.status == Status.DRAFT
    answered = Measure.objects.filter(objective__goal__plan=this).exclude(result="")
    assert 0 < answered.count() < Measure.objects.filter(objective__goal__plan=this).count()
    assert Goal.objects.filter(plan=this).exclude(narrative="").exists()
    assert not Snapshot.objects.filter(plan=this, kind=SnapshotKind.REPORT).exists()
    assert not Event.objects.filter(at__gt=timezone.now()).exists()

    # the report's six chapters: each has the plan's goals and what the apps' sections
    # count from the other apps' demo records
    staff = User.objects.get(email=demo.STAFF)
    for data in (frozen, tree.build(this, actuals=True, kind="report")):
        _every_chapter_has_content(report_document(data, user=staff))

    # a second run adds nothing
    demo.load(out)
    assert "already there" in out.getvalue() and Plan.objects.count() == 2


def _every_chapter_has_content(document) -> None:
    """Every chapter 1–6 holds goals of the plan and at least one app's section with a
    paragraph or a table."""
    chapters, current = {}, None
    for section in document.sections:
        if section.key.startswith("chapter-"):
            current = chapters.setdefault(int(section.key.split("-")[1]), [])
        elif section.key.startswith("annex") or section.key in ("problems", "directions"):
            current = None
        elif current is not None:
            current.append(section)
    assert sorted(chapters) == [1, 2, 3, 4, 5, 6]
    for number, body in chapters.items():
        goals = [s for s in body if s.key.startswith("goal-")]
        declared = [s for s in body if not s.key.startswith("goal-")
                    and (s.tables or s.paragraphs or s.facts)]
        assert goals and declared, (document.title, number, [s.key for s in body])


def test_early_in_january_no_day_of_the_story_is_in_the_future(time_machine):
    time_machine.move_to(datetime(2027, 1, 2, 9, 0, tzinfo=ZoneInfo("Europe/Vilnius")),
                         tick=False)
    UserFactory(role="staff", email=demo.STAFF, full_name="Rūta Žemaitienė")
    UserFactory(role="management", email=demo.MANAGER, full_name="Vytautas Čėsna")
    demo.load(io.StringIO())
    now = timezone.now()
    assert sorted(Plan.objects.values_list("year", flat=True)) == [2026, 2027]
    assert not Event.objects.filter(at__gt=now).exists()
    assert not Snapshot.objects.filter(approved_at__gt=now).exists()
    # with no records of the other apps, the planned values fall back to the department's
    # own figures and every indicator still has a planned value
    assert not Indicator.objects.filter(planned__lte=0).exists()
    assert Plan.objects.get(year=2026).report.status == Status.APPROVED


def test_without_the_demo_accounts_nothing_is_loaded():
    out = io.StringIO()
    demo.load(out)
    assert not Plan.objects.exists() and "no demo accounts" in out.getvalue()


@pytest.mark.parametrize(("value", "unit", "expected"), [
    ("0.4", "vnt.", "1"), ("6.3", "vnt.", "6"), ("131.4", "vnt.", "130"),
    ("1833", "Eur", "1830"), ("33337", "Eur", "33000"), ("1455477", "vnt.", "1460000"),
    ("26.5", "%", "27"), ("0", "vnt.", "0")])
def test_planned_values_are_rounded_as_a_plan_writes_them(value, unit, expected):
    assert demo.nice(Decimal(value), unit) == Decimal(expected)
