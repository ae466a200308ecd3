"""The consultations' e-mails honour the e-mail preferences: the optional kinds (a new
question, the knowledge-base review) are not sent to whoever turned them off."""

import pytest
from django.core import mail

from konsultacijos.models import EntryStatus
from konsultacijos.tasks_knowledge import notify_entry_in_review
from konsultacijos.tasks_questions import notify_question_asked, wants
from konsultacijos.tests.factories import make_entry, make_question
from portalas.notifications import set_preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_who_turned_new_questions_off_do_not_hear_of_one(territory, staff, librarian_a):
    colleague = UserFactory(role="staff", email="kolege@test.lt")
    set_preference(user=staff, key="konsultacijos.question_new", enabled=False)
    question = make_question(library=territory.system_a, by=librarian_a)
    mail.outbox.clear()
    assert notify_question_asked(question.pk) == 1
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert not wants(staff, "konsultacijos.question_new")
    assert wants(staff, "konsultacijos.question_assigned")  # mandatory


def test_a_reviewer_who_turned_the_review_e_mail_off_gets_none(staff, manager):
    set_preference(user=manager, key="konsultacijos.review", enabled=False)
    entry = make_entry(by=staff, status=EntryStatus.REVIEW)
    mail.outbox.clear()
    assert notify_entry_in_review(entry.pk) == 0 and not mail.outbox
    set_preference(user=manager, key="konsultacijos.review", enabled=True)
    assert notify_entry_in_review(entry.pk) == 1
