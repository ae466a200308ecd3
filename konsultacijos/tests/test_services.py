"""The rules of the consultations app, against the real database: who sees which record,
who may write, two editors at once, a question becoming a consultation, the knowledge
base's anonymity and second pair of eyes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bibliotekos.models import Membership, Person
from konsultacijos import services
from konsultacijos.models import (
    Channel,
    Consultation,
    EntryStatus,
    FieldVisit,
    KnowledgeEntry,
    Question,
    QuestionStatus,
    VisitAction,
    VisitStatus,
)
from konsultacijos.tests.factories import (
    make_consultation,
    make_entry,
    make_question,
    make_visit,
    report,
    topic,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch_librarian(territory):
    """A librarian (not the director) of A's branch."""
    user = UserFactory(role="librarian", email="filialas@test.lt", full_name="Rasa Čepulienė")
    territory.branch_a.memberships.create(user=user, role=Membership.Role.LIBRARIAN)
    return user


def test_records_are_seen_by_the_whole_territory_and_the_director_only(
        territory, staff, manager, librarian_a, librarian_b, branch_librarian):
    at_branch = make_consultation(library=territory.branch_a, by=staff)
    elsewhere = make_consultation(library=territory.school_b, by=staff)
    for user in (staff, manager):
        assert set(Consultation.objects.visible_to(user)) == {at_branch, elsewhere}
    assert set(Consultation.objects.visible_to(librarian_a)) == {at_branch}  # an outlet of A
    assert not Consultation.objects.visible_to(branch_librarian).exists()  # not a director
    assert not Consultation.objects.visible_to(librarian_b).exists()
    visit = make_visit(library=territory.branch_a, by=staff)
    assert list(FieldVisit.objects.visible_to(librarian_a)) == [visit]
    assert not FieldVisit.objects.visible_to(branch_librarian).exists()
    assert not FieldVisit.objects.visible_to(librarian_b).exists()


def test_a_question_is_its_askers_their_directors_and_the_departments(
        territory, staff, manager, librarian_a, librarian_b, branch_librarian):
    asked = make_question(library=territory.branch_a, by=branch_librarian)
    colleague = UserFactory(role="librarian", email="kolege@test.lt", full_name="Kolegė")
    territory.branch_a.memberships.create(user=colleague, role=Membership.Role.LIBRARIAN)
    for user in (branch_librarian, librarian_a, staff, manager):
        assert list(Question.objects.visible_to(user)) == [asked], user
    for user in (colleague, librarian_b):
        assert not Question.objects.visible_to(user).exists(), user


def test_only_staff_write_records(territory, manager, librarian_a):
    for user in (manager, librarian_a):
        with pytest.raises(PermissionDenied):
            make_consultation(library=territory.system_a, by=user)
        with pytest.raises(PermissionDenied):
            make_visit(library=territory.system_a, by=user)


def test_a_librarian_asks_only_for_their_own_library(territory, librarian_b, staff):
    with pytest.raises(PermissionDenied):
        make_question(library=territory.system_a, by=librarian_b)
    with pytest.raises(PermissionDenied):
        make_question(library=territory.system_a, by=staff)  # staff log, they do not ask


def test_the_person_consulted_must_work_at_the_library(territory, staff):
    person = Person.objects.create(first_name="Ona", last_name="Skuodiškė",
                                   library=territory.school_b)
    with pytest.raises(services.Refused):
        make_consultation(library=territory.system_a, by=staff, person=person, person_name="")
    at_outlet = Person.objects.create(first_name="Eglė", last_name="Darbėnienė",
                                      library=territory.branch_a)
    saved = make_consultation(library=territory.system_a, by=staff, person=at_outlet,
                              person_name="")
    assert saved.consulted == str(at_outlet)


def test_two_editors_at_once_the_second_is_told(territory, staff):
    record = make_consultation(library=territory.system_a, by=staff)
    first = Consultation.objects.get(pk=record.pk)
    second = Consultation.objects.get(pk=record.pk)
    first.answer = "Pirmasis atsakymas"
    services.update_consultation(first, by=staff, seen_version=first.version)
    second.answer = "Antrasis atsakymas"
    with pytest.raises(services.Refused) as refused:
        services.update_consultation(second, by=staff, seen_version=second.version)
    assert refused.value.code == "stale"
    record.refresh_from_db()
    assert record.answer == "Pirmasis atsakymas"
    assert record.version == 2
    assert record.history.count() == 2


def test_follow_up_needs_text_and_is_completed_once(territory, staff):
    with pytest.raises(services.Refused):
        make_consultation(library=territory.system_a, by=staff,
                          follow_up_due=timezone.localdate())
    record = make_consultation(library=territory.system_a, by=staff, follow_up="Atsiųsti formą",
                               follow_up_due=timezone.localdate() - timedelta(days=1))
    assert record.follow_up_overdue
    assert Consultation.objects.open_follow_ups().get() == record
    done = services.complete_follow_up(record, by=staff)
    again = services.complete_follow_up(done, by=staff)
    assert again.follow_up_done_at == done.follow_up_done_at
    assert not Consultation.objects.open_follow_ups().exists()


def test_the_quick_form_starts_with_my_last_channel(territory, staff):
    assert services.last_channel(staff) == Channel.PHONE
    make_consultation(library=territory.system_a, by=staff, channel=Channel.EMAIL)
    assert services.last_channel(staff) == Channel.EMAIL


def test_an_answered_question_becomes_a_consultation(territory, staff, librarian_a,
                                                     django_capture_on_commit_callbacks):
    person = Person.objects.create(first_name="Aldona", last_name="Ąžuolienė",
                                   library=territory.system_a, user=librarian_a)
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    question = services.assign_question(question, to=staff, by=staff,
                                        seen_version=question.version)
    assert question.status == QuestionStatus.ASSIGNED
    answered = services.answer_question(question, by=staff, answer="Taip, įrašykite.",
                                        minutes=25, seen_version=question.version)
    record = answered.consultation
    assert answered.status == QuestionStatus.ANSWERED
    assert (record.channel, record.library, record.person, record.minutes) == (
        Channel.PORTAL, territory.system_a, person, 25)
    assert record.staff_member == staff
    assert "Renginių apskaita" in record.question and record.answer == "Taip, įrašykite."
    with pytest.raises(services.Refused):  # answered once: a second answer is refused
        services.answer_question(answered, by=staff, answer="Dar kartą")
    assert Consultation.objects.count() == 1


def test_two_staff_answer_at_once_one_answer_counts(territory, staff, librarian_a):
    other = UserFactory(role="staff", email="kita@test.lt", full_name="Kita Darbuotoja")
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    seen = question.version
    services.answer_question(Question.objects.get(pk=question.pk), by=staff, answer="Pirmas",
                             seen_version=seen)
    with pytest.raises(services.Refused):
        services.answer_question(Question.objects.get(pk=question.pk), by=other,
                                 answer="Antras", seen_version=seen)
    assert Question.objects.get().answer == "Pirmas"
    assert Consultation.objects.count() == 1


def test_an_answer_needs_a_topic_and_text(territory, staff, librarian_a):
    question = make_question(library=territory.system_a, by=librarian_a)
    with pytest.raises(services.Refused):
        services.answer_question(question, by=staff, answer="Atsakymas")
    with pytest.raises(services.Refused):
        services.answer_question(question, by=staff, answer="  ", topic=topic())


def test_the_asker_or_director_withdraws_an_open_question(territory, staff, librarian_a,
                                                         librarian_b, branch_librarian):
    question = make_question(library=territory.branch_a, by=branch_librarian)
    assert not services.may_withdraw(librarian_b, question)
    assert services.may_withdraw(librarian_a, question)
    withdrawn = services.withdraw_question(question, by=branch_librarian)
    assert withdrawn.status == QuestionStatus.WITHDRAWN
    with pytest.raises(PermissionDenied):
        services.withdraw_question(withdrawn, by=branch_librarian)


def test_a_visit_is_reported_once_it_took_place_and_not_when_cancelled(territory, staff):
    future = make_visit(library=territory.system_a, by=staff, days_ago=-3)
    future.findings = "Per anksti"
    with pytest.raises(services.Refused):
        services.report_visit(future, by=staff, seen_version=future.version)
    cancelled = services.cancel_visit(make_visit(library=territory.system_a, by=staff),
                                      by=staff, reason="Liga")
    cancelled.findings = "Vis tiek"
    with pytest.raises(services.Refused):
        services.report_visit(cancelled, by=staff)
    with pytest.raises(services.Refused):
        services.cancel_visit(cancelled, by=staff, reason="Dar kartą")
    done = report(make_visit(library=territory.system_a, by=staff), by=staff, actions=2)
    assert done.status == VisitStatus.REPORTED and done.reported_by == staff
    assert done.actions.count() == 2
    assert FieldVisit.objects.made().get() == done


def test_a_visit_needs_someone_to_go(territory, staff):
    with pytest.raises(services.Refused):
        services.plan_visit(FieldVisit(library=territory.system_a,
                                       visit_on=timezone.localdate(), purpose="Tikslas"),
                            participants=[], by=staff)


def test_the_director_marks_their_action_done_others_may_not(territory, staff, librarian_a,
                                                             librarian_b, branch_librarian):
    visit = report(make_visit(library=territory.branch_a, by=staff), by=staff)
    action = visit.actions.get()
    for outsider in (librarian_b, branch_librarian):
        with pytest.raises(PermissionDenied):
            services.complete_action(action, by=outsider)
    with pytest.raises(services.Refused):
        services.complete_action(action, by=librarian_a,
                                 done_on=timezone.localdate() + timedelta(days=1))
    done = services.complete_action(action, by=librarian_a, note="Fondas atnaujintas")
    assert done.done_on == timezone.localdate() and done.note == "Fondas atnaujintas"
    assert not VisitAction.objects.open().exists()
    with pytest.raises(PermissionDenied):
        services.reopen_action(done, by=librarian_a)
    assert services.reopen_action(done, by=staff).done_on is None


def test_overdue_actions(territory, staff):
    visit = report(make_visit(library=territory.system_a, by=staff), by=staff, actions=0)
    late = services.add_action(VisitAction(visit=visit, text="Vėluoja", due_on=(
        timezone.localdate() - timedelta(days=1))), by=staff)
    services.add_action(VisitAction(visit=visit, text="Laiku",
                                    due_on=timezone.localdate()), by=staff)
    assert list(VisitAction.objects.overdue()) == [late]
    assert late.is_overdue


def test_the_knowledge_base_is_anonymous(territory, staff):
    source = make_consultation(library=territory.system_a, by=staff,
                               person_name="Ona Bibliotekininkė")
    for question, answer in [
        ("Kretingos viešoji biblioteka klausia apie renginius", "Atsakymas"),
        ("Klausimas", "Paskambinkite Onai: +370 612 34567"),
        ("Klausimas", "Rašykite ona@kretinga.lt"),
        ("Ką patarė Bibliotekininkė?", "Atsakymas"),
    ]:
        entry = services.draft_entry(KnowledgeEntry(question=question, answer=answer,
                                                    topic=topic(), source=source), by=staff)
        with pytest.raises(services.Refused):
            services.submit_entry(entry, by=staff)
    clean = services.draft_entry(KnowledgeEntry(
        question="Kaip apskaityti 2018 m. gautas 8 000 knygų?", answer="Pagal aktą.",
        topic=topic(), source=source), by=staff)
    assert services.submit_entry(clean, by=staff).status == EntryStatus.REVIEW


def test_an_entry_is_published_by_another_pair_of_eyes(territory, staff, manager,
                                                       librarian_a):
    entry = make_entry(by=staff, status=EntryStatus.REVIEW)
    with pytest.raises(PermissionDenied):
        services.publish_entry(entry, by=staff)  # the author
    with pytest.raises(PermissionDenied):
        services.publish_entry(entry, by=librarian_a)
    assert not KnowledgeEntry.objects.visible_to(librarian_a).exists()
    published = services.publish_entry(entry, by=manager)
    assert published.status == EntryStatus.PUBLISHED and published.reviewed_by == manager
    assert list(KnowledgeEntry.objects.visible_to(librarian_a)) == [published]
    with pytest.raises(services.Refused):
        services.publish_entry(published, by=manager)  # moved on already
    assert services.archive_entry(published, by=staff).status == EntryStatus.ARCHIVED
    assert not KnowledgeEntry.objects.visible_to(librarian_a).exists()


def test_a_returned_entry_goes_back_to_its_author(territory, staff, manager):
    entry = make_entry(by=staff, status=EntryStatus.REVIEW)
    returned = services.return_entry(entry, by=manager)
    assert returned.status == EntryStatus.DRAFT
    assert returned.version == entry.version + 1
