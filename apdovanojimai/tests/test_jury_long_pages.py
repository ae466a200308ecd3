"""A large contest's jury pages and protocol stay short: the score table lists every
nomination's result but the jurors' sheets of a page of nominations (a result links to its
sheet's page); the audit trail shows its events and declarations a page at a time; the
protocol puts a category's jurors side by side, a nomination a row (more tables for a
large jury)."""

import pytest
from django.urls import reverse

from apdovanojimai import services_jury as services
from apdovanojimai import views_jury_chair
from apdovanojimai.models import JuryEvent
from apdovanojimai.reports_jury import LT, protocol_document
from apdovanojimai.tests.factories import declare, give_scores
from apdovanojimai.tests.factories_jury import client_for, jury_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(territory, staff, manager, librarian_a):
    world = jury_world(territory=territory, staff=staff, manager=manager,
                       librarian_a=librarian_a)
    declare(world.of_a, world.a_seat, conflict=True, reason="own_library")
    give_scores(world.of_a, world.staff_seat, ("6.5", 7, 4))
    give_scores(world.of_b, world.staff_seat, (5, 5, 2))
    give_scores(world.of_school, world.staff_seat, (9, 9, 5))
    give_scores(world.of_b, world.b_seat, (8, 7, 4))
    return world


def url(name, *args):
    return reverse(f"apdovanojimai:{name}", args=args)


def test_the_score_table_lists_every_result_and_the_sheets_of_a_page(w, staff, monkeypatch):
    monkeypatch.setattr(views_jury_chair, "SHEETS_PAGE", 2)
    services.close_scoring(contest=w.contest, by=w.chair.user)
    page = client_for(staff).get(url("score_table", w.contest.pk))
    rows = [row for entry in page.context["categories"] for row in entry["rows"]]
    assert len(rows) == 3 and len(page.context["sheets"]) == 2
    assert all(len(row.cells) == 4 for row in page.context["sheets"])
    last = rows[-1]
    assert f'?page=2#sheet-{last.nomination.pk}' in page.content.decode()
    second = client_for(staff).get(url("score_table", w.contest.pk) + "?page=2")
    assert [row.nomination.pk for row in second.context["sheets"]] == [last.nomination.pk]
    assert f'id="sheet-{last.nomination.pk}"' in second.content.decode()


def test_the_audit_trail_shows_its_events_and_declarations_a_page_at_a_time(
        w, staff, monkeypatch):
    monkeypatch.setattr(views_jury_chair, "AUDIT_PAGE", 2)
    for nomination in (w.of_a, w.of_b, w.of_school):
        JuryEvent.objects.create(contest=w.contest, nomination=nomination,
                                 actor=w.staff_seat.user, action="scored",
                                 detail={"scores": {"1": "9.0"}, "complete": True})
    trail = url("jury_audit", w.contest.pk)
    first = client_for(staff).get(trail)
    assert len(first.context["rows"]) == 2 and len(first.context["declarations"]) == 2
    assert all(row["detail"] == "" for row in first.context["rows"])    # still no score
    assert "?page=2" in first.content.decode() and "?d=2#declarations-title" in \
        first.content.decode()
    later = client_for(staff).get(trail + "?page=2&d=3")
    assert len(later.context["rows"]) == 1 and len(later.context["declarations"]) == 1


def test_the_protocol_puts_the_jurors_side_by_side(w, monkeypatch):
    services.close_scoring(contest=w.contest, by=w.chair.user)
    document = protocol_document(w.contest)
    scores = next(section for section in document.sections if section.heading == LT["scores"])
    [table] = scores.tables
    jurors = [column.label for column in table.columns[1:]]
    assert len(jurors) == 4 and str(w.staff_seat.user) in jurors
    row = next(row for row in table.rows if row[0] == w.of_a.nominee_name)
    assert row[1 + jurors.index(str(w.staff_seat.user))] == "6,5 · 7 · 4 → 69,50"
    assert row[1 + jurors.index(str(w.a_seat.user))] == LT["conflict"]
    assert row[1 + jurors.index(str(w.chair.user))] == LT["not_declared"]
    monkeypatch.setattr("apdovanojimai.reports_jury.JURORS_PER_TABLE", 3)
    scores = next(section for section in protocol_document(w.contest).sections
                  if section.heading == LT["scores"])
    assert [len(t.columns) for t in scores.tables] == [4, 2]
    assert scores.tables[1].title.endswith("(2/2)")
