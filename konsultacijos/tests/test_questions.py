"""Questions from libraries: a librarian asks, the department is told, a staff member is
assigned and answers, the asker gets the answer by e-mail and the answer is counted as a
consultation. Who sees a question: its asker, the asking library's director, staff and
management — anyone else gets a 404; a staff action by a librarian who sees it a 403."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bibliotekos.models import Membership
from konsultacijos import services
from konsultacijos.models import Channel, Consultation, Question, QuestionStatus
from konsultacijos.tasks_questions import remind_unanswered_questions
from konsultacijos.tests.factories import make_question, topic
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def _url(name, question=None):
    return reverse(f"konsultacijos:{name}", args=[question.pk] if question else [])


@pytest.fixture
def colleague(db):
    """A second staff member (the one questions get assigned to)."""
    return UserFactory(role="staff", email="kolege@test.lt", full_name="Jonas Kolega",
                       language="en")


@pytest.fixture
def branch_librarian(territory):
    user = UserFactory(role="librarian", email="filialas@test.lt",
                       full_name="Daiva Filialienė")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    return user


@pytest.fixture
def branch_colleague(territory):
    user = UserFactory(role="librarian", email="filialas2@test.lt",
                       full_name="Rasa Bendradarbė")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    return user


def _ask(client, library, **extra):
    data = {"library": library.pk, "subject": "Renginių apskaita",
            "text": "Ar nuotolinius renginius skaičiuoti kartu su kitais?", **extra}
    return client.post(_url("question_create"), data)


# --- the whole way -----------------------------------------------------------------------------

def test_a_question_goes_from_the_librarian_to_the_department_and_back_with_the_answer(
        territory, staff, colleague, librarian_a, client_a, staff_client,
        django_capture_on_commit_callbacks):
    statistics = topic("Statistika")
    librarian_a.language = "en"
    librarian_a.save()
    upload = SimpleUploadedFile("Lentelė (pavyzdys).PDF", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = _ask(client_a, territory.system_a, attachment=upload)
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("question_detail",
                                                                          question)
    assert question.asked_by == librarian_a and question.status == QuestionStatus.NEW
    assert question.attachment.name.endswith("Lentele-pavyzdys.pdf")
    # the department hears of it: every active staff member, with an absolute link
    assert sorted(m.to[0] for m in mail.outbox) == ["kolege@test.lt", "staff@test.lt"]
    english = next(m for m in mail.outbox if m.to == ["kolege@test.lt"])
    assert "Kretingos viešoji biblioteka" in english.subject
    assert "New question" in english.subject
    assert f"/konsultacijos/klausimai/{question.pk}/" in english.body
    assert english.body.count("http") >= 2 and "nuotolinius renginius" in english.body
    page = client_a.get(response["Location"])
    assert page.status_code == 200 and page.context["question"] == question

    # staff assign it to a colleague, who is told
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("question_assign", question),
                                     {"assigned_to": colleague.pk, "version": question.version})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ASSIGNED and question.assigned_to == colleague
    assert [m.to for m in mail.outbox] == [["kolege@test.lt"]]
    assert "A question for you to answer" in mail.outbox[0].subject

    # the colleague answers; the asker gets the answer (in their language) with the link
    mail.outbox.clear()
    colleague_client = _client(colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = colleague_client.post(_url("question_answer", question), {
            "answer": "Skaičiuokite atskirai: nuotoliniai renginiai turi savo eilutę.",
            "topic": statistics.pk, "minutes": 25, "version": question.version})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.ANSWERED and question.answered_by == colleague
    assert [m.to for m in mail.outbox] == [["a@test.lt"]]
    answer_mail = mail.outbox[0]
    assert "The answer to your question" in answer_mail.subject
    assert "nuotoliniai renginiai turi savo eilutę" in answer_mail.body
    assert f"/konsultacijos/klausimai/{question.pk}/" in answer_mail.body

    # the answer is a consultation record, channel "question in the portal", counted
    record = question.consultation
    assert record.channel == Channel.PORTAL and record.minutes == 25
    assert record.library == territory.system_a and record.topic == statistics
    assert record.staff_member == colleague
    assert Consultation.objects.filter(channel=Channel.PORTAL).count() == 1
    from portalas.metrics import Period, Scope
    from portalas.registry import metric

    year = Period.year(timezone.localdate().year)
    assert metric("konsultacijos.consultations").value(year, Scope.territory()) == 1

    # the asker reads it; the page shows the way and staff get the record's link
    page = client_a.get(_url("question_detail", question))
    steps = [m.kind for m in page.context["timeline"]]
    assert steps == ["asked", "assigned", "answered"]
    assert page.context["timeline"][1].by == staff
    assert page.context["timeline"][1].to == colleague
    assert "nuotoliniai renginiai turi savo eilutę" in page.content.decode()
    staff_page = staff_client.get(_url("question_detail", question))
    assert staff_page.context["consultation_url"] == reverse(
        "konsultacijos:consultation_detail", args=[record.pk])
    assert staff_page.context["answer_form"] is None


def test_assigning_to_oneself_sends_no_mail_and_a_non_staff_assignee_is_refused(
        territory, staff, librarian_a, librarian_b, staff_client,
        django_capture_on_commit_callbacks):
    question = make_question(library=territory.system_a, by=librarian_a)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_url("question_assign", question),
                          {"assigned_to": staff.pk, "version": question.version})
    question.refresh_from_db()
    assert question.assigned_to == staff and not mail.outbox
    response = staff_client.post(_url("question_assign", question),
                                 {"assigned_to": librarian_b.pk, "version": question.version})
    assert response.status_code == 400
    question.refresh_from_db()
    assert question.assigned_to == staff


def test_the_asker_hears_the_answer_in_lithuanian_by_default(
        territory, staff, librarian_a, django_capture_on_commit_callbacks):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_question(question, by=staff, answer="Atsakymas.",
                                 seen_version=question.version)
    assert len(mail.outbox) == 1
    assert "Atsakymas." in mail.outbox[0].body
    assert "/konsultacijos/klausimai/" in mail.outbox[0].body


def test_a_withdrawn_question_is_not_announced_when_the_worker_runs_late(
        territory, staff, librarian_a):
    from konsultacijos.tasks_questions import notify_question_asked

    question = make_question(library=territory.system_a, by=librarian_a)
    services.withdraw_question(question, by=librarian_a)
    assert notify_question_asked(question.pk) == 0 and not mail.outbox


# --- who sees what -----------------------------------------------------------------------------

def _with_file(territory, librarian):
    question = Question(library=territory.system_a, subject="Su priedu", text="Žr. priedą.")
    question.attachment = SimpleUploadedFile("priedas.pdf", PDF)
    return services.ask_question(question, by=librarian)


def test_a_librarian_of_another_library_gets_404_everywhere(territory, librarian_a,
                                                            librarian_b, client_b):
    question = _with_file(territory, librarian_a)
    assert client_b.get(_url("question_detail", question)).status_code == 404
    assert client_b.get(_url("question_attachment", question)).status_code == 404
    for name in ("question_assign", "question_answer", "question_withdraw"):
        response = client_b.post(_url(name, question), {
            "assigned_to": librarian_b.pk, "answer": "x", "minutes": 5,
            "version": question.version})
        assert response.status_code == 404, name
    listed = client_b.get(_url("question_list")).context["object_list"]
    assert question not in listed
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW


def test_a_librarian_who_sees_the_question_may_not_assign_or_answer_it(
        territory, staff, librarian_a, client_a):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    assert client_a.post(_url("question_assign", question), {
        "assigned_to": staff.pk, "version": question.version}).status_code == 403
    assert client_a.post(_url("question_answer", question), {
        "answer": "Pats atsakau.", "minutes": 5,
        "version": question.version}).status_code == 403
    question.refresh_from_db()
    assert question.status == QuestionStatus.NEW and not Consultation.objects.exists()


def test_staff_and_the_asker_download_the_attachment(territory, staff, librarian_a,
                                                     client_a, staff_client):
    question = _with_file(territory, librarian_a)
    for client in (client_a, staff_client):
        response = client.get(_url("question_attachment", question))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
        assert response["X-Content-Type-Options"] == "nosniff"
    plain = make_question(library=territory.system_a, by=librarian_a)
    assert staff_client.get(_url("question_attachment", plain)).status_code == 404


def test_a_branch_librarian_sees_only_their_own_questions(
        territory, branch_librarian, branch_colleague):
    mine = make_question(library=territory.branch_a, by=branch_librarian, subject="Mano")
    theirs = make_question(library=territory.branch_a, by=branch_colleague, subject="Kolegės")
    client = _client(branch_librarian)
    listed = list(client.get(_url("question_list")).context["object_list"])
    assert listed == [mine]
    assert client.get(_url("question_detail", mine)).status_code == 200
    assert client.get(_url("question_detail", theirs)).status_code == 404
    assert client.post(_url("question_withdraw", theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_open


def test_the_director_sees_and_may_withdraw_the_branch_question(
        territory, branch_librarian, client_a):
    question = make_question(library=territory.branch_a, by=branch_librarian)
    listed = client_a.get(_url("question_list")).context["object_list"]
    assert question in listed
    page = client_a.get(_url("question_detail", question))
    assert page.status_code == 200 and page.context["may_withdraw"]
    assert page.context["answer_form"] is None and page.context["assign_form"] is None
    client_a.post(_url("question_withdraw", question))
    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN


def test_management_reads_the_queue_but_does_not_answer(territory, librarian_a, manager,
                                                        manager_client):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    page = manager_client.get(_url("question_detail", question))
    assert page.status_code == 200 and page.context["answer_form"] is None
    assert question in manager_client.get(_url("question_list")).context["object_list"]
    assert manager_client.post(_url("question_answer", question), {
        "answer": "x", "minutes": 5, "version": question.version}).status_code == 403


# --- asking ------------------------------------------------------------------------------------

def test_only_librarians_ask_and_only_for_their_libraries(territory, staff_client, client_a,
                                                          client_b, librarian_b):
    assert staff_client.get(_url("question_create")).status_code == 403
    assert staff_client.post(_url("question_create"), {}).status_code == 403
    page = client_a.get(_url("question_create"))
    offered = set(page.context["form"].fields["library"].queryset)
    assert territory.system_a in offered and territory.branch_a in offered
    assert territory.school_b not in offered
    assert territory.service_point_a not in offered  # closed
    response = _ask(client_a, territory.school_b)
    assert response.status_code == 200 and "library" in response.context["form"].errors
    assert not Question.objects.exists()
    # a librarian of one library: it is chosen already
    form = client_b.get(_url("question_create")).context["form"]
    assert form.initial["library"] == territory.school_b.pk
    assert form.fields["library"].empty_label is None


def test_the_topic_is_optional_and_only_topics_in_use_are_offered(territory, client_a):
    retired = topic("Senoji tema")
    retired.active = False
    retired.save()
    form = client_a.get(_url("question_create")).context["form"]
    assert retired not in set(form.fields["topic"].queryset)
    assert _ask(client_a, territory.system_a).status_code == 302
    assert Question.objects.get().topic is None


@pytest.mark.parametrize(("name", "content", "why"), [
    ("programa.exe", b"MZ\x90\x00", "a program"),
    ("lentele.docx", PDF, "a PDF named .docx"),
    ("nuotrauka.png", b"GIF89a....", "a GIF named .png"),
])
def test_a_wrong_kind_of_attachment_is_refused(territory, client_a, name, content, why):
    response = _ask(client_a, territory.system_a,
                    attachment=SimpleUploadedFile(name, content))
    assert response.status_code == 200, why
    assert "attachment" in response.context["form"].errors, why
    assert not Question.objects.exists()


def test_an_attachment_over_the_limit_is_refused(territory, client_a, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    response = _ask(client_a, territory.system_a,
                    attachment=SimpleUploadedFile("didelis.pdf", PDF + b"0" * 2048))
    assert response.status_code == 200
    assert "attachment" in response.context["form"].errors
    assert not Question.objects.exists()


def test_office_and_image_attachments_are_accepted(territory, client_a):
    docx = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(docx, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    response = _ask(client_a, territory.system_a,
                    attachment=SimpleUploadedFile("atsakymas.docx", docx.getvalue()))
    assert response.status_code == 302
    response = _ask(client_a, territory.system_a, attachment=SimpleUploadedFile(
        "ekranas.JPEG", b"\xff\xd8\xff\xe0 JFIF"))
    assert response.status_code == 302
    assert Question.objects.filter(attachment__endswith=".jpg").count() == 1


# --- two staff at once, withdrawing ------------------------------------------------------------

def test_the_second_of_two_answers_at_once_is_refused_and_keeps_its_text(
        territory, staff, colleague, librarian_a, staff_client,
        django_capture_on_commit_callbacks):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    seen = question.version
    with django_capture_on_commit_callbacks(execute=True):
        first = staff_client.post(_url("question_answer", question), {
            "answer": "Pirmas atsakymas.", "minutes": 15, "version": seen})
    assert first.status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = _client(colleague).post(_url("question_answer", question), {
            "answer": "Antras atsakymas.", "minutes": 10, "version": seen})
    assert second.status_code == 409
    assert second.context["rejected_answer"] == "Antras atsakymas."
    assert "Antras atsakymas." in second.content.decode()
    question.refresh_from_db()
    assert question.answer == "Pirmas atsakymas." and question.answered_by == staff
    assert Consultation.objects.count() == 1 and not mail.outbox


def test_an_answer_to_a_question_reassigned_meanwhile_stays_on_the_page(
        territory, staff, colleague, librarian_a, staff_client):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    seen = question.version
    services.assign_question(question, to=colleague, by=colleague)
    response = staff_client.post(_url("question_answer", question), {
        "answer": "Mano atsakymas.", "minutes": 15, "version": seen})
    assert response.status_code == 409
    form = response.context["answer_form"]
    assert form.non_field_errors() and form.data["answer"] == "Mano atsakymas."
    assert int(form.data["version"]) == seen + 1  # saving again is deliberate
    question.refresh_from_db()
    assert question.is_open and not Consultation.objects.exists()
    again = staff_client.post(_url("question_answer", question), {
        "answer": "Mano atsakymas.", "minutes": 15, "version": form.data["version"]})
    assert again.status_code == 302


def test_a_question_without_a_topic_needs_one_to_be_answered(territory, librarian_a,
                                                             staff_client):
    question = make_question(library=territory.system_a, by=librarian_a)
    page = staff_client.get(_url("question_detail", question))
    assert page.context["answer_form"].fields["topic"].required
    response = staff_client.post(_url("question_answer", question), {
        "answer": "Atsakymas.", "minutes": 15, "version": question.version})
    assert response.status_code == 400 and "topic" in response.context["answer_form"].errors
    bad = staff_client.post(_url("question_answer", question), {
        "answer": "Atsakymas.", "minutes": 0, "topic": topic().pk,
        "version": question.version})
    assert bad.status_code == 400 and "minutes" in bad.context["answer_form"].errors
    question.refresh_from_db()
    assert question.is_open


def test_the_minutes_default_to_15(territory, librarian_a, staff_client):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    form = staff_client.get(_url("question_detail", question)).context["answer_form"]
    assert form["minutes"].value() == 15


def test_the_asker_withdraws_an_open_question_and_it_can_no_longer_be_answered(
        territory, staff, librarian_a, client_a, staff_client):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    assert staff_client.post(_url("question_withdraw", question)).status_code == 403
    response = client_a.post(_url("question_withdraw", question))
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN
    page = client_a.get(_url("question_detail", question))
    assert not page.context["may_withdraw"]
    assert [m.kind for m in page.context["timeline"]] == ["asked", "withdrawn"]
    assert page.context["timeline"][1].by == librarian_a
    answer = staff_client.post(_url("question_answer", question), {
        "answer": "Per vėlu.", "minutes": 5, "version": question.version})
    assert answer.status_code == 409
    question.refresh_from_db()
    assert question.status == QuestionStatus.WITHDRAWN and not Consultation.objects.exists()
    again = client_a.post(_url("question_withdraw", question))
    assert again.status_code == 302
    assert staff_client.post(_url("question_assign", question), {
        "assigned_to": staff.pk, "version": question.version}).status_code == 302
    question.refresh_from_db()
    assert question.assigned_to is None


# --- the queue ---------------------------------------------------------------------------------

def _aged(question, days):
    Question.objects.filter(pk=question.pk).update(
        created_at=timezone.now() - timedelta(days=days))
    question.refresh_from_db()
    return question


def test_the_queue_opens_on_the_open_questions_oldest_first(territory, staff, colleague,
                                                            librarian_a, staff_client):
    old = _aged(make_question(library=territory.system_a, by=librarian_a, subject="Senas"), 9)
    new = _aged(make_question(library=territory.branch_a, by=librarian_a, subject="Naujas"), 1)
    mine = _aged(make_question(library=territory.system_a, by=librarian_a, subject="Mano"), 5)
    services.assign_question(mine, to=staff, by=staff)
    answered = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    services.answer_question(answered, by=colleague, answer="Taip.")
    withdrawn = make_question(library=territory.system_a, by=librarian_a)
    services.withdraw_question(withdrawn, by=librarian_a)

    def shown(**params):
        response = staff_client.get(_url("question_list"), params)
        assert response.status_code == 200
        return [q.pk for q in response.context["object_list"]], response

    pks, response = shown()
    assert pks == [old.pk, mine.pk, new.pk]
    counts = {v["key"]: v["count"] for v in response.context["views"]}
    assert counts["open"] == 3 and counts["mine"] == 1 and counts["unassigned"] == 2
    assert response.context["rows"][0]["cells"][-1]["value"] == 9  # waiting, days
    assert shown(show="mine")[0] == [mine.pk]
    assert shown(show="unassigned")[0] == [old.pk, new.pk]
    assert shown(show="answered")[0] == [answered.pk]
    assert shown(show="withdrawn")[0] == [withdrawn.pk]
    assert set(shown(show="all")[0]) == {old.pk, new.pk, mine.pk, answered.pk, withdrawn.pk}
    assert shown(show="nonsense")[0] == [old.pk, mine.pk, new.pk]
    assert shown(q="Senas")[0] == [old.pk]
    assert shown(library=territory.branch_a.pk)[0] == [new.pk]
    assert shown(sort="-created_at")[0] == [new.pk, mine.pk, old.pk]


def test_staff_export_the_queue_and_librarians_may_not(territory, librarian_a, staff_client,
                                                       client_a):
    question = make_question(library=territory.system_a, by=librarian_a,
                             subject="Eksportuojamas")
    response = staff_client.get(_url("question_list"), {"export": "xlsx", "show": "all"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    record = dict(zip(rows[0], rows[1], strict=True))
    assert "Eksportuojamas" in record.values()
    assert question.text in record.values()
    assert client_a.get(_url("question_list"), {"export": "xlsx"}).status_code == 403


def test_a_librarian_sees_the_answer_preview_and_the_ask_button(territory, staff, librarian_a,
                                                                client_a):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    services.answer_question(question, by=staff, answer="Trumpas atsakymas bibliotekai.")
    response = client_a.get(_url("question_list"))
    assert response.context["may_ask"] and not response.context["queue"]
    body = response.content.decode()
    assert "Trumpas atsakymas bibliotekai." in body
    assert _url("question_create") in body


# --- query budgets -----------------------------------------------------------------------------

def _many(territory, librarian, count):
    for number in range(count):
        make_question(library=territory.system_a, by=librarian, subject=f"Klausimas {number}")


def test_the_list_costs_the_same_for_few_and_many_questions(territory, staff, librarian_a,
                                                            staff_client, client_a):
    from portalas.testing import count_queries

    _many(territory, librarian_a, 2)
    few = count_queries(lambda: staff_client.get(_url("question_list")))
    _many(territory, librarian_a, 20)
    for question in Question.objects.all()[:10]:
        services.assign_question(question, to=staff, by=staff)
    with query_budget(few, "the queue"):
        assert staff_client.get(_url("question_list")).status_code == 200
    with query_budget(25, "the queue"):
        staff_client.get(_url("question_list"), {"show": "all", "q": "Klausimas"})
    with query_budget(20, "a librarian's questions"):
        assert client_a.get(_url("question_list")).status_code == 200


def test_the_question_page_stays_within_its_budget(territory, staff, librarian_a,
                                                   staff_client, client_a):
    question = make_question(library=territory.system_a, by=librarian_a, topic=topic())
    services.assign_question(question, to=staff, by=staff)
    with query_budget(22, "the question as staff"):
        assert staff_client.get(_url("question_detail", question)).status_code == 200
    services.answer_question(question, by=staff, answer="Atsakymas.")
    with query_budget(18, "the answered question as its asker"):
        assert client_a.get(_url("question_detail", question)).status_code == 200


# --- the reminder ------------------------------------------------------------------------------

THURSDAY = date(2025, 5, 15)  # no public holiday that week


def _asked_on(question, day):
    moment = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))
    Question.objects.filter(pk=question.pk).update(created_at=moment)
    question.refresh_from_db()
    return question


def test_a_question_unanswered_for_more_than_3_working_days_is_reminded_of_once(
        territory, staff, colleague, librarian_a):
    overdue = _asked_on(make_question(library=territory.system_a, by=librarian_a,
                                      subject="Laukia"), date(2025, 5, 9))  # Friday
    mine = _asked_on(make_question(library=territory.system_a, by=librarian_a,
                                   subject="Paskirtas"), date(2025, 5, 9))
    services.assign_question(mine, to=colleague, by=staff)
    _asked_on(make_question(library=territory.system_a, by=librarian_a, subject="Šviežias"),
              date(2025, 5, 12))  # Monday: 3 working days, not yet
    answered = _asked_on(make_question(library=territory.system_a, by=librarian_a,
                                       topic=topic()), date(2025, 5, 9))
    services.answer_question(answered, by=staff, answer="Atsakyta.")
    mail.outbox.clear()

    assert remind_unanswered_questions(THURSDAY) == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {"staff@test.lt", "kolege@test.lt"}
    assert "Laukia" in by_person["staff@test.lt"].body
    assert "Paskirtas" not in by_person["staff@test.lt"].body
    assert "Paskirtas" in by_person["kolege@test.lt"].body
    assert "Laukia" in by_person["kolege@test.lt"].body  # unassigned: the whole department
    assert f"/konsultacijos/klausimai/{overdue.pk}/" in by_person["staff@test.lt"].body
    assert "Šviežias" not in by_person["staff@test.lt"].body

    mail.outbox.clear()
    assert remind_unanswered_questions(THURSDAY) == 0  # a second run the same day
    assert remind_unanswered_questions(THURSDAY + timedelta(days=1)) == 2  # Monday's only
    assert all("Šviežias" in m.body and "Laukia" not in m.body for m in mail.outbox)
    assert remind_unanswered_questions(date(2025, 5, 17)) == 0  # a Saturday


# --- menu and home -----------------------------------------------------------------------------

def test_the_menu_and_home_cards_follow_the_role(territory, staff, librarian_a, client_a,
                                                 staff_client):
    question = _aged(make_question(library=territory.system_a, by=librarian_a,
                                   subject="Namų kortelė"), 6)
    home = client_a.get(reverse("home")).content.decode()
    assert f'data-question="{question.pk}"' in home
    assert _url("question_create") in home
    staff_home = staff_client.get(reverse("home"))
    body = staff_home.content.decode()
    assert f'data-question="{question.pk}"' in body and 'data-count="unassigned"' in body
    staff_menu = {item["url"] for group in staff_home.context["navigation"]
                  for item in group["items"]}
    assert _url("question_list") in staff_menu and _url("question_create") not in staff_menu
    librarian_menu = {item["url"] for group in client_a.get(reverse("home")).context[
        "navigation"] for item in group["items"]}
    assert _url("question_create") in librarian_menu
    assert _url("question_list") not in librarian_menu
