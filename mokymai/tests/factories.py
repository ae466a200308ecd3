"""Objects of the trainings app for tests: an event with its sessions, people."""

from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bibliotekos.models import Person
from mokymai.models import EventStatus, Lecturer, Session, TrainingEvent
from mokymai.services import refresh_dates
from portalas.clock import aware


def make_person(library=None, *, user=None, first="Ona", last="Onaitienė", email=None):
    return Person.objects.create(first_name=first, last_name=last, library=library, user=user,
                                 email=email if email is not None else
                                 (user.email if user else f"{first}.{last}@test.lt".lower()))


def make_event(*, title="Seminaras apie skaitmeninį raštingumą", status=EventStatus.PUBLISHED,
               capacity=20, day: date | None = None, sessions=1, start=time(10, 0),
               end=time(13, 0), **fields) -> TrainingEvent:
    """A published event with ``sessions`` daily sessions from ``day`` (a fortnight ahead by
    default), 10:00–13:00 Vilnius time (4 academic hours each), registration open now."""
    day = day or timezone.localdate() + timedelta(days=14)
    fields.setdefault("registration_opens", timezone.now() - timedelta(days=1))
    fields.setdefault("registration_closes", aware(day, time(0, 0)))
    fields.setdefault("organiser", "Regiono viešoji biblioteka")
    event = TrainingEvent.objects.create(title=title, status=status, capacity=capacity,
                                         **fields)
    for offset in range(sessions):
        Session.objects.create(event=event, starts_at=aware(day + timedelta(days=offset), start),
                               ends_at=aware(day + timedelta(days=offset), end),
                               topic=f"{offset + 1} dalis")
    refresh_dates(event=event)
    return event


def make_lecturer(event=None, *, user=None, first="Lina", last="Lektorė") -> Lecturer:
    lecturer = Lecturer.objects.create(person=make_person(user=user, first=first, last=last),
                                       organisation="Vilniaus universitetas")
    if event is not None:
        for session in event.sessions.all():
            session.lecturers.add(lecturer)
    return lecturer


FOUR = Decimal("4.00")
