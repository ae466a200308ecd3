"""Demo commissions and working groups: the territory's methodological council (public to
the territory), a children's librarians' working group of six librarians (the demo
accounts bibliotekininkas@demo.lt and filialas@demo.lt among them), a regional reading
contest's commission, and the LBD section the department takes part in; two to four
meetings each over 2025–2026 with attendance (one without a quorum) and one planned next
month. Written through the services (no e-mails sent); run again, it adds nothing."""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from bendradarbiavimas import services_groups as services
from bendradarbiavimas.models import Attendance, Meeting, MeetingStatus, MemberRole, WorkingGroup
from bibliotekos.models import Library, Organisation, Person
from paskyros.models import Role, User

VILNIUS = ZoneInfo("Europe/Vilnius")

GROUPS = [
    {"name": "Kretingos regiono bibliotekų metodinė taryba", "kind": "council",
     "level": "territory", "public": True, "quorum": None,
     "purpose": "Taryba svarsto teritorijos viešųjų bibliotekų **metodinės veiklos** "
                "kryptis, aptaria metų veiklos planus ir ataskaitas, teikia siūlymus "
                "dėl kvalifikacijos tobulinimo programų.",
     "order_title": "Direktoriaus 2024-12-20 įsakymas Nr. V-87",
     "established_on": datetime.date(2025, 1, 1), "term_ends_on": datetime.date(2027, 12, 31),
     "libraries": ["SVB-KRE", "SVB-TAU", "SVB-JUR", "SVB-SIL", "SVB-SKU"],
     "meetings": [("2025-02-20", [1, 1, 1, 1, 0], "1. 2025 m. veiklos plano aptarimas\n"
                                                  "2. Kvalifikacijos renginių poreikis"),
                  ("2025-09-18", [1, 1, 0, 1, 1], "1. Bibliotekų savaitės rezultatai\n"
                                                  "2. 2026 m. metodinių renginių planas"),
                  ("2026-02-12", [1, 1, 1, 0, 1], "1. 2025 m. veiklos ataskaita\n"
                                                  "2. Statistikos duomenų teikimas")]},
    {"name": "Vaikų bibliotekininkų darbo grupė", "kind": "working_group",
     "level": "territory", "public": False, "quorum": None,
     "purpose": "Darbo grupė rengia **vaikų skaitymo skatinimo** priemones teritorijos "
                "bibliotekoms, dalijasi gerąja patirtimi ir koordinuoja vasaros skaitymo "
                "akciją.",
     "order_title": "Direktoriaus 2025-01-10 įsakymas Nr. V-3",
     "established_on": datetime.date(2025, 1, 10), "term_ends_on": None,
     "libraries": ["SVB-KRE-F02", "SVB-KRE", "SVB-TAU", "SVB-JUR", "SVB-SIL", "MB-KRE-001"],
     "meetings": [("2025-03-13", [1, 1, 1, 1, 1, 0], "1. Vasaros skaitymo akcijos planas\n"
                                                     "2. Skaitytojo paso maketas"),
                  ("2025-10-09", [1, 0, 0, 1, 0, 0], "1. Vasaros akcijos rezultatai\n"
                                                     "2. Kalėdinės skaitymų popietės"),
                  ("2026-03-05", [1, 1, 1, 0, 1, 1], "1. 2026 m. vasaros akcija\n"
                                                     "2. Bendradarbiavimas su mokyklomis")]},
    {"name": "Regioninio skaitymo konkurso „Skaitau ir kuriu“ vertinimo komisija",
     "kind": "commission", "level": "territory", "public": False, "quorum": 3,
     "purpose": "Komisija vertina konkurso dalyvių darbus ir teikia siūlymus dėl "
                "nugalėtojų apdovanojimo.",
     "order_title": "Direktoriaus 2025-04-01 įsakymas Nr. V-21",
     "established_on": datetime.date(2025, 4, 1), "term_ends_on": datetime.date(2026, 6, 30),
     "libraries": ["SVB-KRE", "SVB-SKU", "SVB-TAU", "SVB-JUR"],
     "meetings": [("2025-05-22", [1, 1, 1, 0], "1. Vertinimo kriterijai\n2. Darbų paskirstymas"),
                  ("2025-06-12", [1, 1, 1, 1], "1. Nugalėtojų nustatymas")]},
    {"name": "Lietuvos bibliotekininkų draugijos Vaikų ir jaunimo literatūros sekcija",
     "kind": "network", "level": "national", "public": False, "quorum": None,
     "coordinator": "Lietuvos bibliotekininkų draugija",
     "purpose": "Nacionalinė sekcija, kurioje skyrius atstovauja regiono bibliotekoms: "
                "vaikų literatūros sklaida, metų knygos rinkimai, mokymai.",
     "order_title": "", "established_on": None, "term_ends_on": None,
     "libraries": ["SVB-KRE"], "external": [("Rūta Sekcijienė", "LBD", MemberRole.CHAIR),
                                            ("Dalia Vilnietė", "LNB", MemberRole.SECRETARY),
                                            ("Jurgita Kaunietė", "Kauno apskrities viešoji "
                                                                 "biblioteka",
                                             MemberRole.MEMBER)],
     "meetings": [("2025-11-20", [1, 1, 1, 1], "1. Metų knygos rinkimai\n2. Sekcijos planas")]},
]


def _person(code: str, taken: set) -> Person | None:
    demo = {"SVB-KRE-F02": "filialas@demo.lt", "SVB-KRE": "bibliotekininkas@demo.lt",
            "MB-KRE-001": "mokykla@demo.lt"}
    if code in demo:
        found = Person.objects.filter(user__email=demo[code]).first()
        if found and found.pk not in taken:
            return found
    library = Library.objects.filter(code=code).first()
    if library is None:
        return None
    return (Person.objects.filter(library__in=[library, *library.outlets.all()])
            .exclude(pk__in=taken).order_by("pk").first())


def _at(day: str, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour),
                                     tzinfo=VILNIUS)


@transaction.atomic
def _load_group(spec: dict, staff) -> int:
    coordinator = (Organisation.objects.filter(name=spec["coordinator"]).first()
                   if spec.get("coordinator") else None)
    group = services.save_group(WorkingGroup(
        name=spec["name"], kind=spec["kind"], level=spec["level"], public=spec["public"],
        quorum=spec["quorum"], purpose=spec["purpose"], order_title=spec["order_title"],
        established_on=spec["established_on"], term_ends_on=spec["term_ends_on"],
        coordinator=coordinator), by=staff)
    members, taken = [], set()
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY]
    national = spec["level"] == "national"
    for index, code in enumerate(spec["libraries"]):
        person = _person(code, taken)
        if person is None:
            continue
        taken.add(person.pk)
        role = MemberRole.MEMBER if national else (roles[index] if index < 2
                                                   else MemberRole.MEMBER)
        members.append(services.add_member(group, person=person, role=role,
                                           starts_on=spec["established_on"], by=staff))
    for name, organisation, role in spec.get("external", []):
        members.append(services.add_member(group, name=name, organisation=organisation,
                                           role=role, by=staff))
    if not national and len(members) > 3:   # an observer from the department
        services.add_member(group, name="Metodininkė Stebėtoja", organisation="Skyrius",
                            role=MemberRole.OBSERVER, starts_on=spec["established_on"],
                            by=staff)
    for day, came, agenda in spec["meetings"]:
        meeting = services.create_meeting(Meeting(
            group=group, starts_at=_at(day), ends_at=_at(day, 12), agenda=agenda,
            place="Kretingos viešoji biblioteka, konferencijų salė"), by=staff)
        invited = _at(day, 9) - datetime.timedelta(days=10)
        Meeting.objects.filter(pk=meeting.pk).update(invited_at=invited)
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, member=member, status="absent", invited_at=invited)
             for member in members], ignore_conflicts=True)
        statuses = {m.pk: ("present" if flag else "excused")
                    for m, flag in zip(members, came, strict=False)}
        services.record_attendance(meeting, statuses=statuses, guests="", by=staff)
    next_month = timezone.localdate() + datetime.timedelta(days=30)
    services.create_meeting(Meeting(
        group=group, starts_at=_at(next_month.isoformat()),
        ends_at=_at(next_month.isoformat(), 12), agenda="1. Einamieji klausimai",
        online_link="https://meet.example.lt/posedis"), by=staff)
    return len(members)


def load(out) -> None:
    staff = User.objects.filter(email="darbuotojas@demo.lt").first() or User.objects.filter(
        role=Role.STAFF).order_by("pk").first()
    if staff is None:
        out.write("  groups: no staff account, skipped\n")
        return
    made = 0
    for spec in GROUPS:
        if WorkingGroup.objects.filter(name=spec["name"]).exists():
            continue
        _load_group(spec, staff)
        made += 1
    without = Meeting.objects.filter(status=MeetingStatus.HELD, quorum_met=False).count()
    out.write(f"  groups: {made} groups added, {Meeting.objects.count()} meetings, "
              f"{without} without a quorum\n")
