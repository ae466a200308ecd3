"""The returned report as the librarian meets it: the reason and every open remark on the
home page, at the top of the form and in the e-mail; units with remarks are marked; the
librarian answers a remark in place; the department resolves it or accepts the report."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from statistika.models import FieldComment, Indicator, Submission, SubmissionEvent, SubmissionStatus
from statistika.services import review
from statistika.services.campaign import create_campaign, submit
from statistika.tests.test_reporting import fill

pytestmark = pytest.mark.django_db
YEAR = 2024
NOTE = "Patikrinkite Darbėnų filialo išduotį"
REMARK = "Išduotis dešimt kartų didesnė nei pernai – ar tikrai?"


@pytest.fixture
def returned(staff, librarian_a, territory, django_capture_on_commit_callbacks, mailoutbox):
    campaign = create_campaign(year=YEAR, kinds=["system"],
                               deadline=timezone.now() + timedelta(days=30), reminder_days=[],
                               by=staff)
    submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
    fill(submission, librarian_a)
    submit(submission=submission, by=librarian_a)
    review.add_comment(submission=submission, library=territory.branch_a,
                       indicator=Indicator.objects.get(code="loans"), text=REMARK, by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        review.return_for_correction(submission=submission, note=NOTE, by=staff)
    submission.refresh_from_db()
    return submission


def test_the_home_page_shows_the_reason_and_the_remark(client_a, returned):
    body = client_a.get(reverse("home")).content.decode()
    assert NOTE in body and REMARK in body


def test_the_form_shows_them_at_the_top_and_marks_the_unit(client_a, returned, territory):
    response = client_a.get(reverse("statistika:report_form", args=[returned.pk]))
    attention = response.context["attention"]
    assert attention["event"].note == NOTE
    assert [r["comment"].text for r in attention["remarks"]] == [REMARK]
    marked = {p["unit"].library: p["comments"] for p in response.context["units"]}
    assert marked[territory.branch_a] == 1 and marked[territory.central_a] == 0
    body = response.content.decode()
    assert body.index(NOTE) < body.index('id="report-progress"')


def test_the_e_mail_quotes_the_reason_and_the_remark(returned, mailoutbox):
    assert len(mailoutbox) == 1
    assert NOTE in mailoutbox[0].body and REMARK in mailoutbox[0].body


def test_the_librarian_answers_the_remark_in_place(client_a, returned, territory, librarian_a,
                                                   staff_client):
    comment = FieldComment.objects.get(text=REMARK)
    response = client_a.post(reverse("statistika:comment_answer", args=[returned.pk]), {
        "library": territory.branch_a.pk, "indicator": comment.indicator_id,
        "comment": comment.pk, "text": "Taip, vyko didelė akcija"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Taip, vyko didelė akcija" in response.content.decode()
    answer = comment.answers.get()
    assert answer.created_by == librarian_a and answer.library == territory.branch_a
    review_page = staff_client.get(reverse("statistika:report_review_unit",
                                           args=[returned.pk, "SVB-KRE-F01"]))
    assert "Taip, vyko didelė akcija" in review_page.content.decode()


def test_an_answer_to_another_units_remark_is_a_404(returned, territory, client, staff):
    from bibliotekos.models import Membership
    from tests.factories import UserFactory

    comment = FieldComment.objects.get(text=REMARK)
    central = UserFactory(role="librarian", email="centras@test.lt")
    Membership.objects.create(user=central, library=territory.central_a, role="librarian")
    client.force_login(central, backend="paskyros.backends.EmailBackend")
    response = client.post(reverse("statistika:comment_answer", args=[returned.pk]), {
        "library": territory.branch_a.pk, "indicator": comment.indicator_id,
        "comment": comment.pk, "text": "Ne mano"})
    assert response.status_code == 404
    assert not comment.answers.exists()
    home = client.get(reverse("home")).content.decode()
    assert REMARK not in home and NOTE in home


def test_resolving_and_accepting_close_the_remarks(staff_client, returned, territory,
                                                   librarian_a, staff, client_a):
    comment = FieldComment.objects.get(text=REMARK)
    response = staff_client.post(reverse("statistika:comment_resolve", args=[returned.pk]), {
        "library": territory.branch_a.pk, "indicator": comment.indicator_id,
        "comment": comment.pk})
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.resolved_by == staff and not comment.is_open
    other = review.add_comment(submission=returned, library=territory.central_a,
                               indicator=comment.indicator, text="Dar viena", by=staff)
    submit(submission=returned, by=librarian_a)
    review.accept(submission=returned, by=staff)
    other.refresh_from_db()
    assert other.resolved_at is not None
    assert SubmissionEvent.objects.filter(submission=returned).count() == 4
    body = client_a.get(reverse("home")).content.decode()
    assert REMARK not in body


def test_the_department_extends_one_reports_deadline_and_the_timeline_says_so(
        staff_client, returned, staff, client_a):
    until = timezone.localdate() + timedelta(days=45)
    response = staff_client.post(reverse("statistika:report_extend", args=[returned.pk]), {
        "until": until.isoformat(), "note": "Liga"})
    assert response.status_code == 302
    returned.refresh_from_db()
    assert timezone.localtime(returned.extended_until).date() == until
    event = returned.events.get(kind="extended")
    assert "Liga" in event.note and event.created_by == staff
    assert client_a.post(reverse("statistika:report_extend", args=[returned.pk]),
                         {"until": until.isoformat()}).status_code == 403
    past = staff_client.post(reverse("statistika:report_extend", args=[returned.pk]),
                             {"until": "2020-01-01"})
    assert past.status_code == 302
    returned.refresh_from_db()
    assert timezone.localtime(returned.extended_until).date() == until
    assert returned.status == SubmissionStatus.RETURNED
