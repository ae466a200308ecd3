"""Objects of the consultations app for tests, made through the services (as users make
them)."""

from datetime import timedelta

from django.utils import timezone

from konsultacijos import services
from konsultacijos.models import (
    Channel,
    Consultation,
    EntryStatus,
    FieldVisit,
    KnowledgeEntry,
    Question,
    Topic,
    VisitAction,
)


def topic(name="Statistika") -> Topic:
    return Topic.objects.get_or_create(name=name)[0]


def make_consultation(*, library, by, **fields) -> Consultation:
    values = {"channel": Channel.PHONE, "topic": topic(), "minutes": 20,
              "question": "Kaip pildyti lankytojų skaičių?",
              "answer": "Skaičiuokite apsilankymus, ne lankytojus.",
              "person_name": "Ona Bibliotekininkė"}
    values.update(fields)
    return services.log_consultation(Consultation(library=library, **values), by=by)


def make_question(*, library, by, **fields) -> Question:
    values = {"subject": "Renginių apskaita",
              "text": "Ar nuotolinius renginius skaičiuoti kartu su kitais?"}
    values.update(fields)
    return services.ask_question(Question(library=library, **values), by=by)


def make_visit(*, library, by, participants=None, days_ago=3, **fields) -> FieldVisit:
    values = {"visit_on": timezone.localdate() - timedelta(days=days_ago),
              "purpose": "Metodinė pagalba planuojant renginius"}
    values.update(fields)
    return services.plan_visit(FieldVisit(library=library, **values),
                               participants=participants or [by], by=by)


def report(visit: FieldVisit, *, by, actions=1) -> FieldVisit:
    visit.findings = "Fondas tvarkingas, renginių apskaita vedama."
    visit.recommendations = "Atnaujinti vaikų literatūros fondą."
    visit = services.report_visit(visit, by=by, seen_version=visit.version)
    for number in range(actions):
        services.add_action(VisitAction(visit=visit, text=f"Veiksmas {number + 1}",
                                        responsible="Direktorė",
                                        due_on=timezone.localdate() + timedelta(days=30)),
                            by=by)
    return visit


def make_entry(*, by, status=EntryStatus.DRAFT, reviewer=None, **fields) -> KnowledgeEntry:
    values = {"question": "Kaip apskaityti nuotolinius renginius?",
              "answer": "Nuotoliniai renginiai skaičiuojami atskirai.", "topic": topic()}
    values.update(fields)
    entry = services.draft_entry(KnowledgeEntry(**values), by=by)
    if status in (EntryStatus.REVIEW, EntryStatus.PUBLISHED):
        entry = services.submit_entry(entry, by=by)
    if status == EntryStatus.PUBLISHED:
        entry = services.publish_entry(entry, by=reviewer)
    return entry
