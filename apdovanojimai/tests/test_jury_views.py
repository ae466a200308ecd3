"""The jury's pages: the worklist (a juror's only; 404 for anyone off the jury), the
declaration (no "no conflict" choice when forced; a POST of it refused), the score sheet
(a conflict: 404; a score outside the range: the form says so; after closing: refused),
closing (the chair; a member 403, an outsider 404), the note, the reset, and query budgets
that do not grow with 20 nominations."""

import pytest
from django.urls import reverse

from apdovanojimai import services_jury as services
from apdovanojimai.models import Assessment, Contest, JuryEvent, Result, Score
from apdovanojimai.tests.factories import give_scores, make_nomination, make_person
from apdovanojimai.tests.factories_jury import client_for, jury_world
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(territory, staff, manager, librarian_a):
    return jury_world(territory=territory, staff=staff, manager=manager,
                      librarian_a=librarian_a)


def url(name, *args):
    return reverse(f"apdovanojimai:{name}", args=args)


def score_post(w, numbers, *, version, complete=True, comment=""):
    criteria = list(w.contest.criteria.order_by("order", "pk"))
    data = {f"c{c.pk}": n for c, n in zip(criteria, numbers, strict=True)}
    data.update({"version": version, "comment": comment})
    data["complete" if complete else "draft"] = "1"
    return data


def test_the_worklist_is_the_jurors_own_and_a_404_for_anyone_else(w, librarian_b, staff):
    page = client_for(w.a_seat.user).get(url("jury_worklist", w.contest.pk))
    assert page.status_code == 200
    states = {item.nomination.pk: (item.state, item.forced) for item in page.context["items"]}
    assert states == {w.of_a.pk: ("declare", "own_library"), w.of_b.pk: ("declare", ""),
                      w.of_school.pk: ("declare", "")}
    assert client_for(librarian_b).get(url("jury_worklist", w.contest.pk)).status_code == 404
    other = Contest.objects.create(title="Kitas", year=2026, status="evaluation",
                                   nominations_open=w.contest.nominations_open,
                                   nominations_close=w.contest.nominations_close)
    assert client_for(staff).get(url("jury_worklist", other.pk)).status_code == 404


def test_a_forced_conflict_offers_no_no_conflict_choice_and_refuses_one(w):
    client = client_for(w.a_seat.user)
    page = client.get(url("assessment_declare", w.of_a.pk))
    assert [value for value, _label in page.context["form"].fields["answer"].choices] == [
        "conflict"]
    response = client.post(url("assessment_declare", w.of_a.pk), {"answer": "none"})
    assert response.status_code == 200
    assert not Assessment.objects.filter(declared_at__isnull=False).exists()
    response = client.post(url("assessment_declare", w.of_a.pk),
                           {"answer": "conflict", "note": "Mano kolegė"})
    assert response.status_code == 302
    assessment = Assessment.objects.get(juror=w.a_seat)
    assert (assessment.conflict, assessment.conflict_reason) == (True, "own_library")
    assert client.get(url("assessment_score", w.of_a.pk)).status_code == 404
    assert client.post(url("assessment_score", w.of_a.pk),
                       score_post(w, (8, 7, 4), version=assessment.version)).status_code == 404
    assert not Score.objects.exists()


def test_a_juror_declares_no_conflict_then_scores_and_rescores(w):
    client = client_for(w.a_seat.user)
    response = client.post(url("assessment_declare", w.of_b.pk), {"answer": "none"})
    assert response["Location"] == url("assessment_score", w.of_b.pk)
    assessment = Assessment.objects.get(juror=w.a_seat)
    page = client.get(url("assessment_score", w.of_b.pk))
    assert page.status_code == 200
    response = client.post(url("assessment_score", w.of_b.pk),
                           score_post(w, ("7,5", 7, 4), version=assessment.version))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.completed_at is not None
    assert sorted(str(v) for v in assessment.scores.values_list("value", flat=True)) == [
        "4.0", "7.0", "7.5"]
    response = client.post(url("assessment_score", w.of_b.pk),
                           score_post(w, (9, "", ""), version=assessment.version,
                                      complete=False))
    assessment.refresh_from_db()
    assert assessment.completed_at is None and assessment.scores.count() == 1


def test_a_score_outside_the_range_is_shown_on_the_form(w):
    client = client_for(w.a_seat.user)
    client.post(url("assessment_declare", w.of_b.pk), {"answer": "none"})
    version = Assessment.objects.get(juror=w.a_seat).version
    page = client.post(url("assessment_score", w.of_b.pk), score_post(w, (8, 7, 6),
                                                                      version=version))
    assert page.status_code == 200 and page.context["form"].errors
    assert not Score.objects.exists()


def test_after_closing_a_score_change_is_refused_and_the_sheet_is_read_only(w):
    give_scores(w.of_b, w.a_seat, (8, 7, 4))
    services.close_scoring(contest=w.contest, by=w.chair.user)
    client = client_for(w.a_seat.user)
    page = client.get(url("assessment_score", w.of_b.pk))
    assert page.status_code == 200 and page.context["open"] is False
    version = Assessment.objects.get(juror=w.a_seat).version
    page = client.post(url("assessment_score", w.of_b.pk), score_post(w, (1, 1, 1),
                                                                      version=version))
    assert page.status_code == 200
    assert sorted(Score.objects.values_list("value", flat=True)) == [4, 7, 8]


def test_only_the_chair_closes_from_the_page(w, librarian_b, staff):
    assert client_for(w.a_seat.user).post(url("scoring_close", w.contest.pk)).status_code \
        == 403
    assert client_for(staff).post(url("scoring_close", w.contest.pk)).status_code == 403
    assert client_for(librarian_b).post(url("scoring_close", w.contest.pk)).status_code \
        == 404
    assert Contest.objects.get(pk=w.contest.pk).scoring_closed_at is None
    chair = client_for(w.chair.user)
    assert chair.get(url("scoring_close", w.contest.pk)).status_code == 200
    response = chair.post(url("scoring_close", w.contest.pk))
    assert response["Location"] == url("score_table", w.contest.pk)
    assert Result.objects.count() == 3
    chair.post(url("scoring_close", w.contest.pk))
    assert JuryEvent.objects.filter(action="closed").count() == 1


def test_the_chair_writes_the_protocol_note(w):
    assert client_for(w.a_seat.user).get(url("protocol_note", w.contest.pk)).status_code \
        == 403
    response = client_for(w.chair.user).post(url("protocol_note", w.contest.pk),
                                              {"note": "Sprendimas vienbalsis."})
    assert response.status_code == 302
    assert Contest.objects.get(pk=w.contest.pk).protocol_note == "Sprendimas vienbalsis."


def test_staff_reset_a_declaration_from_the_audit_trail(w, staff):
    give_scores(w.of_b, w.a_seat, (8, 7, 4))
    assessment = Assessment.objects.get(juror=w.a_seat)
    assert client_for(w.a_seat.user).post(url("declaration_reset", assessment.pk)) \
        .status_code == 404
    response = client_for(staff).post(url("declaration_reset", assessment.pk))
    assert response["Location"] == url("jury_audit", w.contest.pk)
    assert not Assessment.objects.filter(pk=assessment.pk).exists()


@pytest.fixture
def busy(w, territory, staff):
    """20 more nominations, each declared and scored by staff and library B's director."""
    for number in range(20):
        nomination = make_nomination(w.contest, by=w.chair.user, person=make_person(
            territory.central_b, first_name=f"Asmuo{number}", last_name="Pavardenė"))
        give_scores(nomination, w.staff_seat, (8, 7, 4))
        give_scores(nomination, w.a_seat, (6, 5, 3))
        JuryEvent.objects.create(contest=w.contest, nomination=nomination,
                                 actor=w.a_seat.user, action="scored",
                                 detail={"scores": {}})
    return w


def test_the_pages_keep_their_query_budgets_with_many_nominations(busy, staff):
    w = busy
    juror = client_for(w.a_seat.user)
    with query_budget(20, "worklist"):
        assert juror.get(url("jury_worklist", w.contest.pk)).status_code == 200
    with query_budget(15, "my juries"):
        assert juror.get(url("my_juries")).status_code == 200
    with query_budget(20, "score sheet"):
        scored = Assessment.objects.filter(juror=w.a_seat).first().nomination_id
        assert juror.get(url("assessment_score", scored)).status_code == 200
    admin = client_for(staff)
    with query_budget(20, "audit"):
        page = admin.get(url("jury_audit", w.contest.pk))
    assert page.status_code == 200 and len(page.context["declarations"]) == 40
    services.close_scoring(contest=w.contest, by=w.chair.user)
    with query_budget(20, "audit after closing"):
        assert admin.get(url("jury_audit", w.contest.pk)).status_code == 200
    with query_budget(20, "score table"):
        page = admin.get(url("score_table", w.contest.pk))
    assert page.status_code == 200
    assert sum(len(entry["rows"]) for entry in page.context["categories"]) == 23
