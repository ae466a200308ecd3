"""Erasing a person reaches every app (GDPR Art. 15/17/18; RELIABILITY.md H; issue 17 item 5).

One person with an account is named everywhere the portal keeps people: the registry,
trainings (a registration of an event held, a certificate, a course taken elsewhere with its
file, a feedback invitation), consultations (a record linked to them, one naming them only
in text, a question they asked with an attachment, a field visit and an agreed action),
projects (responsible, a deadline, a document, the calls digest), statistics (a comment's
answer, a review note, a comparison group), user-needs research (a survey answer with their
e-mail address, typed in from paper by their account) and a stored document. The export holds
a section of every provider with their rows; after the erasure no text column of any table
and no stored file names them — except the rows the documented list of restricted records
(``portalas.registry.restricted_records``) covers — and the figures are unchanged."""

import os
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from ataskaitos.models import JobStatus, ReportJob
from bibliotekos.models import Membership, Person
from bibliotekos.services import erase_personal_data, export_personal_data
from konsultacijos import services as consultations
from konsultacijos.models import (
    Consultation,
    ConsultationAttachment,
    Question,
    QuestionStatus,
    VisitAction,
)
from konsultacijos.tests.factories import make_consultation, make_question, make_visit, report
from mokymai import services_certificates
from mokymai.models import CalendarFeed, Certificate, EventStatus, Registration
from mokymai.models_feedback import FeedbackInvitation
from mokymai.selectors_overview import figures, year_overview
from mokymai.services import change_status, mark_attendance, register
from mokymai.tests.factories import make_event, make_person
from portalas.metrics import Period
from portalas.registry import personal_data_providers, restricted_records
from projektai.models import CallSubscription, Deadline, Project, ProjectDocument
from projektai.tests.factories import make_project
from statistika.models import ComparisonGroup, FieldComment, Indicator, Submission
from statistika.services.builder import save_comparison_group
from statistika.services.campaign import create_campaign, extend_deadline
from statistika.services.review import add_comment, answer_comment
from tests.factories import UserFactory
from tyrimai import services as research
from tyrimai.models import Response
from tyrimai.tests.factories import make_study

pytestmark = pytest.mark.django_db

FIRST = "Žygimantė Erasmė"
LAST = "Test-Unikali"
FULL = f"{FIRST} {LAST}"
EMAIL = "zygimante.erasme@pastas.lt"
PHONE = "+370 611 40404"
# the surname alone (ASCII, so JSON's \u escapes and file names' underscores do not hide
# it), the full name, the e-mail address and the phone
NEEDLES = (LAST, FULL, EMAIL, PHONE)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAST = {"registration_opens": None, "registration_closes": None}


# --- what names someone: every text column of every table, every stored file -----------------

def _rows_naming(needles) -> set[tuple[str, str, str]]:
    """(table, column, primary key) of every value in the database (any column, cast to
    text) that contains one of ``needles``, in any case."""
    found = set()
    quote = connection.ops.quote_name
    folded = [needle.casefold() for needle in needles]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [c.name for c in connection.introspection.get_table_description(cursor,
                                                                                        table)]
            key = connection.introspection.get_primary_key_column(cursor, table)
            cast = [f"CAST({quote(c)} AS TEXT)" for c in columns]
            for needle in needles:
                cursor.execute(
                    f"SELECT {', '.join(cast)} FROM {quote(table)} WHERE "  # noqa: S608
                    + " OR ".join(f"LOWER({c}) LIKE LOWER(%s)" for c in cast),
                    [f"%{needle}%"] * len(columns))
                for row in cursor.fetchall():
                    values = dict(zip(columns, row, strict=True))
                    found |= {(table, column, str(values.get(key))) for column, value
                              in values.items() if value is not None
                              and any(text in str(value).casefold() for text in folded)}
    return found


def _files_naming(needles) -> set[str]:
    encoded = {needle.encode() for needle in needles} | {
        needle.replace(" ", "_").encode() for needle in needles}
    found = set()
    for folder, _dirs, names in os.walk(django_settings.MEDIA_ROOT):
        for name in names:
            path = Path(folder) / name
            if any(text in content for text in encoded
                   for content in (str(path).encode(), path.read_bytes())):
                found.add(str(path))
    return found


def _restricted() -> tuple[set[tuple[str, str, str]], set[str]]:
    """What the documented list of restricted records lets name an erased person now: the
    (table, column, primary key) of its rows' declared fields, and their stored files."""
    cells, files = set(), set()
    for record in restricted_records.all():
        model = apps.get_model(record.model)
        table = model._meta.db_table
        for row in model._base_manager.filter(**record.restricted):
            for name in record.fields:
                field = model._meta.get_field(name)
                cells.add((table, field.column, str(row.pk)))
                stored = getattr(row, name)
                if isinstance(field, models.FileField) and stored:
                    files.add(str(Path(stored.path)))
    return cells, files


# --- the person, named everywhere --------------------------------------------------------------

def _attend_all(registration, staff):
    for session in registration.event.sessions.all():
        mark_attendance(registration=registration, session=session, by=staff)


@pytest.fixture
def year():
    return timezone.localdate().year - 1


@pytest.fixture
def subject(territory, staff, year):
    library = territory.system_a
    user = UserFactory(role="librarian", email=EMAIL, full_name=FULL)
    Membership.objects.create(user=user, library=library, role="director")
    person = make_person(library, user=user, first=FIRST, last=LAST, email=EMAIL)
    person.phone = PHONE                                   # an edit: a history row
    person.save()
    other = make_person(library, first="Kita", last="Dalyvė")
    made = {"person": person, "user": user, "other": other, "library": library}
    made |= _trainings(person, other, user, staff, year)
    made |= _consultations(person, user, staff, library)
    made |= _projects(user, staff, library)
    made |= _statistics(user, staff, library, year)
    made |= _research(user, library)
    made |= _publicity(user, staff, library)
    made |= _cooperation(person, user, staff, library)
    made |= _awards(person, user, staff, library)
    made |= _archive(user, staff)
    made |= _assignments(staff)
    job = ReportJob.objects.create(
        kind="statistika.report", params={"title": FULL}, format="csv", status=JobStatus.DONE,
        params_hash="mine", requested_by=user, filename=f"{FULL}.csv",
        finished_at=timezone.now(), scope={"whole": True})
    job.file.save("mano.csv", ContentFile(f"{LAST};{FIRST};{EMAIL}\n".encode()), save=True)
    made["job"] = job
    return made


def _trainings(person, other, user, staff, year):
    event = make_event(title="Skaitmeninis raštingumas", day=date(year, 5, 10), sessions=2,
                       **PAST)
    event.contact = f"Teirautis: {FULL}, {EMAIL}"          # a contact line naming them
    event.save()
    CalendarFeed.objects.create(user=user)
    mine = register(event=event, person=person, by=staff, note=f"Skambinti {PHONE}")
    theirs = register(event=event, person=other, by=staff)
    for registration in (mine, theirs):
        _attend_all(registration, staff)
    change_status(event=event, to=EventStatus.HELD, by=staff)
    change_status(event=event, to=EventStatus.COMPLETED, by=staff)
    certificate = services_certificates.issue_certificate(
        Registration.objects.get(pk=mine.pk), staff)
    FeedbackInvitation.objects.get_or_create(registration=mine)
    course = services_certificates.submit_external(
        person=person, by=user, provider="Vilniaus universitetas", title="Duomenų analizė",
        starts_on=date(year, 4, 1), ends_on=date(year, 4, 2), hours=Decimal("6"),
        upload=SimpleUploadedFile("kursas.pdf", PDF + FULL.encode()), file_type="pdf")
    services_certificates.confirm_external(course, staff, note=f"Patvirtinta: {FULL}")
    return {"event": event, "certificate": certificate, "course": course}


def _consultations(person, user, staff, library):
    linked = make_consultation(library=library, by=staff, person=person, person_name="",
                               question=f"Skambino {FULL} ({PHONE}) dėl ataskaitos.",
                               minutes=30)
    by_name = make_consultation(library=library, by=staff, person_name=FULL, minutes=45,
                                answer=f"Atsakymas išsiųstas {EMAIL}.")
    by_name.follow_up = f"Perskambinti {FULL}"
    consultations.update_consultation(by_name, by=staff, seen_version=by_name.version)
    attachment = consultations.add_attachment(
        linked, upload=SimpleUploadedFile(f"Laiškas {FULL}.txt", b"Laiskas apie fonda."),
        by=staff)
    asked = make_question(library=library, by=user, subject="Renginių apskaita",
                          text=f"Sveiki, rašo {FULL}, tel. {PHONE}. Kaip skaičiuoti?",
                          attachment=SimpleUploadedFile("klausimas.txt", FULL.encode()))
    answered = consultations.answer_question(asked, by=staff, answer="Skaičiuokite atskirai.",
                                             topic=linked.topic, minutes=20)
    still_open = make_question(library=library, by=user, subject="Fondas",
                               text=f"Ar galima nurašyti? {FULL}")
    visit = report(make_visit(library=library, by=staff, met_with=f"{FULL}, direktorė"),
                   by=staff)
    consultations.add_action(VisitAction(visit=visit, text="Atnaujinti fondą",
                                         responsible=FULL,
                                         due_on=timezone.localdate() + timedelta(days=9)),
                             by=staff)
    return {"linked": linked, "by_name": by_name, "attachment": attachment,
            "answered": answered, "still_open": still_open, "visit": visit}


def _projects(user, staff, library):
    own = make_project(by=user, owner_library=library, title="Vasaros skaitymai",
                       responsible=[user], summary=f"Koordinuoja {FULL}, {PHONE}.")
    department = make_project(by=staff, title="Regiono skaitymo iššūkis",
                              responsible=[staff, user])
    deadline = Deadline.objects.filter(project=department).first()
    deadline.responsible.add(user)
    document = ProjectDocument.objects.create(
        project=own, title=f"Paraiška ({FULL})", note=f"Įkėlė {FULL}", uploaded_by=user,
        file=SimpleUploadedFile(f"Paraiska {FULL}.pdf", PDF + b"Paraiskos tekstas"))
    CallSubscription.objects.create(user=user)
    return {"own_project": own, "department_project": department, "deadline": deadline,
            "document": document}


def _statistics(user, staff, library, year):
    campaign = create_campaign(year=year, kinds=["system"], reminder_days=[3],
                               deadline=timezone.now() + timedelta(days=30), by=staff)
    submission = Submission.objects.get(campaign=campaign, library=library)
    indicator = Indicator.objects.order_by("pk").first()
    remark = add_comment(submission=submission, library=library, indicator=indicator,
                         text=f"{FULL}, patikrinkite skaičių.", by=staff)
    answer = answer_comment(comment=remark, text=f"Patikrino {FULL}, tel. {PHONE}.", by=user)
    extend_deadline(submission=submission, until=timezone.now() + timedelta(days=40),
                    by=staff, note=f"Prašė {FULL}")
    group = save_comparison_group(name=f"{FULL} palyginimas", by=user, kind="system")
    return {"submission": submission, "answer": answer, "group": group}


def _research(user, library):
    """A survey answer with their e-mail address (given with consent) and their name in an
    open answer, typed in from paper by their own account."""
    study = make_study(libraries=[library], title="Vartotojų pasitenkinimas")
    codes = {q.code: q.pk for q in study.questions.all()}
    response = research.submit_response(
        participation=study.participations.get(), channel="paper", entered_by=user,
        consent=True, raw={codes["Q1"]: {"option": 1}, codes["Q4"]: 5, codes["Q9"]: EMAIL,
                           codes["Q8"]: f"Padėjo {FULL}, ačiū!"})
    return {"response": response}


def _publicity(user, staff, library):
    """A library event the person entered, naming them; a press article about them with a
    file named after them; a good practice with them as its contact; a newsletter sent to
    them."""
    from viesinimas.models import NewsletterDelivery, Practice
    from viesinimas.services_newsletter import create_newsletter
    from viesinimas.services_practices import create_practice
    from viesinimas.tests.factories_events import make_activity
    from viesinimas.tests.factories_publicity import make_publication

    activity = make_activity(library, by=user, title="Kalėdiniai skaitymai",
                             description=f"Veda {FULL}, tel. {PHONE}")
    article = make_publication(by=staff, libraries=[library],
                               title=f"Bibliotekininkė {FULL} apdovanota", notes=EMAIL,
                               file=SimpleUploadedFile(f"{FULL}.pdf", PDF + b"Straipsnis"))
    practice = create_practice(Practice(
        library=library, title="Senjorų skaitmeninė kavinė", summary="Senjorai mokosi.",
        what="Kas savaitę.", audience="Senjorai", how="Savanoriai moko.",
        contact_name=FULL, contact_email=EMAIL, contact_phone=PHONE), by=user)
    newsletter = create_newsletter(by=staff)
    NewsletterDelivery.objects.create(newsletter=newsletter, user=user, sent_at=timezone.now())
    return {"activity": activity, "article": article, "practice": practice}


def _cooperation(person, user, staff, library):
    """A partner's contact-log entry naming them (a partner's contact is a person of the
    partner's organisation: bendradarbiavimas/tests covers erasing one); a
    working group they are a member of and another where they were typed in by name; a held
    meeting naming them among the guests, its minutes' item they wrote and name, and a
    decision they own."""
    from bendradarbiavimas.models import AgendaItem, Decision, MeetingStatus
    from bendradarbiavimas.tests.factories_groups import add_member, make_group, make_meeting
    from bendradarbiavimas.tests.factories_partners import make_log, make_partner

    partner = make_partner(by=staff, libraries=[library])
    make_log(partner, by=staff, summary=f"Susitiko su {FULL} dėl parodos.")
    group = make_group(name="Skaitymo skatinimo darbo grupė", by=staff)
    add_member(group, user=user, person=person)
    typed = make_group(name="Nacionalinė darbo grupė", by=staff)
    add_member(typed, name=FULL)
    typed.members.filter(name=FULL).update(email=EMAIL)
    meeting = make_meeting(group, status=MeetingStatus.HELD, by=staff,
                           starts_at=timezone.now() - timedelta(days=7))
    meeting.guests = f"{FULL}\nKitas Svečias"
    meeting.save()
    item = AgendaItem.objects.create(meeting=meeting, order=1, title="Skaitymo iššūkis",
                                     presenter=FULL, discussed=f"{FULL} pristatė planą.",
                                     decided="Pritarti.", written_by=user)
    decision = Decision.objects.create(meeting=meeting, item=item, owner=user,
                                       text=f"{FULL} parengs planą.",
                                       due_on=timezone.localdate() + timedelta(days=30))
    return {"decision": decision, "meeting": meeting}


def _awards(person, user, staff, library):
    """A contest they judge (a comment naming them, their conflict note) where another
    director nominated them with a justification naming them and an attachment, and the
    diploma they got with their name typed in the dative."""
    from apdovanojimai.models import Award, AwardKind, ContestStatus, NominationFile
    from apdovanojimai.tests.factories import (
        add_juror,
        declare,
        give_scores,
        make_contest,
        make_nomination,
    )

    nominator = UserFactory(role="librarian", email="kitas.direktorius@test.lt")
    contest = make_contest(title="Metų bibliotekininkas", status=ContestStatus.EVALUATION,
                           by=staff)
    seat = add_juror(contest, user)
    nomination = make_nomination(contest, by=nominator, person=person,
                                 justification=f"{FULL} sukūrė skaitymo klubą.")
    NominationFile.objects.create(nomination=nomination, name=f"{FULL} rekomendacija.pdf",
                                  file=ContentFile(b"%PDF-1.4 rekomendacija",
                                                   name=f"{FULL} rekomendacija.pdf"),
                                  uploaded_by=nominator)
    declare(nomination, seat, conflict=True, reason="other",
            note=f"{FULL} – tai aš pati")
    other = make_nomination(contest, by=staff, library=library,
                            justification="Biblioteka telkia bendruomenę.")
    give_scores(other, seat, [8, 7, 4], comment=f"Vertino {FULL}")
    Award.objects.create(contest=contest, nomination=nomination, kind=AwardKind.DIPLOMA,
                         title="Metų bibliotekininkas",
                         recipient_text=f"Žygimantei Erasmei {LAST}ai",
                         number="AP-TEST-001", person=person, library=library,
                         created_by=staff)
    return {"award_nomination": nomination}


def _archive(user, staff):
    """A letter they wrote to the department (their name, e-mail and phone in the register
    row and in the letter's text), registered with them responsible, and a participant list
    naming them that they filed into the year's plan."""
    from archyvas.tests.factories import make_entry, make_filed, make_plan, make_register, pdf_bytes
    from archyvas.tests.factories_search import read

    plan = make_plan(timezone.localdate().year)
    letter = make_entry(make_register(), plan_file=plan.files.get(index="7.3"),
                        correspondent=FULL, title=f"Prašymas ({EMAIL})",
                        note=f"Skambino {PHONE}", responsible=user, registered_by=staff,
                        data=pdf_bytes("Prašymas"))
    read(letter, f"Prašymą pateikė {FULL}, {EMAIL}")
    listed = make_filed(plan.files.get(index="7.5"), title="Seminaro dalyvių sąrašas",
                        key="p1", filed_by=user)
    read(listed, f"Dalyviai: {FULL}")
    return {"archive_letter": letter, "archive_list": listed}


def _assignments(staff):
    """An assignment about answering their letter (their name and e-mail in its text) and a
    progress note naming their phone, in the log of the staff member it was given to."""
    from pavedimai.models import TaskUpdate, UpdateKind
    from pavedimai.tests.factories import make_assignment, manager

    assignment = make_assignment(by=manager(), to=[staff],
                                 title="Atsakyti į bibliotekos vadovės prašymą",
                                 text=f"Atsakyti {FULL} ({EMAIL}) iki mėnesio pabaigos.")
    TaskUpdate.objects.create(task=assignment.tasks.get(), kind=UpdateKind.PROGRESS,
                              author=staff, text=f"Paskambinau {PHONE}, susitarėme.")
    return {"assignment": assignment}


# --- figures that must not change ---------------------------------------------------------------

def _figures(subject, year) -> dict:
    library = subject["library"]
    overview = year_overview(year)
    return {
        "consultations": dict(Consultation.objects.filter(library=library).aggregate(
            count=Count("pk"), minutes=Sum("minutes"))),
        "consultations_by_topic": list(Consultation.objects.values("topic_id", "held_on")
                                       .annotate(n=Count("pk"), minutes=Sum("minutes"))
                                       .order_by("topic_id", "held_on")),
        "questions": Question.objects.count(),
        "projects": list(Project.objects.values("status", "owner_library_id")
                         .annotate(n=Count("pk")).order_by("status", "owner_library_id")),
        "deadlines": Deadline.objects.count(),
        "documents": ProjectDocument.objects.count(),
        "training_figures": figures(Period.year(year)),
        "training_totals": overview.totals,
        "events": [(line.participants, line.participant_hours) for line in overview.events],
        "registrations": Registration.objects.filter(event=subject["event"]).count(),
        "submissions": list(Submission.objects.values("status", "answered")),
        "comments": FieldComment.objects.count(),
        "responses": list(Response.objects.values_list("pk", "library_id", "excluded")),
    }


# --- the tests ----------------------------------------------------------------------------------

def test_the_export_has_a_section_of_every_provider_with_the_persons_rows(subject, staff):
    data = export_personal_data(person=subject["person"], by=staff)
    assert set(data) == {provider.name for provider in personal_data_providers.all()}
    empty = [name for name, section in data.items() if not section["rows"]]
    assert not empty, f"providers that exported nothing about the person: {empty}"
    records = {name: {row["record"] for row in section["rows"]}
               for name, section in data.items()}
    assert {"consultation", "consultation history", "question", "question history",
            "consultation attachment", "field visit", "agreed action"} <= \
        records["konsultacijos.consultations"]
    assert {"project", "project deadline", "project document uploaded",
            "calls digest subscription", "project history"} <= records["projektai.projects"]
    # their own answer, and the staff's note that names them
    assert {"statistics comment", "submissionevent naming the person", "comparison group"} <= \
        records["statistika.statistics"]
    assert {"research answer", "research response entered or excluded"} <= \
        records["tyrimai.answers"]
    consulted = [row for row in data["konsultacijos.consultations"]["rows"]
                 if row["record"] == "consultation"]
    assert {row["id"] for row in consulted} >= {subject["linked"].pk, subject["by_name"].pk,
                                               subject["answered"].consultation_id}


def test_erasure_reaches_every_app_and_keeps_the_figures(subject, staff, year):
    before = _figures(subject, year)
    found = _rows_naming(NEEDLES)
    # the search finds them in every app to begin with, history tables included
    assert {table.split("_")[0] for table, _column, _key in found} >= {
        "bibliotekos", "paskyros", "mokymai", "konsultacijos", "projektai", "statistika",
        "ataskaitos", "tyrimai"}
    assert {"konsultacijos_historicalconsultation", "konsultacijos_historicalquestion",
            "projektai_historicalproject", "projektai_historicalprojectdocument",
            "konsultacijos_historicalvisitaction"} <= {table for table, *_rest in found}
    # the course's certificate, the question's attachment, the consultation's attachment and
    # the project's document (by their names), the stored document, the press article's file,
    # the nomination's attachment
    assert len(_files_naming(NEEDLES)) == 7

    erase_personal_data(person=subject["person"], by=staff)

    allowed_cells, allowed_files = _restricted()
    left = _rows_naming(NEEDLES) - allowed_cells
    assert not left, f"still naming the erased person, not a restricted record: {left}"
    files = _files_naming(NEEDLES) - allowed_files
    assert not files, f"stored files still naming the erased person: {files}"
    assert _figures(subject, year) == before


def test_what_stays_after_the_erasure_names_nobody_but_still_counts(subject, staff):
    person, user = subject["person"], subject["user"]
    erase_personal_data(person=person, by=staff)

    linked = Consultation.objects.get(pk=subject["linked"].pk)
    assert linked.person_id == person.pk and linked.minutes == 30
    assert "[ištrinta]" in linked.question and LAST not in linked.question
    by_name = Consultation.objects.get(pk=subject["by_name"].pk)
    assert by_name.person_name == "" and by_name.minutes == 45
    # the question stays answered, without the attachment; the open one left the queue
    answered = Question.objects.get(pk=subject["answered"].pk)
    assert answered.status == QuestionStatus.ANSWERED and not answered.attachment
    assert Question.objects.get(pk=subject["still_open"].pk).status == QuestionStatus.WITHDRAWN
    # the staff's attachment stays, stored under a name that no longer names them
    attachment = ConsultationAttachment.objects.get(pk=subject["attachment"].pk)
    assert LAST not in attachment.file.name and Path(attachment.file.path).exists()
    # the project's document stays (the project's record), renamed
    document = ProjectDocument.objects.get(pk=subject["document"].pk)
    assert Path(document.file.path).exists() and LAST not in document.file.name
    assert document.uploaded_by_id == user.pk
    assert not CallSubscription.objects.filter(user=user).exists()
    assert not Project.objects.filter(responsible=user).exists()
    assert not Deadline.objects.filter(responsible=user).exists()
    assert subject["department_project"].responsible.filter(pk=staff.pk).exists()
    # statistics: the answer stays (the review's thread), naming nobody; own group gone
    answer = FieldComment.objects.get(pk=subject["answer"].pk)
    assert answer.created_by_id == user.pk and LAST not in answer.text
    assert not ComparisonGroup.objects.filter(pk=subject["group"].pk).exists()
    # the other participant is left alone
    subject["other"].refresh_from_db()
    assert subject["other"].last_name == "Dalyvė"
    # erasing again changes no figure and finds nothing new
    erase_personal_data(person=Person.objects.get(pk=person.pk), by=staff)
    assert not _rows_naming(NEEDLES) - _restricted()[0]


def test_the_certificate_of_the_erased_person_still_verifies_with_the_holder_hidden(
        subject, staff, client):
    erase_personal_data(person=subject["person"], by=staff)
    certificate = Certificate.objects.get(pk=subject["certificate"].pk)
    assert certificate.is_valid and certificate.holder_erased
    response = client.get(reverse("mokymai:certificate_verify"),
                          {"numeris": certificate.number, "kodas": certificate.token})
    html = response.content.decode()
    assert response.context["result"].outcome == "valid"
    assert certificate.number in html and 'id="holder-erased"' in html
    assert LAST not in html and FIRST not in html


def test_a_person_without_an_account_named_in_other_case_and_odd_characters_is_cut_out(
        territory, staff):
    """No account: only the texts go. A name with regular-expression characters and an
    address typed in capitals are found all the same; a namesake's text is left alone."""
    library = territory.system_a
    person = make_person(library, first="Jo-Ann", last="O'Neil (Jr.)", email="Jo.Ann@Pastas.LT")
    named = make_consultation(library=library, by=staff, person_name="jo-ann o'neil (jr.)",
                              question="Rašė JO.ANN@PASTAS.LT ir O'Neil (Jr.) Jo-Ann: ar *.* "
                                       "tinka?")
    namesake = make_consultation(library=library, by=staff, person_name="Jo-Ann Smith",
                                 question="Jo-Ann O'Neil Senior klausė apie fondą.")

    changed = erase_personal_data(person=person, by=staff)

    # the record and its history row: the name typed emptied, the question cut
    assert changed["konsultacijos.consultations"] == 4
    assert changed["projektai.projects"] == 0 and changed["statistika.statistics"] == 0
    named.refresh_from_db()
    assert named.person_name == ""
    assert named.question == "Rašė [ištrinta] ir [ištrinta]: ar *.* tinka?"
    assert Consultation.history.filter(id=named.pk).exclude(
        question=named.question).count() == 0
    namesake.refresh_from_db()
    assert (namesake.person_name, namesake.question) == (
        "Jo-Ann Smith", "Jo-Ann O'Neil Senior klausė apie fondą.")
