"""The results' demo: on "Metų bibliotekininkas 2025" closed by the jury, a diploma per
winner and a letter per other nominee with the recipient in the dative, and the results
published without e-mails; skipped with a line while the contest is not closed."""

import io

import pytest

from apdovanojimai import demo_results
from apdovanojimai.models import Award, ContestStatus
from apdovanojimai.tests.factories import make_contest
from apdovanojimai.tests.factories_results import closed_contest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return UserFactory(role="staff", email=demo_results.STAFF)


def test_the_demo_prepares_dative_diplomas_and_publishes(territory, department, librarian_a,
                                                         mailoutbox,
                                                         django_capture_on_commit_callbacks):
    contest, nominations, _ = closed_contest(staff=department, nominator=librarian_a,
                                             library=territory.branch_a, count=3,
                                             title=demo_results.TITLE, year=2025)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        demo_results.load(out)
    contest.refresh_from_db()
    assert contest.status == ContestStatus.PUBLISHED
    assert "1 diplomas, 2 thank-you letters" in out.getvalue()
    diploma = Award.objects.get(kind="diploma")
    assert diploma.recipient_text == "Aušrai Petrauskienei"
    assert diploma.nomination == nominations[0]
    assert all(number.startswith("AP-2025-") for number in
               Award.objects.values_list("number", flat=True))
    assert mailoutbox == []


def test_the_demo_skips_a_contest_still_in_evaluation(territory, department):
    make_contest(title=demo_results.TITLE, status=ContestStatus.EVALUATION, by=department)
    out = io.StringIO()
    demo_results.load(out)
    assert "skipped" in out.getvalue()
    assert not Award.objects.exists()


def test_the_demo_skips_without_the_contest(db):
    out = io.StringIO()
    demo_results.load(out)
    assert "skipped" in out.getvalue()


def test_the_dative_is_typed_from_the_table():
    class Person:
        first_name, last_name = "Kęstutis", "Šeputis"

    assert demo_results.dative(Person()) == "Kęstučiui Šepučiui"
