"""The cooperation app (bendradarbiavimas) at a national size: 60 library systems (each with a
central library and 4 branches, in a municipality of its own), 600 partners (each working
with 1–3 of those libraries, two contact-log entries each), 1,500 agreements, 120
commissions and working groups of 12 members each (half of them portal users, with a
registry person in a library), 10 meetings a year per group for 5 years (6,000 meetings;
those past are held, with an attendance row per member, 4 agenda items and 3 decisions
each — ~18,000 decisions, 20 % open, part of those overdue — and those still ahead
planned), and a system's director who is a member of 10 groups (the chair of one) and
owns 40 decisions. Every row is written with ``bulk_create``.

Measured in-process with Django's test client as department staff and as the director:
the partner list, the agreement list filtered "expiring", the group list, a group's page,
a held meeting's page (with its minutes and decisions panels), the decision list (all;
filtered overdue), "my decisions", the home page (with the app's home panels) and the
overview of last year (p50/p95 of 10 requests each, and the queries of one, which must not
grow with the rows: the national run records the tiny run's counts beside its own, from
var/bench/results-tiny/cooperation.json, and names every page whose count differs). The
agreements and the overview are closed to a librarian: for the director the script checks
the 404/403 instead. Built the way the worker builds them (ataskaitos.services.run_job):
the register of agreements (``bendradarbiavimas.agreements``, XLSX), the minutes of one
meeting as PDF and DOCX (``bendradarbiavimas.minutes``) and the overview document as PDF
(``bendradarbiavimas.overview``); and every ``bendradarbiavimas.*`` metric for the
territory and a municipality for last year. Targets recorded beside the figures: a page
under 300 ms p95, a document under 10 s; a page over its target gets the slowest SQL of one
request in the results. Writes bench/results/cooperation.json (``BENCH_SCALE=tiny``: 4
systems, 20 partners, 30 agreements, 6 groups, 2 years, var/bench/results-tiny/).

It uses a PostgreSQL benchmark database: regionas_bench (kept) or regionas_bench_tiny
(recreated), or one of its own named after them (regionas_bench_coop,
regionas_bench_tiny_coop). It adds its own accounts, municipalities, libraries and
records; checks that the pages, the metrics, the overview and the register count the same
records; and removes them afterwards. The machine's load average goes into the results.
"""

import io
import os
import re
import signal
import sys
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import common
from common import (
    DATABASE,
    SCALE_LABEL,
    TINY,
    code_version,
    database_url,
    django_defaults,
    in_process_environment,
    judge,
    recreate_database,
)
from common import today as vilnius_today
from common import write_results as write_figures
from consultations import run_document, timed
from projects import create_if_missing, measure

SYSTEMS = 4 if TINY else 60
BRANCHES = 4
PARTNERS = 20 if TINY else 600
AGREEMENTS = 30 if TINY else 1_500
GROUPS = 6 if TINY else 120
MEMBERS = 12                     # per group: 6 portal users, 3 registry people, 3 outsiders
YEARS = 2 if TINY else 5
MEETING_MONTHS = (1, 2, 3, 4, 5, 6, 9, 10, 11, 12)      # 10 meetings a year
ITEMS = 4                        # agenda items of a held meeting
DECISIONS = 3                    # decisions of a held meeting
USERS = 24 if TINY else 300      # the librarians with accounts the groups draw on
DIRECTOR_GROUPS = 3 if TINY else 10
DIRECTOR_DECISIONS = 12 if TINY else 40
EMAIL_DOMAIN = "cooperation.bench.invalid"
CODE = "BENCH-B"
PREFIX = "Bench"                 # every name the script writes starts with it
TODAY = vilnius_today()
YEAR = TODAY.year - 1            # the last whole year: the overview, metrics, register
VILNIUS = ZoneInfo("Europe/Vilnius")
PAGE_TARGET_MS = 300
DOCUMENT_TARGET_S = 10


def use_database() -> str:
    """DATABASE_URL naming regionas_bench / regionas_bench_tiny, or a database of this
    script's own named after it (``regionas_bench_coop``): the shared helpers then create,
    recreate and check that one."""
    url = os.environ.get("DATABASE_URL", "")
    name = url.rstrip("/").rsplit("/", 1)[-1]
    if name.startswith(f"{DATABASE}_") and (TINY or "tiny" not in name) \
            and re.fullmatch(r"[a-z0-9_]+", name):
        common.DATABASE = name
    return database_url("the national database is kept; tiny is recreated")


# --- the records ---------------------------------------------------------------------------------

def prepare() -> dict:
    """Accounts, municipalities, systems with outlets, partners, agreements, groups with
    members, meetings with attendance, minutes and decisions."""
    from django.contrib.auth.hashers import make_password

    from bendradarbiavimas.models import (
        AgendaItem,
        Agreement,
        AgreementKind,
        Attendance,
        AttendanceStatus,
        ContactKind,
        ContactLog,
        Decision,
        DecisionStatus,
        GroupKind,
        GroupLevel,
        GroupMember,
        Meeting,
        MeetingStatus,
        MemberRole,
        Partner,
        WorkingGroup,
    )
    from bibliotekos.models import (
        County,
        Library,
        LibraryKind,
        Membership,
        Municipality,
        Organisation,
        OrganisationKind,
        Person,
    )
    from paskyros.models import User

    cleanup()
    now = datetime.now(UTC)
    staff = User.objects.create_user(f"staff@{EMAIL_DOMAIN}", role="staff",
                                     full_name=f"{PREFIX} Darbuotoja")
    director = User.objects.create_user(f"director@{EMAIL_DOMAIN}", role="librarian",
                                        full_name=f"{PREFIX} Direktorė")
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"member{n:03d}@{EMAIL_DOMAIN}", role="librarian", password=unusable,
             full_name=f"{PREFIX} Narė {n:03d}") for n in range(USERS))
    county = County.objects.create(code=CODE, name=f"{PREFIX} apskritis")
    places = Municipality.objects.bulk_create(
        Municipality(code=f"{CODE}-{n:02d}", name=f"{PREFIX} savivaldybė {n:02d}",
                     county=county) for n in range(SYSTEMS))
    systems = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}", name=f"{PREFIX} sistema {n:02d}",
                kind=LibraryKind.SYSTEM, municipality=place) for n, place in enumerate(places))
    centrals = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}-C", name=f"{PREFIX} centrinė {n:02d}",
                kind=LibraryKind.CENTRAL, parent=system, municipality=system.municipality)
        for n, system in enumerate(systems))
    branches = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}-F{k}", name=f"{PREFIX} filialas {n:02d}-{k}",
                kind=LibraryKind.RURAL_BRANCH, parent=central, municipality=central.municipality)
        for n, central in enumerate(centrals) for k in range(BRANCHES))
    libraries = systems + centrals + branches
    Membership.objects.create(user=director, library=systems[0], role="director")
    # registry people: one per account (in a library), three per group without an account
    Person.objects.create(first_name=PREFIX, last_name="Direktorė", library=systems[0],
                          user=director, email=director.email)
    Person.objects.bulk_create(
        Person(first_name=PREFIX, last_name=f"Narė {n:03d}", user=user, email=user.email,
               library=libraries[(n * 7) % len(libraries)]) for n, user in enumerate(users))
    people = Person.objects.bulk_create(
        Person(first_name=PREFIX, last_name=f"Asmuo {n:04d}",
               library=libraries[(n * 11) % len(libraries)]) for n in range(GROUPS * 3))

    # partners and agreements
    kinds = list(OrganisationKind)
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"{PREFIX} partneris {n:04d}", kind=kinds[n % len(kinds)],
                     country=("LV", "PL", "EE")[n % 3] if n % 7 == 0 else "LT")
        for n in range(PARTNERS))
    partners = Partner.objects.bulk_create(
        Partner(organisation=organisation, areas="Patirties mainai, bendri renginiai",
                since=date(2012, 1, 1) + timedelta(days=(n * 17) % 5000),
                active=n % 10 != 0, created_by=staff)
        for n, organisation in enumerate(organisations))
    Partner.libraries.through.objects.bulk_create(
        Partner.libraries.through(partner=partner,
                                  library=libraries[(n * 5 + k * 13) % len(libraries)])
        for n, partner in enumerate(partners) for k in range(1 + n % 3))
    ContactLog.objects.bulk_create(
        ContactLog(partner=partner, happened_on=TODAY - timedelta(days=(n * 37 + k * 200) % 1800),
                   kind=list(ContactKind)[(n + k) % len(ContactKind)],
                   summary=f"{PREFIX}: aptarta bendra skaitymo akcija.", created_by=staff)
        for n, partner in enumerate(partners) for k in range(2))
    agreement_kinds = list(AgreementKind)
    agreements = []
    for n in range(AGREEMENTS):
        starts = date(2017, 1, 1) + timedelta(days=(n * 53) % 3400)
        ends = None if n % 5 == 0 else starts + timedelta(days=365 * (1 + n % 5))
        if n % 25 == 0:                        # expiring soon (in force today)
            starts, ends = TODAY - timedelta(days=400), TODAY + timedelta(days=n % 60)
        elif n % 25 == 1:                      # just expired
            starts, ends = TODAY - timedelta(days=800), TODAY - timedelta(days=1 + n % 25)
        terminated = (starts + timedelta(days=200)) if n % 20 == 7 else None
        agreements.append(Agreement(
            number=f"BS-{n:05d}", kind=agreement_kinds[n % len(agreement_kinds)],
            title=f"{PREFIX} sutartis {n:05d}: bendradarbiavimas skaitymo skatinimo srityje",
            signed_on=starts - timedelta(days=10), starts_on=starts, ends_on=ends,
            terminated_on=terminated, subject="Patirties mainai ir bendri renginiai.",
            obligations="Šalys keičiasi leidiniais ir patirtimi.", responsible=staff,
            created_by=staff))
    agreements = Agreement.objects.bulk_create(agreements)
    Agreement.partners.through.objects.bulk_create(
        Agreement.partners.through(agreement=agreement, partner=partner)
        for n, agreement in enumerate(agreements)
        for partner in {partners[n % len(partners)], partners[(n * 7 + 3) % len(partners)]})
    Agreement.libraries.through.objects.bulk_create(
        Agreement.libraries.through(agreement=agreement, library=library)
        for n, agreement in enumerate(agreements)
        for library in {libraries[n % len(libraries)], libraries[(n * 3 + 1) % len(libraries)]})

    # groups and their members
    group_kinds = list(GroupKind)
    groups = WorkingGroup.objects.bulk_create(
        WorkingGroup(name=f"{PREFIX} darbo grupė {n:03d}", kind=group_kinds[n % len(group_kinds)],
                     level=(GroupLevel.NATIONAL if n % 10 == 3 else GroupLevel.INTERNATIONAL
                            if n % 20 == 7 else GroupLevel.TERRITORY),
                     purpose="Skatinti **skaitymą** ir dalintis patirtimi.",
                     order_title=f"Direktoriaus įsakymas Nr. V-{n}",
                     established_on=date(TODAY.year - YEARS, 12, 1), public=n % 10 == 5,
                     created_by=staff)
        for n in range(GROUPS))
    director_groups = {groups[i * GROUPS // DIRECTOR_GROUPS].pk: i for i in range(DIRECTOR_GROUPS)}
    roles = [MemberRole.CHAIR, MemberRole.SECRETARY, MemberRole.DEPUTY] + \
        [MemberRole.MEMBER] * (MEMBERS - 4) + [MemberRole.OBSERVER]
    start = date(TODAY.year - YEARS, 12, 1)
    members, accounts = [], {}          # accounts: group pk → its members' accounts
    for g, group in enumerate(groups):
        accounts[group.pk] = []
        for k in range(MEMBERS):
            member = GroupMember(group=group, role=roles[k], starts_on=start)
            if k < 6:                    # portal users (the director takes one place)
                if group.pk in director_groups and k == (0 if director_groups[group.pk] == 0
                                                         else 3):
                    user = director
                else:
                    user = users[(g * 6 + k) % len(users)]
                member.user, member.person_id = user, None
                member.name = user.full_name
                accounts[group.pk].append(user)
            elif k < 9:                  # registry people without an account
                member.person = people[g * 3 + k - 6]
            else:                        # from outside the registry
                member.name = f"{PREFIX} Išorinis {g}-{k}"
                member.organisation = "Muziejus"
            members.append(member)
    members = GroupMember.objects.bulk_create(members)
    # the accounts' registry people, as add_member links them
    person_of = dict(Person.objects.filter(user__email__endswith=EMAIL_DOMAIN)
                     .values_list("user_id", "pk"))
    for member in members:
        if member.user_id:
            member.person_id = person_of[member.user_id]
    GroupMember.objects.bulk_update([m for m in members if m.user_id], ["person"],
                                    batch_size=2000)
    by_group: dict[int, list] = {}
    for member in members:
        by_group.setdefault(member.group_id, []).append(member)

    # meetings: 10 a year; those past held (a few cancelled), those ahead planned
    meetings = []
    for g, group in enumerate(groups):
        for year in range(TODAY.year - YEARS + 1, TODAY.year + 1):
            for number, month in enumerate(MEETING_MONTHS, start=1):
                starts = datetime(year, month, 3 + g % 20, 10, 0, tzinfo=VILNIUS)
                past = starts < now
                cancelled = past and (g + number + year) % 50 == 0
                status = (MeetingStatus.CANCELLED if cancelled else MeetingStatus.HELD
                          if past else MeetingStatus.PLANNED)
                signed = status == MeetingStatus.HELD and starts.date() < TODAY - timedelta(30)
                meetings.append(Meeting(
                    group=group, number=number, starts_at=starts,
                    ends_at=starts + timedelta(hours=2), place="Viešosios bibliotekos salė",
                    agenda="\n".join(f"{i + 1}. {PREFIX} klausimas {i + 1}" for i in range(ITEMS)),
                    status=status, cancel_reason="Nesusirinko" if cancelled else "",
                    invited_at=starts - timedelta(days=7),
                    quorum_met=(None if status != MeetingStatus.HELD else False
                                if (g + number) % 20 == 0 else None
                                if (g + number) % 20 == 1 else True),
                    minutes_intro="Posėdį pradėjo pirmininkė." if status == "held" else "",
                    minutes_status=("final" if signed else "draft"
                                    if status == MeetingStatus.HELD else "none"),
                    minutes_signed_at=starts + timedelta(days=3) if signed else None,
                    minutes_written_by=accounts[group.pk][1] if status == "held" else None,
                    created_by=staff))
    meetings = Meeting.objects.bulk_create(meetings, batch_size=2000)
    held = [m for m in meetings if m.status == MeetingStatus.HELD]
    statuses = [AttendanceStatus.PRESENT] * 8 + [AttendanceStatus.REMOTE,
                                                 AttendanceStatus.EXCUSED,
                                                 AttendanceStatus.ABSENT,
                                                 AttendanceStatus.PRESENT]
    Attendance.objects.bulk_create(
        (Attendance(meeting=meeting, member=member, status=statuses[(k + n) % MEMBERS],
                    invited_at=meeting.invited_at)
         for n, meeting in enumerate(held) for k, member in enumerate(by_group[meeting.group_id])),
        batch_size=5000)
    items = AgendaItem.objects.bulk_create(
        (AgendaItem(meeting=meeting, order=i + 1, title=f"{PREFIX} klausimas {i + 1}",
                    presenter="Rasa Jonaitienė",
                    discussed="Aptarti **pagrindiniai** renginiai ir terminai.",
                    votes="už 7, prieš 0, susilaikė 1", decided="Pritarti su pastabomis.",
                    written_by=accounts[meeting.group_id][1])
         for meeting in held for i in range(ITEMS)), batch_size=5000)
    item_of = {(item.meeting_id, item.order): item for item in items}
    decisions, owned = [], 0
    for n, meeting in enumerate(held):
        day = meeting.starts_at.astimezone(VILNIUS).date()
        owners = [user for user in accounts[meeting.group_id] if user != director]
        for k in range(DECISIONS):
            i = n * DECISIONS + k
            due = day + timedelta(days=30 * (k + 1))
            owner = owners[(n + k) % len(owners)] if i % 7 else None
            if meeting.group_id in director_groups and owned < DIRECTOR_DECISIONS \
                    and i % 12 == 0:
                owner, owned = director, owned + 1
            is_open = i % 5 == 0 or due >= TODAY            # 20 % open, and all not yet due
            if is_open and i % 2 and due < TODAY:           # half of the late ones extended
                due = TODAY + timedelta(days=i % 90)
            decisions.append(Decision(
                meeting=meeting, item=item_of[(meeting.pk, k + 1)],
                text=f"{PREFIX} sprendimas {i}: parengti renginių kalendorių",
                owner=owner, owner_name="" if owner else "Jonas Išorinis", due_on=due,
                status=DecisionStatus.OPEN if is_open else DecisionStatus.DONE,
                done_on=None if is_open else min(due - timedelta(days=3), TODAY),
                done_by=None if is_open else owner, created_by=owners[1]))
    Decision.objects.bulk_create(decisions, batch_size=5000)
    assert owned == DIRECTOR_DECISIONS, owned
    analyse(Partner, Partner.libraries.through, ContactLog, Agreement,
            Agreement.partners.through, Agreement.libraries.through, WorkingGroup,
            GroupMember, Meeting, Attendance, AgendaItem, Decision, Person, Organisation, User)
    return {"staff": staff, "director": director, "systems": systems, "groups": groups,
            "director_groups": list(director_groups), "held": held, "meetings": meetings,
            "partners": len(partners), "agreements": len(agreements), "members": len(members),
            "people": len(people) + len(users) + 1}


def analyse(*models) -> None:
    """Fresh planner statistics for the bulk-loaded tables, as a live database has them
    (without them PostgreSQL plans for a few rows)."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def wipe(queryset) -> int:
    """Delete the rows without Django's collector: one DELETE, no per-row signals (the
    history app would write a "deleted" history row for each of ~120,000 rows)."""
    return queryset._raw_delete(queryset.db)


def cleanup() -> None:
    from ataskaitos.models import ReportJob
    from bendradarbiavimas.models import (
        AgendaItem,
        Agreement,
        Attendance,
        ContactLog,
        Decision,
        GroupMember,
        Meeting,
        Partner,
        WorkingGroup,
    )
    from bibliotekos.models import County, Library, Municipality, Organisation, Person
    from paskyros.models import User

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    groups = WorkingGroup.objects.filter(name__startswith=f"{PREFIX} darbo grupė")
    meetings = Meeting.objects.filter(group__in=groups)
    wipe(Attendance.objects.filter(meeting__in=meetings))
    wipe(Decision.objects.filter(meeting__in=meetings))
    wipe(AgendaItem.objects.filter(meeting__in=meetings))
    wipe(meetings)
    wipe(GroupMember.objects.filter(group__in=groups))
    wipe(groups)
    agreements = Agreement.objects.filter(title__startswith=f"{PREFIX} sutartis")
    wipe(Agreement.partners.through.objects.filter(agreement__in=agreements))
    wipe(Agreement.libraries.through.objects.filter(agreement__in=agreements))
    wipe(agreements)
    partners = Partner.objects.filter(organisation__name__startswith=f"{PREFIX} partneris")
    wipe(Partner.libraries.through.objects.filter(partner__in=partners))
    wipe(ContactLog.objects.filter(partner__in=partners))
    wipe(partners)
    wipe(Organisation.objects.filter(name__startswith=f"{PREFIX} partneris"))
    wipe(Person.objects.filter(first_name=PREFIX))
    Library.objects.filter(code__startswith=CODE, parent__parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE, parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE).delete()
    Municipality.objects.filter(code__startswith=CODE).delete()
    County.objects.filter(code=CODE).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


# --- reading the pages ----------------------------------------------------------------------------

def number_in(html: str, pattern: str) -> int | None:
    """The integer in the first match of ``pattern`` (its group 1), digits only (the page
    groups thousands with a no-break space)."""
    found = re.search(pattern, html, re.S)
    return int(re.sub(r"\D", "", found.group(1))) if found else None


def list_total(html: str) -> int:
    """How many entries a list page says it has ("1–50 iš 18 000", or "N įrašų"; none
    shown: 0 or the rows of one page)."""
    found = re.search(r'<span class="small text-body-secondary">([^<]*)</span>\s*<ul '
                      r'class="pagination', html)
    if found:
        numbers = re.findall(r"\d+(?:[\s\xa0\u202f]\d{3})*", found.group(1))
        return int(re.sub(r"\D", "", numbers[-1]))
    found = re.search(r'<p class="small text-body-secondary mt-3">\s*(\d[\d\s\xa0\u202f]*)',
                      html)
    return int(re.sub(r"\D", "", found.group(1))) if found else 0


def slowest_sql(client, url: str, top: int = 3) -> list[dict]:
    """The slowest SQL of one request (for a page over its target)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        client.get(url, secure=True)
    found = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:top]
    return [{"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"][:1500]} for q in found]


def main() -> None:
    url = use_database()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    in_process_environment()
    django_defaults()
    if TINY:
        recreate_database(url)
    else:
        create_if_missing(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse
    from django.utils import translation
    from openpyxl import load_workbook

    from bendradarbiavimas import selectors_overview as figures_of
    from bendradarbiavimas.models import (
        AgendaItem,
        Attendance,
        Decision,
        DecisionStatus,
    )
    from bendradarbiavimas.reports_partners import register_records
    from bendradarbiavimas.selectors_partners import expiring_agreements
    from portalas.metrics import Period, Scope
    from portalas.registry import metric, metrics

    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    translation.activate("lt")
    load_before = os.getloadavg()
    started = time.perf_counter()
    made = prepare()
    built_s = round(time.perf_counter() - started, 1)
    staff, director, systems = made["staff"], made["director"], made["systems"]
    try:
        period = Period.year(YEAR)
        mine = Decision.objects.filter(text__startswith=PREFIX)
        group = next(g for g in made["groups"] if g.pk == made["director_groups"][1 % len(
            made["director_groups"])])
        meeting = next(m for m in made["held"] if m.group_id == group.pk
                       and m.starts_at.year == YEAR and m.minutes_status == "final")
        decisions_url = reverse("bendradarbiavimas:decision_list")
        agreements_url = reverse("bendradarbiavimas:agreement_list")
        overview_url = f"{reverse('bendradarbiavimas:overview')}?year={YEAR}"
        pages = {"partners": reverse("bendradarbiavimas:partner_list"),
                 "agreements_expiring": f"{agreements_url}?status=expiring",
                 "groups": reverse("bendradarbiavimas:group_list"),
                 "group": reverse("bendradarbiavimas:group_detail", args=[group.pk]),
                 "meeting": reverse("bendradarbiavimas:meeting_detail", args=[meeting.pk]),
                 "decisions": decisions_url,
                 "decisions_overdue": f"{decisions_url}?status=open&overdue=on",
                 "my_decisions": reverse("bendradarbiavimas:decision_mine"),
                 "home": reverse("home"),
                 "overview": overview_url}
        closed_to_director = {"agreements_expiring": 404, "overview": 403}
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": SCALE_LABEL, "year": YEAR, "code": code_version("bendradarbiavimas"),
            "load_average_before": [round(x, 2) for x in load_before],
            "systems": len(systems), "libraries": len(systems) * (2 + BRANCHES),
            "partners": made["partners"], "agreements": made["agreements"],
            "groups": len(made["groups"]), "group_members": made["members"],
            "meetings": len(made["meetings"]), "meetings_held": len(made["held"]),
            "attendance_rows": Attendance.objects.filter(
                meeting__group__name__startswith=PREFIX).count(),
            "agenda_items": AgendaItem.objects.filter(title__startswith=PREFIX).count(),
            "decisions": mine.count(),
            "decisions_open": mine.filter(status=DecisionStatus.OPEN).count(),
            "decisions_overdue": mine.overdue().count(),
            "director": {"groups": len(made["director_groups"]),
                         "decisions_owned": mine.filter(owner=director).count()},
            "records_written_s": built_s,
            "targets": {"page_p95_ms": PAGE_TARGET_MS, "document_s": DOCUMENT_TARGET_S},
            "pages": {}, "closed_to_director": {}}
        html = {}
        for who, user in (("staff", staff), ("director", director)):
            client = Client()
            client.force_login(user, backend="paskyros.backends.EmailBackend")
            figures["pages"][who] = {}
            for name, path in pages.items():
                if who == "director" and name in closed_to_director:
                    status = client.get(path, secure=True).status_code
                    assert status == closed_to_director[name], (name, status)
                    figures["closed_to_director"][name] = status
                    continue
                figures["pages"][who][name] = measure(client, path)
                html[who, name] = client.get(path, secure=True).content.decode()
                if figures["pages"][who][name]["p95_ms"] > PAGE_TARGET_MS:
                    figures["pages"][who][name]["slowest_sql"] = slowest_sql(client, path)

        # the pages, the metrics, the overview and the register count the same records
        territory = Scope.territory()
        place = Scope.of_municipality(systems[0].municipality)
        checks = {}
        found = figures_of.figures(period, user=staff)
        page_meetings = number_in(html["staff", "overview"], r'data-total="meetings">([^<]+)<')
        page_made = number_in(html["staff", "overview"], r'data-total="made">([^<]+)<')
        value = metric("bendradarbiavimas.meetings").value(period, territory)
        assert page_meetings == found.totals["meetings"] == value, (page_meetings, value)
        made_value = metric("bendradarbiavimas.decisions_made").value(period, territory)
        assert page_made == found.totals["made"] == made_value, (page_made, made_value)
        held_in_year = sum(1 for m in made["held"] if m.starts_at.year == YEAR)
        assert value >= held_in_year > 0, (value, held_in_year)
        checks["overview_meetings_territory"] = value
        checks["overview_decisions_territory"] = made_value
        for scope_name, scope in (("territory", territory), ("municipality", place)):
            counted = figures_of.figures(period, scope)
            for key, name in (("meetings", "meetings"), ("made", "decisions_made"),
                              ("done", "decisions_done"),
                              ("agreements_in_force", "agreements_in_force"),
                              ("partners_active", "partners_active")):
                value = metric(f"bendradarbiavimas.{name}").value(period, scope)
                assert counted.totals[key] == value, (scope_name, key, counted.totals[key],
                                                      value)
                checks[f"{name}_{scope_name}"] = value
        assert 0 < checks["meetings_municipality"] <= checks["meetings_territory"], checks
        # the decision list of the year: every decision of the year's meetings (none is
        # cancelled), as many as the metric counts
        client = Client()
        client.force_login(staff, backend="paskyros.backends.EmailBackend")
        listed = list_total(client.get(f"{decisions_url}?year={YEAR}", secure=True)
                            .content.decode())
        in_year = Decision.objects.filter(meeting__starts_at__year=YEAR).count()
        assert listed == in_year == checks["decisions_made_territory"], (listed, in_year)
        checks["decision_list_year"] = listed
        overdue = list_total(html["staff", "decisions_overdue"])
        assert overdue == Decision.objects.overdue().count() > 0, overdue
        checks["decision_list_overdue"] = overdue
        expiring = list_total(html["staff", "agreements_expiring"])
        assert expiring == expiring_agreements(staff).count() > 0, expiring
        checks["agreement_list_expiring"] = expiring
        theirs = list_total(html["director", "my_decisions"])
        assert theirs == DIRECTOR_DECISIONS, theirs
        checks["my_decisions_director"] = theirs
        seen = list_total(html["director", "decisions"])
        assert seen == Decision.objects.visible_to(director).count() > theirs, seen
        checks["decision_list_director"] = seen
        figures["checks"] = checks

        timings = {}
        for scope_name, scope in (("territory", territory), ("municipality", place)):
            timings[scope_name] = {}
            for item in metrics():
                if item.name.startswith("bendradarbiavimas."):
                    _value, ms = timed(lambda item=item, scope=scope: item.value(period, scope))
                    timings[scope_name][item.name] = ms
        figures["metrics_ms"] = timings

        documents = {}
        job, documents["agreements_register_xlsx"] = run_document(
            staff, "bendradarbiavimas.agreements", "xlsx", {"year": str(YEAR)})
        with job.file.open("rb") as handle:
            sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
            rows = sum(1 for row in sheet.iter_rows(values_only=True)
                       if any(isinstance(cell, str) and cell.startswith(f"{PREFIX} sutartis")
                              for cell in row))
        expected = register_records(staff, YEAR).filter(title__startswith=PREFIX).count()
        assert rows == expected > 0, (rows, expected)
        checks["register_rows"] = rows
        for fmt in ("pdf", "docx"):
            _job, documents[f"minutes_{fmt}"] = run_document(
                staff, "bendradarbiavimas.minutes", fmt, {"meeting": str(meeting.pk)})
        _job, documents["minutes_pdf_director"] = run_document(
            director, "bendradarbiavimas.minutes", "pdf", {"meeting": str(meeting.pk)})
        _job, documents["overview_pdf"] = run_document(
            staff, "bendradarbiavimas.overview", "pdf", {"year": str(YEAR)})
        figures["documents"] = documents

        judge(figures, documents, name="cooperation", page_target_ms=PAGE_TARGET_MS,
              document_target_s=DOCUMENT_TARGET_S)
        figures["note"] = (
            "In-process (Django's test client, no gunicorn) against PostgreSQL on the same "
            "2-core machine, shared with other jobs (load average before and after); p50/p95 "
            "of repeated GETs after a warm-up; queries of one request. The documents are "
            "built and rendered as the worker does (ataskaitos.services.run_job). The "
            "director is a librarian: the agreements are a 404 and the overview a 403 to "
            "them (checked).")
        write_figures("cooperation", figures)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
