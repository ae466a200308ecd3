"""Fixtures the trainings' tests share."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from mokymai.models import Cost, EventKind, EventStatus, Topic
from mokymai.services import change_status, mark_attendance, register
from mokymai.tests.factories import make_event, make_person


@pytest.fixture
def year():
    return timezone.localdate().year - 1


@pytest.fixture
def held_year(year, staff, territory):
    """Last year: a completed seminar (A's people), a held online training (B's and an
    outsider), a cancelled event and one of the year before."""
    past = {"registration_opens": None, "registration_closes": None}
    digital = Topic.objects.create(name="Skaitmeninis raštingumas")
    reading = Topic.objects.create(name="Vaikų skaitymas")
    seminar = make_event(title="Seminaras", day=date(year, 3, 10),
                         sessions=2, kind=EventKind.SEMINAR, **past)
    seminar.topics.set([digital, reading])
    training = make_event(title="Mokymai", day=date(year, 6, 2),
                          kind=EventKind.TRAINING, capacity=None, **past)
    training.topics.set([digital])
    cancelled = make_event(title="Atšauktas", day=date(year, 9, 1), **past)
    earlier = make_event(title="Praėję metai", day=date(year - 1, 9, 1),
                         **past)
    a = [make_person(territory.central_a, first=f"A{i}", last="Kretingiškė") for i in range(4)]
    branch = make_person(territory.branch_a, first="Filialo", last="Darbuotoja")
    b = [make_person(territory.school_b, first=f"B{i}", last="Skuodiškė") for i in range(2)]
    outsider = make_person(None, first="Iš", last="Kitur")
    on_seminar = [register(event=seminar, person=p, by=staff) for p in [*a, branch]]
    on_training = [register(event=training, person=p, by=staff)
                   for p in [*b, a[0], outsider]]
    register(event=earlier, person=a[1], by=staff)
    register(event=cancelled, person=a[2], by=staff)
    first, second = seminar.sessions.all()
    for registration in on_seminar[:3]:           # three attend both sessions (8 h)
        for session in (first, second):
            mark_attendance(registration=registration, session=session, by=staff)
    mark_attendance(registration=on_seminar[3], session=first, by=staff)   # 4 h
    mark_attendance(registration=on_seminar[4], session=first, by=staff, present=False)
    online = training.sessions.get()
    mark_attendance(registration=on_training[0], session=online, by=staff, minutes=90)
    mark_attendance(registration=on_training[1], session=online, by=staff)
    mark_attendance(registration=on_training[2], session=online, by=staff)
    mark_attendance(registration=on_training[3], session=online, by=staff)
    for event in (seminar, training, earlier):
        change_status(event=event, to=EventStatus.HELD, by=staff)
    change_status(event=seminar, to=EventStatus.COMPLETED, by=staff)
    change_status(event=cancelled, to=EventStatus.CANCELLED, by=staff, message="Atšaukta")
    Cost.objects.create(event=seminar, kind=Cost.Kind.LECTURER, amount=Decimal("300.00"))
    Cost.objects.create(event=training, kind=Cost.Kind.VENUE, amount=Decimal("61.20"))
    Cost.objects.create(event=cancelled, kind=Cost.Kind.VENUE, amount=Decimal("1000.00"))
    return {"seminar": seminar, "training": training, "a": a, "b": b, "branch": branch,
            "outsider": outsider}
