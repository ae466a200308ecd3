"""A juror never sees another juror's scores before the chair closes scoring: not on their
pages (worklist, sheet, the contest's and the nomination's jury sections, their juries, the
home card), not in the audit trail, the score table or the protocol — a staff member on the
jury included. The audit trail says who scored and when, never what; it is staff's only
(404 for everyone else, the chair too when not staff). After closing the chair and staff
see every score; a member still only their own."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from apdovanojimai import services_jury as services
from apdovanojimai.models import Assessment, JuryAction
from apdovanojimai.panels_jury import contest_jury, jury_home, nomination_jury
from apdovanojimai.tests.factories_jury import client_for, jury_world
from ataskaitos import services as documents

pytestmark = pytest.mark.django_db
SECRET = "SLAPTAS-B-KOMENTARAS"


@pytest.fixture
def w(territory, staff, manager, librarian_a):
    world = jury_world(territory=territory, staff=staff, manager=manager,
                       librarian_a=librarian_a)
    criteria = list(world.contest.criteria.order_by("order", "pk"))
    # library B's director scores library A's nominee with unusual numbers and a comment
    services.declare(nomination=world.of_a, by=world.b_seat.user, conflict=False)
    services.score(nomination=world.of_a, by=world.b_seat.user,
                   values=dict(zip([c.pk for c in criteria], ("6.7", "2.3", "1.9"),
                                   strict=True)),
                   comment=SECRET, complete=True,
                   seen_version=Assessment.objects.get(juror=world.b_seat).version)
    # the staff member on the jury scores the same nominee
    services.declare(nomination=world.of_a, by=world.staff_seat.user, conflict=False)
    services.score(nomination=world.of_a, by=world.staff_seat.user,
                   values=dict(zip([c.pk for c in criteria], (8, 7, 4), strict=True)),
                   complete=True,
                   seen_version=Assessment.objects.get(juror=world.staff_seat).version)
    return world


def leaks(text: str) -> list[str]:
    return [marker for marker in (SECRET, "6,7", "6.7", "2,3", "2.3", "1,9", "1.9")
            if marker in text]


def panel_html(function, template, user, obj=None) -> str:
    request = RequestFactory().get("/")
    request.user = user
    context = function(request, obj) if obj is not None else function(request)
    if context is None:
        return ""
    return render_to_string(template, {"panel": context}, request=request)


def test_the_other_jurors_pages_never_show_library_bs_scores_before_closing(w):
    for seat in (w.staff_seat, w.chair, w.a_seat):
        client = client_for(seat.user)
        pages = [reverse("apdovanojimai:my_juries"),
                 reverse("apdovanojimai:jury_worklist", args=[w.contest.pk]), "/"]
        if seat is w.staff_seat:
            pages.append(reverse("apdovanojimai:assessment_score", args=[w.of_a.pk]))
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200, url
            assert not leaks(response.content.decode()), (seat.user, url)
        assert not leaks(panel_html(contest_jury, "apdovanojimai/_jury_contest_panel.html",
                                    seat.user, w.contest))
        assert not leaks(panel_html(nomination_jury,
                                    "apdovanojimai/_jury_nomination_panel.html",
                                    seat.user, w.of_a))
        assert not leaks(panel_html(jury_home, "apdovanojimai/_jury_home.html", seat.user))


def test_the_juror_sees_their_own_scores(w):
    page = client_for(w.b_seat.user).get(reverse("apdovanojimai:assessment_score",
                                                 args=[w.of_a.pk]))
    assert SECRET in page.content.decode() and "6,7" in page.content.decode()


def test_the_staff_juror_sees_who_scored_but_no_score_in_the_audit_trail(w):
    page = client_for(w.staff_seat.user).get(reverse("apdovanojimai:jury_audit",
                                                     args=[w.contest.pk]))
    assert page.status_code == 200
    rows = page.context["rows"]
    scored = [row for row in rows if row["code"] == JuryAction.SCORED]
    assert {row["actor"] for row in scored} == {str(w.b_seat.user), str(w.staff_seat.user)}
    assert all(row["detail"] == "" for row in scored)
    assert not leaks(page.content.decode())
    assert page.context["scores_shown"] is False


def test_after_closing_staff_see_the_scores_in_the_trail_and_the_table(w):
    services.close_scoring(contest=w.contest, by=w.chair.user)
    staff = client_for(w.staff_seat.user)
    trail = staff.get(reverse("apdovanojimai:jury_audit", args=[w.contest.pk]))
    assert "6,7" in trail.content.decode()
    table = staff.get(reverse("apdovanojimai:score_table", args=[w.contest.pk]))
    assert table.status_code == 200 and "6,7" in table.content.decode()
    assert client_for(w.chair.user).get(
        reverse("apdovanojimai:score_table", args=[w.contest.pk])).status_code == 200


def test_the_audit_trail_is_a_404_for_everyone_but_staff(w, librarian_b):
    url = reverse("apdovanojimai:jury_audit", args=[w.contest.pk])
    for user in (w.chair.user, w.a_seat.user, w.b_seat.user, librarian_b):
        assert client_for(user).get(url).status_code == 404, user
    services.close_scoring(contest=w.contest, by=w.chair.user)
    assert client_for(w.a_seat.user).get(url).status_code == 404


def test_the_score_table_is_a_404_before_closing_even_for_staff_and_the_chair(w):
    url = reverse("apdovanojimai:score_table", args=[w.contest.pk])
    for seat in w.seats:
        assert client_for(seat.user).get(url).status_code == 404
    services.close_scoring(contest=w.contest, by=w.chair.user)
    for seat in (w.a_seat, w.b_seat):
        assert client_for(seat.user).get(url).status_code == 404


def test_a_member_never_sees_the_others_scores_after_closing_either(w):
    services.close_scoring(contest=w.contest, by=w.chair.user)
    client = client_for(w.a_seat.user)
    for url in (reverse("apdovanojimai:jury_worklist", args=[w.contest.pk]),
                reverse("apdovanojimai:my_juries")):
        assert not leaks(client.get(url).content.decode())
    assert not leaks(panel_html(contest_jury, "apdovanojimai/_jury_contest_panel.html",
                                w.a_seat.user, w.contest))


def test_the_protocol_is_refused_before_closing_and_to_a_member(w):
    for user in (w.staff_seat.user, w.chair.user, w.a_seat.user):
        with pytest.raises(documents.NotAvailable):
            documents.request_report(kind="apdovanojimai.protocol",
                                     params={"contest": str(w.contest.pk)}, format="pdf",
                                     by=user)
    services.close_scoring(contest=w.contest, by=w.chair.user)
    with pytest.raises(documents.NotAvailable):
        documents.request_report(kind="apdovanojimai.protocol",
                                 params={"contest": str(w.contest.pk)}, format="pdf",
                                 by=w.a_seat.user)
