"""Demo trainings: topics, three professional-development programmes, four lecturers (two
from outside the territory) and fourteen events around today — completed ones with
attendance and costs, two held and awaiting completion, a cancelled one, coming ones open
for registration (one full with a waiting list, and a 20-place seminar with 19 registered,
so a demo librarian can take the last place), one whose registration has closed and a
draft.

Dates are relative to today, so the demo stays fresh; times are Vilnius wall-clock times.
Everything goes through ``mokymai.services`` (registration, attendance, status changes)
as department staff would do it, so the figures are consistent; the e-mails those
services queue are not sent for the demo. The ``demo_data`` command runs this after the
registry's demo (INSTALLED_APPS order), once, in an empty database; ``load`` also leaves
a database that already has trainings alone.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from bibliotekos.models import Person, Position
from mokymai import services
from mokymai.models import (
    Attendance,
    Cost,
    EventFormat,
    EventKind,
    EventStatus,
    Lecturer,
    Programme,
    Registration,
    RegistrationStatus,
    Session,
    Topic,
    TrainingEvent,
)
from paskyros.models import Role, User
from portalas.clock import aware

TOPICS = ["Skaitmeninis raštingumas", "Vaikų ir jaunimo skaitymas", "Statistika ir duomenys",
          "Projektų rengimas", "Kraštotyra", "Paslaugos senjorams", "Vadyba",
          "Komunikacija ir viešinimas", "Informacinės paslaugos", "Edukacinė veikla"]

PROGRAMMES = [
    ("KTP-01", "Skaitmeninio raštingumo ugdymas bibliotekoje", Decimal("16"),
     "Viešųjų ir mokyklų bibliotekų darbuotojai",
     ["Skaitmeninis raštingumas", "Paslaugos senjorams"],
     "Parengti bibliotekininkus mokyti gyventojus saugiai naudotis internetu, "
     "e. paslaugomis ir išmaniaisiais įrenginiais.",
     "1. Gyventojų skaitmeninių įgūdžių poreikiai.\n2. Mokymų senjorams metodika.\n"
     "3. E. valdžios ir e. sveikatos paslaugos.\n4. Saugumas internete ir sukčiavimo "
     "atpažinimas."),
    ("KTP-02", "Projektų rengimas ir valdymas bibliotekoje", Decimal("24"),
     "Bibliotekų vadovai ir projektų koordinatoriai",
     ["Projektų rengimas", "Vadyba"],
     "Išmokyti rengti paraiškas kultūros ir Europos Sąjungos programoms ir valdyti "
     "laimėtus projektus.",
     "1. Finansavimo šaltiniai.\n2. Paraiškos logika ir rodikliai.\n3. Biudžetas.\n"
     "4. Projekto įgyvendinimas ir atsiskaitymas."),
    ("KTP-03", "Skaitymo skatinimas: darbas su vaikais ir jaunimu", Decimal("8"),
     "Vaikų ir jaunimo aptarnavimo specialistai",
     ["Vaikų ir jaunimo skaitymas", "Edukacinė veikla"],
     "Suteikti žinių ir praktinių idėjų skaitymo skatinimo renginiams ir programoms.",
     "1. Šiuolaikinė vaikų ir paauglių literatūra.\n2. Skaitymo skatinimo metodai.\n"
     "3. Vasaros skaitymo programos."),
]


@dataclass
class Plan:
    """One demo event: when (days from today), what, how many register, what happens."""

    days: int
    title: str
    kind: str
    format: str
    status: str
    topics: list[str]
    sessions: list[tuple[int, time, time, str]]   # (day offset, start, end, topic)
    capacity: int | None = None
    registered: int = 0
    lecturer: int = 0                             # index into the demo lecturers
    programme: int | None = None
    costs: list[tuple[str, str, str]] = field(default_factory=list)
    venue: str = ""
    accounts: list[str] = field(default_factory=list)   # demo librarians who register
    description: str = ""
    attendance: bool = True                       # False: held, attendance not entered yet


KAVB = "Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka, Herkaus Manto g. 25, Klaipėda"
ONE = [(0, time(10, 0), time(13, 0), "")]
TWO = [(0, time(10, 0), time(13, 0), "Teorija"), (0, time(14, 0), time(16, 15), "Praktika")]

PLANS = [
    Plan(-400, "Skaitmeninio raštingumo mokymai senjorams: kaip juos organizuoti",
         EventKind.TRAINING, EventFormat.ONSITE, EventStatus.COMPLETED,
         ["Skaitmeninis raštingumas", "Paslaugos senjorams"],
         [(0, time(10, 0), time(13, 0), "Senjorų poreikiai"),
          (1, time(10, 0), time(13, 0), "Praktiniai užsiėmimai")],
         capacity=25, registered=16, lecturer=0, programme=0, venue=KAVB,
         costs=[("lecturer", "320.00", "Lektoriaus honoraras"),
                ("materials", "45.50", "Dalomoji medžiaga")],
         accounts=["bibliotekininkas@demo.lt"]),
    Plan(-330, "Vaikų vasaros skaitymo programų idėjos", EventKind.SEMINAR,
         EventFormat.HYBRID, EventStatus.COMPLETED,
         ["Vaikų ir jaunimo skaitymas", "Edukacinė veikla"], ONE, capacity=30, registered=18,
         lecturer=2, programme=2, venue=KAVB,
         costs=[("catering", "84.00", "Kavos pertrauka")], accounts=["filialas@demo.lt"]),
    Plan(-270, "Bibliotekų statistika: ataskaitų rengimas ir duomenų kokybė",
         EventKind.SEMINAR, EventFormat.ONLINE, EventStatus.COMPLETED,
         ["Statistika ir duomenys"], [(0, time(9, 30), time(12, 30), "")], capacity=None,
         registered=22, lecturer=3, accounts=["mokykla@demo.lt"]),
    Plan(-200, "Stažuotė Lietuvos nacionalinėje Martyno Mažvydo bibliotekoje",
         EventKind.INTERNSHIP, EventFormat.ONSITE, EventStatus.COMPLETED,
         ["Informacinės paslaugos", "Vadyba"],
         [(0, time(10, 0), time(16, 0), "Nacionalinės bibliotekos paslaugos"),
          (1, time(9, 0), time(13, 30), "Skaitmeninimo centras")],
         capacity=12, registered=14, lecturer=1,
         venue="Lietuvos nacionalinė Martyno Mažvydo biblioteka, Gedimino pr. 51, Vilnius",
         costs=[("travel", "420.00", "Autobuso nuoma"),
                ("travel", "690.00", "Nakvynė"), ("catering", "156.00", "")]),
    Plan(-150, "Projektų paraiškų rengimas Lietuvos kultūros tarybai", EventKind.COURSE,
         EventFormat.HYBRID, EventStatus.COMPLETED, ["Projektų rengimas"],
         [(0, time(10, 0), time(13, 0), "Finansavimo šaltiniai"),
          (7, time(10, 0), time(13, 0), "Paraiškos logika"),
          (14, time(10, 0), time(13, 0), "Biudžetas ir atsiskaitymas")],
         capacity=20, registered=15, lecturer=0, programme=1, venue=KAVB,
         costs=[("lecturer", "450.00", "Lektoriaus honoraras"), ("venue", "0.00", "")]),
    Plan(-90, "Kraštotyros darbas bibliotekoje: skaitmeninimas ir sklaida", EventKind.SEMINAR,
         EventFormat.ONSITE, EventStatus.COMPLETED, ["Kraštotyra"], TWO, capacity=25,
         registered=17, lecturer=2,
         venue="Kretingos Motiejaus Valančiaus viešoji biblioteka, Kretinga",
         costs=[("catering", "95.00", "")]),
    Plan(-45, "Pažintinis vizitas į Šilutės Fridricho Bajoraičio viešąją biblioteką",
         EventKind.STUDY_VISIT, EventFormat.ONSITE, EventStatus.CANCELLED, ["Vadyba"], ONE,
         capacity=20, registered=9, lecturer=3, venue="Šilutės F. Bajoraičio viešoji biblioteka"),
    Plan(-12, "Komunikacija socialiniuose tinkluose: bibliotekos balsas", EventKind.TRAINING,
         EventFormat.ONLINE, EventStatus.HELD, ["Komunikacija ir viešinimas"],
         [(0, time(10, 0), time(12, 15), "")], capacity=40, registered=21, lecturer=0),
    Plan(-4, "Regiono bibliotekininkų konferencija „Biblioteka bendruomenei“",
         EventKind.CONFERENCE, EventFormat.HYBRID, EventStatus.HELD,
         ["Vadyba", "Informacinės paslaugos"], [(0, time(10, 0), time(15, 15), "")],
         capacity=80, registered=26, lecturer=1, venue=KAVB, attendance=False),
    Plan(10, "Duomenų vizualizavimas bibliotekų ataskaitoms", EventKind.SEMINAR,
         EventFormat.ONSITE, EventStatus.PUBLISHED, ["Statistika ir duomenys"], ONE,
         capacity=20, registered=19, lecturer=3, venue=KAVB,
         description="Kaip statistikos duomenis paversti aiškiais grafikais ir lentelėmis "
                     "savivaldybės tarybai, bendruomenei ir metinei ataskaitai."),
    Plan(18, "Vadovų forumas: bibliotekų paslaugų planavimas", EventKind.TRAINING,
         EventFormat.ONSITE, EventStatus.PUBLISHED, ["Vadyba"], TWO, capacity=15,
         registered=18, lecturer=2, venue=KAVB),
    Plan(25, "Skaitmeninio raštingumo programa senjorams: tęstinis kursas", EventKind.COURSE,
         EventFormat.HYBRID, EventStatus.PUBLISHED,
         ["Skaitmeninis raštingumas", "Paslaugos senjorams"],
         [(0, time(10, 0), time(13, 0), "E. paslaugos"),
          (7, time(10, 0), time(13, 0), "Saugumas internete")],
         capacity=30, registered=8, lecturer=0, programme=0, venue=KAVB,
         accounts=["bibliotekininkas@demo.lt", "filialas@demo.lt"]),
    Plan(40, "Kūrybinės dirbtuvės jaunimui bibliotekoje", EventKind.SEMINAR,
         EventFormat.ONSITE, EventStatus.REGISTRATION_CLOSED,
         ["Vaikų ir jaunimo skaitymas", "Edukacinė veikla"], ONE, capacity=25, registered=12,
         lecturer=2, programme=2, venue="Tauragės Birutės Baltrušaitytės viešoji biblioteka",
         accounts=["mokykla@demo.lt"]),
    Plan(75, "Paslaugos senjorams: gerosios patirties stažuotė Palangoje",
         EventKind.INTERNSHIP, EventFormat.ONSITE, EventStatus.DRAFT,
         ["Paslaugos senjorams"], TWO, capacity=15, lecturer=1,
         venue="Palangos miesto savivaldybės viešoji biblioteka"),
]

LECTURERS = [
    # (who: "jonas" = the registry's external lecturer, "new" = added here, or a library
    # code whose first person lectures), organisation, topics, notes
    ("jonas", "Vilniaus universitetas, Komunikacijos fakultetas",
     ["Skaitmeninis raštingumas", "Projektų rengimas", "Komunikacija ir viešinimas"],
     "Dėsto nuotoliu ir kontaktiniu būdu; sąskaitą išrašo universitetas."),
    ("new", "Lietuvos nacionalinė Martyno Mažvydo biblioteka",
     ["Informacinės paslaugos", "Vadyba"], ""),
    ("SVB-KLM-C", "", ["Vaikų ir jaunimo skaitymas", "Kraštotyra", "Vadyba",
                       "Edukacinė veikla"], ""),
    ("KAVB", "", ["Statistika ir duomenys", "Vadyba"], "Skyriaus metodininkė."),
]


@contextmanager
def _no_emails():
    """The services queue e-mails after commit; the demo's participants get none."""
    queue = services._task
    services._task = lambda *args: None
    try:
        yield
    finally:
        services._task = queue


def load(out) -> None:
    if TrainingEvent.objects.exists():
        out.write("  trainings: already there, left alone")
        return
    with _no_emails():
        counts = _load()
    out.write(f"  trainings: {counts['topics']} topics, {counts['programmes']} programmes, "
              f"{counts['lecturers']} lecturers, {counts['events']} events, "
              f"{counts['registrations']} registrations")


def _load() -> dict:
    staff = User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk").first()
    today = timezone.localdate()
    topics = {name: Topic.objects.get_or_create(name=name)[0] for name in TOPICS}
    programmes = []
    for number, (code, title, hours, group, topic_names, aims, content) in enumerate(
            PROGRAMMES):
        programme = Programme.objects.create(
            code=code, title=title, hours=hours, target_group=group, aims=aims,
            content=content, approved_on=today - timedelta(days=520 - 120 * number))
        programme.topics.set([topics[name] for name in topic_names])
        programmes.append(programme)
    lecturers = [_lecturer(who, organisation, [topics[n] for n in names], notes)
                 for who, organisation, names, notes in LECTURERS]

    accounts = {person.user.email: person for person in
                Person.objects.filter(user__email__endswith="@demo.lt").select_related("user")}
    lecturing = {lecturer.person_id for lecturer in lecturers}
    pool = list(Person.objects.filter(library__isnull=False, user__isnull=True)
                .exclude(pk__in=lecturing).order_by("pk"))
    audience = list(Position.objects.filter(name__in=["Bibliotekininkas",
                                                      "Vyresnysis bibliotekininkas",
                                                      "Mokyklos bibliotekininkas"]))
    registrations = 0
    for number, plan in enumerate(PLANS):
        event = _event(plan, number, today, staff, topics, programmes, lecturers, audience)
        registrations += _run(plan, number, event, staff, pool, accounts)
    from mokymai import demo_feedback
    demo_feedback.load(staff)
    return {"topics": len(topics), "programmes": len(programmes), "lecturers": len(lecturers),
            "events": len(PLANS), "registrations": registrations}


def _lecturer(who: str, organisation: str, topics: list, notes: str) -> Lecturer:
    if who == "jonas":
        person = (Person.objects.filter(email="lektorius@demo.lt").first()
                  or Person.objects.create(first_name="Jonas", last_name="Lektorius",
                                           email="lektorius@demo.lt"))
    elif who == "new":
        person = Person.objects.create(first_name="Rūta", last_name="Kazlauskaitė",
                                       email="ruta.kazlauskaite@lnb.demo.lt",
                                       phone="+370 5 239 8600",
                                       position="vyriausioji metodininkė")
    else:
        person = (Person.objects.filter(library__code=who, user__isnull=True).order_by("pk")
                  .first())
    lecturer = Lecturer.objects.create(person=person, organisation=organisation, notes=notes)
    lecturer.topics.set(topics)
    return lecturer


def _event(plan: Plan, number: int, today: date, staff, topics, programmes, lecturers,
           audience) -> TrainingEvent:
    first = today + timedelta(days=plan.days)
    online = plan.format in (EventFormat.ONLINE, EventFormat.HYBRID)
    if plan.days < 0:
        opens = aware(first - timedelta(days=35), time(9, 0))
        closes = aware(first - timedelta(days=2), time(23, 0))
    else:
        opens = timezone.now() - timedelta(days=8)
        closes = aware(first - timedelta(days=1), time(23, 0))
    event = TrainingEvent.objects.create(
        kind=plan.kind, format=plan.format, title=plan.title,
        description=plan.description or f"{plan.title}. Renginys bibliotekų darbuotojams.",
        programme=programmes[plan.programme] if plan.programme is not None else None,
        venue=plan.venue if plan.format != EventFormat.ONLINE else "",
        online_url=f"https://susitikimai.demo.lt/mokymai-{number + 1}" if online else "",
        capacity=plan.capacity, registration_opens=opens, registration_closes=closes,
        organiser=settings.TRAINING_ORGANISER, contact="Metodinės veiklos skyrius, "
        "metodinis@kavb.demo.lt, +370 46 000 010", created_by=staff)
    event.topics.set([topics[name] for name in plan.topics])
    if number % 3 == 0:
        event.audience_posts.set(audience)
    lecturer = lecturers[plan.lecturer]
    for offset, start, end, topic in plan.sessions:
        day = first + timedelta(days=offset)
        session = Session.objects.create(event=event, starts_at=aware(day, start),
                                         ends_at=aware(day, end), topic=topic)
        session.lecturers.add(lecturer)
    services.refresh_dates(event=event)
    for kind, amount, note in plan.costs:
        Cost.objects.create(event=event, kind=kind, amount=Decimal(amount), note=note)
    return event


def _run(plan: Plan, number: int, event: TrainingEvent, staff, pool, accounts) -> int:
    """Publish, register, mark attendance and move the event to its demo status, as staff
    would have done at the time."""
    if plan.status == EventStatus.DRAFT:
        return 0
    chooser = random.Random(1000 + number)   # the same demo every time
    published = event.registration_opens - timedelta(days=2)
    services.change_status(event=event, to=EventStatus.PUBLISHED, by=staff, now=published)
    people = [accounts[email] for email in plan.accounts if email in accounts]
    people += chooser.sample(pool, plan.registered - len(people))
    for index, person in enumerate(people):
        moment = event.registration_opens + timedelta(hours=5 * index + 1,
                                                      minutes=chooser.randrange(60))
        services.register(event=event, person=person, by=staff, now=moment,
                          organisation="" if person.library_id else "Partnerė")
    if plan.status == EventStatus.CANCELLED:
        services.change_status(event=event, to=EventStatus.CANCELLED, by=staff,
                               message="Renginys atšauktas: priimančioji biblioteka "
                                       "uždaryta remontui. Atsiprašome.",
                               now=event.registration_opens + timedelta(days=20))
        return len(people)
    if plan.status == EventStatus.REGISTRATION_CLOSED:
        services.change_status(event=event, to=EventStatus.REGISTRATION_CLOSED, by=staff)
        return len(people)
    if plan.status not in (EventStatus.HELD, EventStatus.COMPLETED):
        return len(people)
    last = event.sessions.order_by("-ends_at").first()
    held_at = last.ends_at + timedelta(hours=2)
    services.change_status(event=event, to=EventStatus.HELD, by=staff, now=held_at)
    if not plan.attendance:
        return len(people)
    _attendance(event, staff, chooser)
    if plan.status == EventStatus.COMPLETED:
        services.change_status(event=event, to=EventStatus.COMPLETED, by=staff,
                               now=held_at + timedelta(days=3))
    return len(people)


def _attendance(event: TrainingEvent, staff, chooser: random.Random) -> None:
    """Most attend everything; some miss a session; about one in ten does not come. Online
    sessions get the minutes the meeting tool reported."""
    sessions = list(event.sessions.all())
    online = event.format == EventFormat.ONLINE
    registered = (Registration.objects.filter(event=event,
                                              status=RegistrationStatus.REGISTERED)
                  .select_related("event", "person").order_by("queued_at", "pk"))
    for index, registration in enumerate(registered):
        absent_all = index % 9 == 4
        for number, session in enumerate(sessions):
            present = not absent_all and not (len(sessions) > 1 and index % 7 == 3
                                              and number == len(sessions) - 1)
            minutes = None
            source = Attendance.Source.LIST
            if online and present:
                minutes = session.minutes - (chooser.randrange(40) if index % 4 == 1 else 0)
                source = Attendance.Source.IMPORT
            services.mark_attendance(registration=registration, session=session, by=staff,
                                     present=present, minutes=minutes, source=source)
