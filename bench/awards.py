"""The awards app (apdovanojimai) at a national size: a demo-like territory of 60 library
systems (each a municipality with its system, central library and 8 branches: 600
libraries) with ~12,000 registry people who have a "works since" date, a director account
per system and 35 juror accounts (librarians of the systems); 10 years × 5 contests (50
contests, 3 categories each — a person, a person for long service, a rural branch — 5
weighted criteria, a jury of 7 accounts with a chair) with 40 admitted nominations each,
every one declared about and scored by every juror (a conflict of interest where the
nominee is of the juror's own library tree, and a few declared for a relative), with the
jury's audit trail; scoring of each closed by the app's own ``close_scoring`` (the results
computed by the documented rule); for the last two years the awards (a diploma to each
winner, a thank-you letter to every other admitted nominee) prepared by
``prepare_award`` and the results published by ``publish_results`` (the older year's then
archived); plus one current contest in evaluation with 300 admitted nominations whose 7
jurors are half-way through (declared about ~55 %, most of those scored, some drafts).
The measured system's director made 40 of the nominations; one person of their library
was nominated (and won) in each of the contests whose awards were prepared. Records are
written with ``bulk_create``; the results, awards and publication through the services.

Measured in-process with Django's test client (p50/p95 of 10 requests, and the queries of
one, which must not grow with the rows: the national run records the tiny run's counts
beside its own, from var/bench/results-tiny/awards.json, and names every page whose count
differs): the contest list; the big contest's page as staff, as its chair and as a juror;
the juror's worklist (300 nominations); a nomination's page as the juror; the contest's
nominations (staff); "my nominations" of the director; the jury's audit trail (staff,
before closing); then ``close_scoring`` of the 300-nomination contest (once, timed); the
score table (staff, chair), the results page (staff: the big contest's ranking; the
director: a published contest's winners), the award list, a person's and a library's page
with their award history, and the home page as staff, the juror and the director. Built the
way the worker builds them (ataskaitos.services.run_job): the big contest's evaluation
protocol as PDF and DOCX (``apdovanojimai.protocol``) and the year's results as XLSX
(``apdovanojimai.results``); through their views: one diploma's PDF and the ZIP of a
published contest's awards; and every ``apdovanojimai.*`` metric for the territory and a
municipality for last year. Checks that the pages, the metrics, the XLSX and the documents
count the same records, and that before closing nobody — staff on the audit trail, a juror
on the score table — sees a score. Targets recorded beside the figures: a page under
300 ms p95, a document under 10 s; a page over its target gets the slowest SQL of one
request in the results. Writes bench/results/awards.json (``BENCH_SCALE=tiny``: 4
systems, 2 years × 2 contests of 12 nominations, a current contest of 30;
var/bench/results-tiny/).

It uses a PostgreSQL benchmark database: regionas_bench (kept) or regionas_bench_tiny
(recreated), or one of its own named after them (regionas_bench_awards,
regionas_bench_tiny_awards). It adds its own accounts, municipalities, libraries, people
and records, and removes them afterwards. The machine's load average goes into the
results."""

import io
import os
import random
import re
import signal
import sys
import time
import zipfile
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from common import (
    SCALE_LABEL,
    TINY,
    code_version,
    in_process_environment,
    judge,
    log,
    recreate_database,
)
from common import today as vilnius_today
from common import write_results as write_figures
from consultations import run_document, timed
from cooperation import analyse, list_total, slowest_sql, use_database, wipe
from projects import create_if_missing, measure

SYSTEMS = 4 if TINY else 60
BRANCHES = 3 if TINY else 8          # per system, besides its central library
PEOPLE = 240 if TINY else 12_000
YEARS = 2 if TINY else 10
CONTESTS_A_YEAR = 2 if TINY else 5
NOMINATIONS = 12 if TINY else 40     # admitted nominations of each past contest
BIG = 30 if TINY else 300            # admitted nominations of the contest in evaluation
JURY = 7
JURORS = 14 if TINY else 35          # the juror accounts the juries draw on
DIRECTOR_NOMINATIONS = 12 if TINY else 40
PREPARED_YEARS = 2                   # the last years whose awards are prepared and published
DECLARED_SHARE = 0.55                # of the big contest's nominations, per juror
EMAIL_DOMAIN = "awards.bench.invalid"
CODE = "BENCH-A"
PREFIX = "Bench"                     # every contest's title starts with it
TODAY = vilnius_today()
YEAR = TODAY.year - 1                # the last whole year: metrics, the results XLSX
VILNIUS = ZoneInfo("Europe/Vilnius")
PAGE_TARGET_MS = 300
DOCUMENT_TARGET_S = 10

CATEGORIES = (  # name, nominee kind, library kinds, minimum service years, winners
    ("Metų bibliotekininkas", "person", [], 3, 1),
    ("Už ilgametį darbą", "person", [], 20, 3),
    ("Geriausias kaimo filialas", "library", ["rural_branch"], None, 1),
)
CRITERIA = (  # name, weight, lowest, highest
    ("Profesinė veikla ir iniciatyvos", Decimal("0.30"), 0, 10),
    ("Bendruomenės įtrauka", Decimal("0.25"), 0, 10),
    ("Inovacijos ir skaitmeninės paslaugos", Decimal("0.20"), 0, 10),
    ("Kvalifikacijos tobulinimas", Decimal("0.15"), 0, 10),
    ("Bendradarbiavimas su partneriais", Decimal("0.10"), 0, 5),
)
CONTEST_TITLES = ("Metų bibliotekininkas", "Geriausia kaimo biblioteka",
                  "Skaitymo skatinimo iniciatyva", "Ilgamečio darbo apdovanojimai",
                  "Bibliotekų bendruomenės premija")
FIRST_NAMES = ("Aušra", "Daiva", "Rasa", "Irena", "Jolanta", "Kristina", "Lina", "Vilma",
               "Eglė", "Živilė", "Ona", "Audronė", "Gintarė", "Laima", "Rūta", "Dalia",
               "Asta", "Jūratė", "Vida", "Nijolė", "Tomas", "Darius", "Saulius", "Linas")
LAST_NAMES = ("Petrauskienė", "Jankauskienė", "Stankevičienė", "Kazlauskienė",
              "Žukauskienė", "Čepulienė", "Šimkutė", "Butkienė", "Rimkienė", "Balčiūnienė",
              "Vasiliauskienė", "Norkienė", "Šeputienė", "Grigaitė", "Žilinskienė",
              "Mockutė", "Lukošienė", "Kėžienė", "Paulauskas", "Žemaitis", "Jonaitis")
JUSTIFICATION = ("Sukūrė vaikų skaitymo klubą, kuriame kas savaitę renkasi daugiau kaip 30 "
                 "skaitytojų; surengė **bendruomenės** vakarus, parengė du projektus ir "
                 "mokė vyresnio amžiaus žmones naudotis e. paslaugomis. Bendradarbiauja su "
                 "mokykla, seniūnija ir kultūros centru.")


def aware(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VILNIUS)


# --- the records ---------------------------------------------------------------------------------

def prepare() -> dict:
    """Accounts, the territory with its people, the contests with categories, criteria,
    juries, nominations, declarations, scores and the audit trail (bulk), then closing,
    awards and publication through the app's services."""
    from django.contrib.auth.hashers import make_password

    from apdovanojimai import services_jury, services_results
    from apdovanojimai.models import (
        Assessment,
        Award,
        Category,
        ConflictReason,
        Contest,
        ContestStatus,
        Criterion,
        JuryAction,
        JuryEvent,
        JuryMember,
        JuryRole,
        Nomination,
        NominationStatus,
        Result,
        Score,
    )
    from bibliotekos.models import (
        County,
        Library,
        LibraryKind,
        Membership,
        Municipality,
        Person,
        Position,
    )
    from paskyros.models import User

    cleanup()
    rng = random.Random(23)
    started = time.perf_counter()
    phases = {}
    staff = User.objects.create_user(f"staff@{EMAIL_DOMAIN}", role="staff",
                                     full_name=f"{PREFIX} Darbuotoja")
    unusable = make_password(None)
    directors = User.objects.bulk_create(
        User(email=f"director{n:02d}@{EMAIL_DOMAIN}", role="librarian", password=unusable,
             full_name=f"{PREFIX} Direktorė {n:02d}") for n in range(SYSTEMS))
    jurors = User.objects.bulk_create(
        User(email=f"juror{n:02d}@{EMAIL_DOMAIN}", role="librarian", password=unusable,
             full_name=f"{FIRST_NAMES[n % len(FIRST_NAMES)]} {PREFIX}-Vertintoja {n:02d}")
        for n in range(JURORS))
    county = County.objects.create(code=CODE, name=f"{PREFIX} apskritis")
    places = Municipality.objects.bulk_create(
        Municipality(code=f"{CODE}-{n:02d}", name=f"{PREFIX} savivaldybė {n:02d}",
                     county=county) for n in range(SYSTEMS))
    systems = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}", name=f"{PREFIX} viešoji biblioteka {n:02d}",
                kind=LibraryKind.SYSTEM, municipality=place) for n, place in enumerate(places))
    centrals = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}-C", name=f"{PREFIX} centrinė biblioteka {n:02d}",
                kind=LibraryKind.CENTRAL, parent=system, municipality=system.municipality)
        for n, system in enumerate(systems))
    branches = Library.objects.bulk_create(
        Library(code=f"{CODE}-{n:02d}-F{k}", name=f"{PREFIX} kaimo filialas {n:02d}-{k}",
                kind=LibraryKind.RURAL_BRANCH, parent=central, municipality=central.municipality)
        for n, central in enumerate(centrals) for k in range(BRANCHES))
    system_of = {s.pk: n for n, s in enumerate(systems)}
    system_of.update({c.pk: n for n, c in enumerate(centrals)})
    system_of.update({b.pk: n // BRANCHES for n, b in enumerate(branches)})
    outlets = centrals + branches
    Membership.objects.bulk_create(
        Membership(user=user, library=systems[n], role="director")
        for n, user in enumerate(directors))
    # jurors: librarians of the central libraries of systems 1, 2, … (never system 0)
    juror_system = {user.pk: 1 + n % (SYSTEMS - 1) for n, user in enumerate(jurors)}
    Membership.objects.bulk_create(
        Membership(user=user, library=centrals[juror_system[user.pk]], role="librarian")
        for user in jurors)
    posts = list(Position.objects.order_by("order", "pk")) or [None]
    Person.objects.bulk_create(
        Person(first_name=user.full_name.split()[0], last_name=user.full_name.split(None, 1)[1],
               library=systems[n] if n < SYSTEMS else centrals[juror_system[user.pk]],
               user=user, email=user.email, works_since=date(1995 + n % 20, 9, 1))
        for n, user in enumerate(directors + jurors))
    people = Person.objects.bulk_create(
        (Person(first_name=FIRST_NAMES[n % len(FIRST_NAMES)],
                last_name=f"{LAST_NAMES[(n * 7) % len(LAST_NAMES)]}",
                library=outlets[(n * 13) % len(outlets)], post=posts[n % len(posts)],
                position="bibliotekininkė", email=f"asmuo{n:05d}@{EMAIL_DOMAIN}",
                works_since=date(1980 + n % 44, 1 + n % 12, 1 + n % 28))
         for n in range(PEOPLE)), batch_size=5000)
    own_people = [p for p in people if system_of[p.library_id] == 0]
    star = own_people[0]
    star.works_since = date(1990, 9, 1)
    star.save(update_fields=["works_since"])
    own_people = own_people[1:]
    other_people = [p for p in people if system_of[p.library_id] != 0]
    other_branches = [b for b in branches if system_of[b.pk] != 0]
    director = directors[0]
    phases["territory_s"] = round(time.perf_counter() - started, 1)
    log("territory written")

    # the contests: YEARS × CONTESTS_A_YEAR closed ones, and the current one in evaluation
    contests = []
    for y in range(TODAY.year - YEARS, TODAY.year):
        for k in range(CONTESTS_A_YEAR):
            contests.append(Contest(
                title=f"{PREFIX} {CONTEST_TITLES[k % len(CONTEST_TITLES)]} {y}", year=y,
                description="Konkursas skatina ir įvertina **teritorijos** bibliotekų "
                            "darbuotojų ir filialų kūrybingą darbą.",
                rules="1. Teikia bibliotekų direktoriai ir skyrius.\n2. Vertina komisija.",
                nominations_open=date(y, 2, 1 + k), nominations_close=date(y, 3, 31),
                scoring_until=date(y, 5, 15), results_on=date(y, 6, 1),
                status=ContestStatus.EVALUATION,
                diploma_text="už kūrybingą darbą ir atsidavimą skaitytojams",
                letter_text="už dalyvavimą konkurse ir prasmingą darbą bendruomenei",
                signatory_name="Vardenė Pavardenė", signatory_position="direktorė",
                created_by=staff))
    contests.append(Contest(
        title=f"{PREFIX} Metų bibliotekininkas {TODAY.year}", year=TODAY.year,
        description="Didysis metų konkursas: visų teritorijos bibliotekų darbuotojai.",
        rules="1. Teikia bibliotekų direktoriai ir skyrius.\n2. Vertina komisija.",
        nominations_open=TODAY - timedelta(days=70), nominations_close=TODAY - timedelta(40),
        scoring_until=TODAY + timedelta(days=20), results_on=TODAY + timedelta(days=35),
        status=ContestStatus.EVALUATION,
        diploma_text="už kūrybingą darbą ir atsidavimą skaitytojams",
        letter_text="už dalyvavimą konkurse", signatory_name="Vardenė Pavardenė",
        signatory_position="direktorė", created_by=staff))
    contests = Contest.objects.bulk_create(contests)
    past, big = contests[:-1], contests[-1]
    categories = Category.objects.bulk_create(
        Category(contest=contest, name=name, nominee_kind=kind, library_kinds=kinds,
                 min_service_years=years, places=winners, order=order,
                 description="Kas gali būti teikiamas ir už ką.")
        for contest in contests
        for order, (name, kind, kinds, years, winners) in enumerate(CATEGORIES))
    category_of = {(c.contest_id, c.order): c for c in categories}
    criteria = Criterion.objects.bulk_create(
        Criterion(contest=contest, name=name, weight=weight, min_score=low, max_score=high,
                  order=order, description="Kaip vertinama.")
        for contest in contests for order, (name, weight, low, high) in enumerate(CRITERIA))
    criteria_of: dict[int, list] = {}
    for criterion in criteria:
        criteria_of.setdefault(criterion.contest_id, []).append(criterion)
    seats = []
    for c, contest in enumerate(contests):
        chosen = [jurors[(c * 3 + j) % JURORS] for j in range(JURY)]
        seats += [JuryMember(contest=contest, user=user,
                             role=JuryRole.CHAIR if j == 0 else JuryRole.MEMBER)
                  for j, user in enumerate(chosen)]
    seats = JuryMember.objects.bulk_create(seats)
    jury_of: dict[int, list] = {}
    for seat in seats:
        jury_of.setdefault(seat.contest_id, []).append(seat)

    # nominations: the director's 40 (their system's people), the star (each contest whose
    # awards get prepared), the rest from the other systems
    prepared_from = TODAY.year - PREPARED_YEARS
    director_big = DIRECTOR_NOMINATIONS - min(len(past), DIRECTOR_NOMINATIONS // 2)
    director_past = DIRECTOR_NOMINATIONS - director_big
    director_contests = {contest.pk for contest in past[::max(1, len(past) // director_past)]
                         [:director_past]}
    nominations = []

    def nominate(contest, order, nominee, nominator, when):
        kind = CATEGORIES[order][1]
        unit = nominee if kind == "library" else nominee.library
        own = nominator.pk != staff.pk
        years = (contest.nominations_close - nominee.works_since).days // 365 \
            if kind == "person" else None
        nominations.append(Nomination(
            contest=contest, category=category_of[(contest.pk, order)],
            person=nominee if kind == "person" else None,
            library=nominee if kind == "library" else None, unit_id=unit.pk,
            nominator=nominator,
            nominating_library=systems[system_of[unit.pk]] if own else None,
            justification=JUSTIFICATION,
            eligibility=(f"Darbo stažas {years} m. (nuo {nominee.works_since:%Y-%m-%d}); "
                         "pareigos tinka." if years is not None
                         else "Bibliotekos rūšis: kaimo filialas."),
            status=NominationStatus.ACCEPTED, submitted_at=when))

    for contest in contests:
        count = BIG if contest is big else NOMINATIONS
        split = [count * 2 // 5, count * 3 // 10]
        split.append(count - sum(split))
        start = contest.nominations_open
        span = max((contest.nominations_close - start).days, 1)
        mine = []
        if contest is big:
            mine = rng.sample(own_people, director_big)
        elif contest.pk in director_contests:
            mine = rng.sample(own_people, 1)
        starred = contest is not big and contest.year >= prepared_from
        for order, wanted in enumerate(split):
            chosen = []
            if order == 2:
                chosen = [(b, None) for b in rng.sample(other_branches, wanted)]
            else:
                if order == 0 and starred:
                    chosen.append((star, staff))
                room = wanted - len(chosen)
                chosen += [(person, director) for person in mine[:room]]
                mine = mine[room:]
                chosen += [(p, None) for p in rng.sample(other_people, wanted - len(chosen))]
            for i, (nominee, who) in enumerate(chosen):
                if who is None:
                    unit = nominee if order == 2 else nominee.library
                    who = directors[system_of[unit.pk]] if i % 4 else staff
                when = aware(start + timedelta(days=(i * 7 + order) % span), 9 + i % 8, i % 60)
                nominate(contest, order, nominee, who, when)
    nominations = Nomination.objects.bulk_create(nominations, batch_size=2000)
    assert sum(1 for n in nominations if n.nominator_id == director.pk) == \
        DIRECTOR_NOMINATIONS, "the director's nominations"
    by_contest: dict[int, list] = {}
    for nomination in nominations:
        by_contest.setdefault(nomination.contest_id, []).append(nomination)

    # declarations, scores and the audit trail
    def root(library_id):
        return system_of[library_id]

    assessments, scores_wanted, events = [], [], []
    for contest in contests:
        crit = criteria_of[contest.pk]
        rows = by_contest[contest.pk]
        for j, seat in enumerate(jury_of[contest.pk]):
            if contest is big:
                offset = (j * 43) % len(rows)
                order = rows[offset:] + rows[:offset]
                order = order[:round(len(rows) * DECLARED_SHARE)]
            else:
                order = rows
            for i, nomination in enumerate(order):
                forced = root(nomination.unit_id) == juror_system[seat.user_id]
                relative = not forced and rng.random() < 0.01
                if contest is big:
                    declared = aware(TODAY - timedelta(days=30 - i % 25), 8 + j, i % 60)
                else:
                    declared = aware(date(contest.year, 4, 1 + i % 28), 8 + j, i % 60)
                conflict = forced or relative
                if contest is big and not conflict:
                    fate = rng.random()
                    state = "complete" if fate < 0.85 else "draft" if fate < 0.95 else "none"
                else:
                    state = "conflict" if conflict else "complete"
                assessment = Assessment(
                    nomination=nomination, juror=seat, conflict=conflict,
                    conflict_reason=(ConflictReason.OWN_LIBRARY if forced
                                     else ConflictReason.RELATIVE if relative else ""),
                    conflict_note="Giminaitė." if relative else "", declared_at=declared,
                    comment="Stiprus teikimas." if state == "complete" else "",
                    completed_at=declared + timedelta(hours=1) if state == "complete"
                    else None)
                assessments.append(assessment)
                events.append(JuryEvent(
                    contest=contest, nomination=nomination, actor_id=seat.user_id,
                    action=JuryAction.DECLARED_CONFLICT if conflict
                    else JuryAction.DECLARED_NONE, at=declared,
                    detail={"reason": assessment.conflict_reason}))
                if state in ("complete", "draft"):
                    shown = crit if state == "complete" else crit[:2]
                    values = {c.pk: Decimal(c.max_score if nomination.person_id == star.pk
                                            else rng.randint(c.min_score + 2, c.max_score))
                              for c in shown}
                    scores_wanted.append((assessment, values))
                    events.append(JuryEvent(
                        contest=contest, nomination=nomination, actor_id=seat.user_id,
                        action=JuryAction.SCORED, at=declared + timedelta(hours=1),
                        detail={"scores": {str(pk): str(v) for pk, v in values.items()},
                                "complete": state == "complete"}))
    assessments = Assessment.objects.bulk_create(assessments, batch_size=5000)
    Score.objects.bulk_create(
        (Score(assessment=assessment, criterion_id=pk, value=value)
         for assessment, values in scores_wanted for pk, value in values.items()),
        batch_size=10_000)
    JuryEvent.objects.bulk_create(events, batch_size=5000)
    analyse(Contest, Category, Criterion, JuryMember, Nomination, Assessment, Score,
            JuryEvent, Person, Library, User, Membership)
    phases["records_s"] = round(time.perf_counter() - started, 1)
    log("contests, nominations, scores written")

    # closing every past contest by its chair, through the app's service
    chair_of = {s.contest_id: s for s in seats if s.role == JuryRole.CHAIR}
    closing = time.perf_counter()
    results = 0
    for contest in past:
        results += len(services_jury.close_scoring(contest=contest,
                                                   by=chair_of[contest.pk].user))
    assert results == len(past) * NOMINATIONS, results
    for contest in past:                         # as if closed on the day after scoring
        closed_at = aware(contest.scoring_until + timedelta(days=1), 14)
        Contest.objects.filter(pk=contest.pk).update(scoring_closed_at=closed_at)
        JuryEvent.objects.filter(contest=contest, action=JuryAction.CLOSED).update(
            at=closed_at)
    phases["closing_past_s"] = round(time.perf_counter() - closing, 1)
    log("past contests closed")

    # the last years' awards prepared and the results published (the older year archived)
    preparing = time.perf_counter()
    queue, services_results._queue_email = services_results._queue_email, lambda *a: None
    try:
        for contest in past:
            if contest.year < prepared_from:
                continue
            contest.refresh_from_db()
            for nomination in (Nomination.objects.filter(contest=contest)
                               .select_related("category", "contest", "person", "library")
                               .order_by("category__order", "pk")):
                services_results.prepare_award(
                    nomination=nomination, by=staff,
                    title=services_results.default_title(nomination),
                    recipient_text=services_results.default_recipient(nomination),
                    citation=contest.diploma_text, issued_on=contest.results_on)
            services_results.publish_results(contest=contest, by=staff)
            published_at = aware(contest.results_on, 12)
            Contest.objects.filter(pk=contest.pk).update(results_published_at=published_at)
            JuryEvent.objects.filter(contest=contest, action=JuryAction.PUBLISHED).update(
                at=published_at)
            if contest.year < TODAY.year - 1:
                services_results.archive(contest=contest, by=staff)
    finally:
        services_results._queue_email = queue
    phases["awards_s"] = round(time.perf_counter() - preparing, 1)
    analyse(Contest, Result, Award, JuryEvent)
    phases["total_s"] = round(time.perf_counter() - started, 1)
    return {"staff": staff, "director": director, "directors": directors, "jurors": jurors,
            "systems": systems, "contests": contests, "past": past, "big": big,
            "chair": chair_of[big.pk].user,
            "juror": next(s.user for s in jury_of[big.pk] if s.role == JuryRole.MEMBER),
            "star": star, "people": len(people) + len(directors) + len(jurors),
            "libraries": len(systems) + len(outlets), "seats": len(seats),
            "nominations": len(nominations), "assessments": len(assessments),
            "scores": sum(len(v) for _a, v in scores_wanted), "events": len(events),
            "phases": phases}


def cleanup() -> None:
    from apdovanojimai.models import (
        Assessment,
        Award,
        Category,
        Contest,
        Criterion,
        JuryEvent,
        JuryMember,
        Nomination,
        Result,
        Score,
    )
    from ataskaitos.models import ReportJob
    from bibliotekos.models import County, Library, Membership, Municipality, Person
    from paskyros.models import User

    for job in ReportJob.objects.filter(requested_by__email__endswith=EMAIL_DOMAIN):
        if job.file:
            job.file.delete(save=False)
        job.delete()
    contests = Contest.objects.filter(title__startswith=f"{PREFIX} ")
    nominations = Nomination.objects.filter(contest__in=contests)
    wipe(Award.history.model.objects.filter(contest_id__in=contests.values("pk")))
    wipe(Award.objects.filter(contest__in=contests))
    wipe(Result.objects.filter(nomination__in=nominations))
    wipe(Score.objects.filter(assessment__nomination__in=nominations))
    wipe(Assessment.objects.filter(nomination__in=nominations))
    wipe(JuryEvent.objects.filter(contest__in=contests))
    wipe(Nomination.history.model.objects.filter(contest_id__in=contests.values("pk")))
    wipe(nominations)
    wipe(JuryMember.history.model.objects.filter(contest_id__in=contests.values("pk")))
    wipe(JuryMember.objects.filter(contest__in=contests))
    wipe(Criterion.objects.filter(contest__in=contests))
    wipe(Category.positions.through.objects.filter(category__contest__in=contests))
    wipe(Category.objects.filter(contest__in=contests))
    wipe(Contest.history.model.objects.filter(title__startswith=f"{PREFIX} "))
    wipe(contests)
    libraries = Library.objects.filter(code__startswith=CODE)
    wipe(Person.history.model.objects.filter(library_id__in=libraries.values("pk")))
    wipe(Person.objects.filter(library__in=libraries))
    wipe(Person.objects.filter(email__endswith=EMAIL_DOMAIN))
    wipe(Membership.objects.filter(user__email__endswith=EMAIL_DOMAIN))
    Library.objects.filter(code__startswith=CODE, parent__parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE, parent__isnull=False).delete()
    Library.objects.filter(code__startswith=CODE).delete()
    Municipality.objects.filter(code__startswith=CODE).delete()
    County.objects.filter(code=CODE).delete()
    User.objects.filter(email__endswith=EMAIL_DOMAIN).delete()


# --- reading the pages ----------------------------------------------------------------------------

def fetch(client, url: str) -> tuple[int, float, bytes, str]:
    started = time.perf_counter()
    response = client.get(url, secure=True)
    seconds = round(time.perf_counter() - started, 2)
    return response.status_code, seconds, response.content, response.get("Content-Type", "")


def main() -> None:
    url = use_database()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    in_process_environment()
    from common import django_defaults

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
    from docx import Document as Docx
    from openpyxl import load_workbook

    from apdovanojimai import services_jury
    from apdovanojimai.models import (
        Assessment,
        Award,
        AwardKind,
        Contest,
        JuryEvent,
        Nomination,
        Result,
        Score,
    )
    from apdovanojimai.selectors_jury import audit_rows, worklist
    from apdovanojimai.views_jury_chair import AUDIT_PAGE, SHEETS_PAGE
    from portalas.metrics import Period, Scope
    from portalas.registry import metric, metrics

    log("migrating")
    call_command("migrate", "--no-input", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    translation.activate("lt")
    load_before = os.getloadavg()
    log("building the records")
    made = prepare()
    staff, director, chair, juror = made["staff"], made["director"], made["chair"], made["juror"]
    big, past, systems, star = made["big"], made["past"], made["systems"], made["star"]
    try:
        period = Period.year(YEAR)
        year_contests = [c for c in past if c.year == YEAR]
        published = Contest.objects.get(pk=year_contests[0].pk)
        assert published.results_published, published.status
        mine = Nomination.objects.filter(contest__title__startswith=PREFIX)
        seen = (Assessment.objects.filter(juror__user=juror, nomination__contest=big,
                                          conflict=False, completed_at__isnull=False)
                .order_by("nomination_id").first())
        assert seen is not None, "the juror has scored nothing"
        contest_url = reverse("apdovanojimai:contest_detail", args=[big.pk])
        list_url = reverse("apdovanojimai:contest_list")
        awards_url = reverse("apdovanojimai:award_list")
        pages_before = {
            "contests": list_url,
            "contest": contest_url,
            "worklist": reverse("apdovanojimai:jury_worklist", args=[big.pk]),
            "nomination": reverse("apdovanojimai:nomination_detail",
                                  args=[seen.nomination_id]),
            "nominations": reverse("apdovanojimai:contest_nominations", args=[big.pk]),
            "my_nominations": reverse("apdovanojimai:my_nominations"),
            "audit": reverse("apdovanojimai:jury_audit", args=[big.pk]),
            "home": reverse("home"),
        }
        pages_after = {
            "score_table": reverse("apdovanojimai:score_table", args=[big.pk]),
            "results": reverse("apdovanojimai:contest_results", args=[big.pk]),
            "results_published": reverse("apdovanojimai:contest_results",
                                         args=[published.pk]),
            "awards": awards_url,
            "person": reverse("bibliotekos:person_detail", args=[star.pk]),
            "library": reverse("bibliotekos:library_detail", args=[systems[0].pk]),
        }
        who_sees = {  # who is measured on which page (the brief's list, and a little more)
            "staff": ["contests", "contest", "nominations", "audit", "home", "score_table",
                      "results", "results_published", "awards", "person", "library"],
            "chair": ["contest", "score_table"],
            "juror": ["contest", "worklist", "nomination", "home"],
            "director": ["contests", "my_nominations", "home", "results_published",
                         "awards", "person", "library"],
        }
        users = {"staff": staff, "chair": chair, "juror": juror, "director": director}
        clients = {}
        for who, user in users.items():
            clients[who] = Client()
            clients[who].force_login(user, backend="paskyros.backends.EmailBackend")
        figures = {
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": SCALE_LABEL, "year": YEAR, "code": code_version("apdovanojimai"),
            "load_average_before": [round(x, 2) for x in load_before],
            "systems": len(systems), "libraries": made["libraries"],
            "people": made["people"], "contests": len(made["contests"]),
            "contests_closed": len(past), "jury_seats": made["seats"],
            "nominations": made["nominations"], "nominations_big": BIG,
            "assessments": made["assessments"], "scores": made["scores"],
            "jury_events": made["events"],
            "awards": Award.objects.filter(contest__title__startswith=PREFIX).count(),
            "director_nominations": mine.filter(nominator=director).count(),
            "big_contest": {
                "declared": Assessment.objects.filter(nomination__contest=big).count(),
                "conflicts": Assessment.objects.filter(nomination__contest=big,
                                                       conflict=True).count(),
                "complete": Assessment.objects.filter(nomination__contest=big,
                                                      completed_at__isnull=False).count(),
                "scores": Score.objects.filter(assessment__nomination__contest=big).count(),
                "events": JuryEvent.objects.filter(contest=big).count()},
            "records_written_s": made["phases"],
            "targets": {"page_p95_ms": PAGE_TARGET_MS, "document_s": DOCUMENT_TARGET_S},
            "pages": {}}
        html = {}

        def measure_all(names: dict) -> None:
            for who, wanted in who_sees.items():
                client = clients[who]
                found = figures["pages"].setdefault(who, {})
                for name in wanted:
                    if name not in names:
                        continue
                    path = names[name]
                    found[name] = measure(client, path)
                    html[who, name] = client.get(path, secure=True).content.decode()
                    if found[name]["p95_ms"] > PAGE_TARGET_MS:
                        found[name]["slowest_sql"] = slowest_sql(client, path)

        checks = {}
        # --- before closing ---------------------------------------------------------------
        log("pages before closing")
        measure_all(pages_before)
        listed = list_total(html["staff", "contests"])
        assert listed == len(made["contests"]), (listed, len(made["contests"]))
        checks["contest_list"] = listed
        listed = list_total(html["staff", "nominations"])
        assert listed == BIG == mine.filter(contest=big).count(), listed
        checks["contest_nominations"] = listed
        listed = list_total(html["director", "my_nominations"])
        assert listed == DIRECTOR_NOMINATIONS, listed
        checks["my_nominations_director"] = listed
        rows = re.findall(r'<tr data-nomination="\d+" data-state="(\w+)"',
                          html["juror", "worklist"])
        items = worklist(juror, big)
        assert len(rows) == len(items) == BIG, (len(rows), len(items))
        states = {state: rows.count(state) for state in sorted(set(rows))}
        done = Assessment.objects.filter(juror__user=juror, nomination__contest=big)
        assert states.get("complete", 0) == done.filter(conflict=False,
                                                         completed_at__isnull=False).count()
        assert states.get("declare", 0) == BIG - done.count(), states
        checks["worklist_rows"], checks["worklist_states"] = len(rows), states
        audit = audit_rows(big, staff)
        events = JuryEvent.objects.filter(contest=big).count()
        shown = len(re.findall(r'<tr data-action="', html["staff", "audit"]))
        assert not audit["scores_shown"] and len(audit["rows"]) == events, events
        assert shown == min(events, AUDIT_PAGE), (shown, events)    # the page shows a page
        checks["audit_rows"], checks["audit_rows_on_page"] = events, shown
        criterion_names = [name for name, *_rest in CRITERIA]
        leaked = [n for n in criterion_names if f"{n}: " in html["staff", "audit"]]
        assert not leaked, f"scores on the audit trail before closing: {leaked}"
        status = clients["juror"].get(pages_after["score_table"], secure=True).status_code
        assert status == 404, ("the score table before closing, as a juror", status)
        status = clients["staff"].get(pages_after["score_table"], secure=True).status_code
        assert status == 404, ("the score table before closing, as staff", status)
        status = clients["juror"].get(pages_before["audit"], secure=True).status_code
        assert status == 404, ("the audit trail as a juror", status)
        checks["no_scores_before_closing"] = True
        assert f'href="{pages_before["worklist"]}"' in html["juror", "home"], "juror's home"
        checks["juror_home_lists_the_contest"] = True

        # --- closing the big contest (once) -------------------------------------------------
        log("closing the big contest")
        big.refresh_from_db()
        started = time.perf_counter()
        results = services_jury.close_scoring(contest=big, by=chair)
        figures["close_scoring_s"] = round(time.perf_counter() - started, 2)
        stored = Result.objects.filter(nomination__contest=big)
        assert len(results) == stored.count() == BIG, (len(results), stored.count())
        ranked = stored.filter(score__isnull=False).count()
        winners = stored.filter(won=True).count()
        assert winners >= sum(places for *_r, places in CATEGORIES), winners
        checks["big_results"] = {"results": BIG, "ranked": ranked, "winners": winners,
                                 "ties_noted": stored.exclude(tie_note="").count()}

        # --- after closing ----------------------------------------------------------------
        log("pages after closing")
        measure_all(pages_after)
        rows = re.findall(r'<tr data-nomination="\d+">', html["staff", "score_table"])
        assert len(rows) == BIG, len(rows)
        sheets = re.findall(r'id="sheet-\d+"', html["staff", "score_table"])
        assert len(sheets) == min(BIG, SHEETS_PAGE), len(sheets)
        checks["score_table_rows"], checks["score_table_sheets_on_page"] = len(rows), \
            len(sheets)
        rows = re.findall(r'data-result="\d+"', html["staff", "results"])
        assert len(rows) == stored.count() == BIG, len(rows)
        checks["results_rows_staff"] = len(rows)
        published_winners = Result.objects.filter(nomination__contest=published, won=True)
        rows = re.findall(r'data-result="\d+"', html["director", "results_published"])
        assert len(rows) == published_winners.count() > 0, len(rows)
        checks["results_rows_director"] = len(rows)
        star_awards = Award.objects.filter(person=star).order_by("-issued_on", "-pk")
        assert star_awards.exists() and star_awards[0].number in html["staff", "person"]
        assert star_awards[0].number in html["staff", "library"]
        assert star_awards[0].number in html["director", "person"]
        checks["star_awards"] = star_awards.count()

        # the metrics, the pages and the results XLSX count the same records
        log("metrics")
        territory = Scope.territory()
        place = Scope.of_municipality(systems[1].municipality)
        timings, values = {}, {}
        for scope_name, scope in (("territory", territory), ("municipality", place)):
            timings[scope_name], values[scope_name] = {}, {}
            for item in metrics():
                if item.name.startswith("apdovanojimai."):
                    value, ms = timed(lambda item=item, scope=scope: item.value(period, scope))
                    timings[scope_name][item.name], values[scope_name][item.name] = ms, value
        figures["metrics_ms"], figures["metrics"] = timings, values
        contests_metric = metric("apdovanojimai.contests").value(period, territory)
        listed = list_total(clients["staff"].get(f"{list_url}?year={YEAR}", secure=True)
                            .content.decode())
        assert contests_metric == listed == CONTESTS_A_YEAR, (contests_metric, listed)
        nominations_metric = metric("apdovanojimai.nominations").value(period, territory)
        in_year = mine.filter(submitted_at__year=YEAR).count()
        assert nominations_metric == in_year == CONTESTS_A_YEAR * NOMINATIONS, \
            (nominations_metric, in_year)
        awarded = metric("apdovanojimai.awarded").value(period, territory)
        listed = list_total(clients["staff"].get(
            f"{awards_url}?year={YEAR}&kind={AwardKind.DIPLOMA}", secure=True).content.decode())
        diplomas = Award.objects.filter(contest__year=YEAR, kind=AwardKind.DIPLOMA).count()
        assert awarded == listed == diplomas > 0, (awarded, listed, diplomas)
        assert 0 < values["municipality"]["apdovanojimai.nominations"] < nominations_metric
        checks.update({"metric_contests": contests_metric, "metric_nominations":
                       nominations_metric, "metric_awarded": awarded})

        log("documents")
        documents = {}
        job, documents["results_xlsx"] = run_document(
            staff, "apdovanojimai.results", "xlsx", {"year": str(YEAR)})
        with job.file.open("rb") as handle:
            sheet = load_workbook(io.BytesIO(handle.read()), read_only=True).active
            rows = sum(1 for row in sheet.iter_rows(values_only=True)
                       if isinstance(row[0], str) and row[0].startswith(f"{PREFIX} "))
        expected = Result.objects.filter(nomination__contest__year=YEAR).count()
        assert rows == expected == CONTESTS_A_YEAR * NOMINATIONS, (rows, expected)
        checks["results_xlsx_rows"] = rows
        _job, documents["protocol_pdf"] = run_document(
            staff, "apdovanojimai.protocol", "pdf", {"contest": str(big.pk)})
        job, documents["protocol_docx"] = run_document(
            staff, "apdovanojimai.protocol", "docx", {"contest": str(big.pk)})
        with job.file.open("rb") as handle:
            docx = Docx(io.BytesIO(handle.read()))
        documents["protocol_docx"]["tables"] = len(docx.tables)
        text = "\n".join(cell.text for table in docx.tables for row in table.rows
                         for cell in row.cells)
        missing = [r.nomination.nominee_name for r in stored.filter(won=True)
                   .select_related("nomination__person", "nomination__library")
                   if r.nomination.nominee_name not in text]
        assert not missing, f"winners missing from the protocol: {missing[:3]}"
        checks["protocol_tables"] = len(docx.tables)
        award = Award.objects.filter(contest=published, kind=AwardKind.DIPLOMA).first()
        status, seconds, body, kind = fetch(
            clients["staff"], reverse("apdovanojimai:award_pdf", args=[award.pk]))
        assert status == 200 and body.startswith(b"%PDF"), (status, kind)
        documents["diploma_pdf"] = {"seconds": seconds, "bytes": len(body)}
        status, seconds, body, kind = fetch(
            clients["staff"], reverse("apdovanojimai:contest_diplomas_zip",
                                      args=[published.pk]))
        assert status == 200 and kind == "application/zip", (status, kind)
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            names = archive.namelist()
        expected = Award.objects.filter(contest=published).count()
        assert len(names) == expected == NOMINATIONS, (len(names), expected)
        documents["diplomas_zip"] = {"seconds": seconds, "bytes": len(body),
                                     "awards": len(names)}
        checks["zip_awards"] = len(names)
        figures["documents"] = documents
        figures["checks"] = checks

        judge(figures, documents, name="awards", page_target_ms=PAGE_TARGET_MS,
              document_target_s=DOCUMENT_TARGET_S)
        figures["note"] = (
            "In-process (Django's test client, no gunicorn) against PostgreSQL on the same "
            "2-core machine, shared with other jobs (load average before and after); p50/p95 "
            "of repeated GETs after a warm-up; queries of one request. The pages before "
            "'close_scoring_s' were measured with the big contest's scoring open, the rest "
            "after the chair closed it. The protocol and the results XLSX are built and "
            "rendered as the worker does (ataskaitos.services.run_job); the diploma PDF and "
            "the ZIP are views, timed end to end as one request each.")
        log("done")
        write_figures("awards", figures)
    finally:
        cleanup()


if __name__ == "__main__":
    main()
