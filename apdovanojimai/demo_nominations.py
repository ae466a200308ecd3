"""Demo nominations of the demo contests (``demo_contests`` makes them; a contest missing
is skipped with a line saying so):

- "Metų bibliotekininkas 2025" (in evaluation): four admitted nominations of their own
  people by the directors of Kretinga (two), Tauragė and Jurbarkas;
- "Metų bibliotekininkas 2026" (in evaluation): five admitted — three in "Metų
  bibliotekininkas" (one of a Tauragė person by Tauragė's director), two in "Jaunasis
  bibliotekininkas";
- "Geriausias kaimo filialas 2026" (open): two submitted through the service — a Kretinga
  rural branch by ``bibliotekininkas@demo.lt`` and a Tauragė one by its director;
- "Geriausias metų projektas ar renginys 2026" (open): one published practice, submitted
  through the service.

The nominees are the registry's people who are eligible (years of service from
``works_since``); the eligibility text is what the service says. Contests whose window has
passed get their rows directly (the service would refuse them now), dated inside the
window. For a fresh demo database only."""

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from apdovanojimai import services_nominations as services
from apdovanojimai.models import (
    Category,
    Contest,
    Nomination,
    NominationFile,
    NominationStatus,
    NomineeKind,
)
from bibliotekos.models import Library, LibraryKind, Person
from bibliotekos.scoping import director_library_ids
from paskyros.models import User

STAFF = "darbuotojas@demo.lt"
KRE, TAU, JUR, SIL = ("bibliotekininkas@demo.lt", "direktorius.tau@demo.lt",
                      "direktorius.jur@demo.lt", "direktorius.sil@demo.lt")
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]"
       b"/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")

JUSTIFICATIONS = [
    "Per trejus metus įkūrė vaikų skaitymo klubą „Knygų nykštukai“, kurį lanko per 40 "
    "vaikų; organizavo vasaros skaitymo iššūkį kartu su seniūnija ir mokykla.",
    "Inicijavo skaitmeninio raštingumo kursus senjorams (per 120 dalyvių), parengė "
    "kraštotyros leidinį apie apylinkių kaimus ir surinko vietos istorijos nuotraukų "
    "archyvą.",
    "Bibliotekoje įrengė jaukią jaunimo erdvę, su bendruomene organizuoja literatūrinius "
    "vakarus ir susitikimus su rašytojais; aktyviai dalyvauja kvalifikacijos renginiuose.",
    "Sukūrė ir vykdo projektą „Biblioteka ateina pas jus“: knygas į namus nešioja "
    "neįgaliems ir vyresnio amžiaus skaitytojams; bendradarbiauja su socialiniais "
    "darbuotojais.",
    "Jauna, kūrybinga specialistė: per dvejus metus parengė 15 edukacinių užsiėmimų "
    "vaikams, kuria bibliotekos turinį socialiniuose tinkluose.",
]
BRANCH_JUSTIFICATION = ("Filialas tapo kaimo bendruomenės centru: veikia mezgimo ir "
                        "šachmatų būreliai, vyksta bendruomenės susirinkimai, įrengta "
                        "savitarnos knygų grąžinimo dėžė, lankytojų skaičius išaugo "
                        "trečdaliu.")
PRACTICE_JUSTIFICATION = ("Praktika išplito į kitas rajono bibliotekas, į ją įsitraukė "
                          "šeimos ir vietos bendruomenė; turi aiškius rezultatus ir "
                          "tęsiama kasmet.")


def _user(email: str):
    return User.objects.filter(email=email).first()


def _contest(title: str, missing: list) -> Contest | None:
    contest = Contest.objects.filter(title=title).first()
    if contest is None:
        missing.append(title)
    return contest


def _category(contest: Contest, name: str | None = None) -> Category | None:
    categories = contest.categories.all()
    return (categories.filter(name=name).first() if name else None) or categories.first()


def _eligible_people(user, category: Category, used: set, count: int) -> list[Person]:
    ids = director_library_ids(user)
    people = (Person.objects.filter(library_id__in=ids, user__isnull=True)
              .exclude(pk__in=used).select_related("library", "post")
              .order_by("library__code", "pk"))
    found = []
    for person in people:
        if services.eligibility(category, person).ok:
            found.append(person)
            used.add(person.pk)
            if len(found) == count:
                break
    return found


def _at(contest: Contest, days_in: int):
    day = min(contest.nominations_open + timedelta(days=days_in), contest.nominations_close)
    return timezone.make_aware(datetime.combine(day, time(10, 30)))


def _direct(contest: Contest, category: Category, user, person: Person, text: str,
            days_in: int, *, attach: bool) -> Nomination:
    """A nomination of a contest whose window has passed, as it would have been made and
    admitted then."""
    checked = services.eligibility(category, person)
    nomination = Nomination(
        contest=contest, category=category, person=person, unit=person.library,
        nominator=user, nominating_library_id=services.nominating_library(
            user, person.library_id),
        justification=text, eligibility=checked.text, status=NominationStatus.ACCEPTED,
        submitted_at=_at(contest, days_in))
    nomination._history_user = user
    nomination.save()
    if attach:
        _attach(nomination, user, "rekomendacija.pdf")
    return nomination


def _attach(nomination: Nomination, user, name: str) -> None:
    attachment = NominationFile(nomination=nomination, name=name, size=len(PDF),
                                uploaded_by=user)
    attachment.file.save(name, ContentFile(PDF), save=True)


def _librarians_of_the_year(contest: Contest, plan, used: set) -> int:
    made = 0
    for index, (email, category_name, count) in enumerate(plan):
        user = _user(email)
        category = _category(contest, category_name)
        if user is None or category is None:
            continue
        for person in _eligible_people(user, category, used, count):
            text = JUSTIFICATIONS[made % len(JUSTIFICATIONS)]
            _direct(contest, category, user, person, text, 3 + index * 5 + made,
                    attach=made % 2 == 0)
            made += 1
    return made


def _rural_branches(contest: Contest) -> int:
    category = _category(contest)
    made = 0
    for email in (KRE, TAU):
        user = _user(email)
        if user is None or category is None:
            continue
        branch = (Library.objects.open_now()
                  .filter(pk__in=director_library_ids(user), kind=LibraryKind.RURAL_BRANCH)
                  .order_by("code").first())
        if branch is None:
            continue
        services.submit(contest=contest, category=category, by=user, library=branch,
                        justification=BRANCH_JUSTIFICATION)
        made += 1
    return made


def _practice(contest: Contest) -> int:
    category = _category(contest)
    for email in (TAU, KRE, JUR, SIL, STAFF):
        user = _user(email)
        if user is None or category is None:
            continue
        practice = (services.nominee_queryset(user, NomineeKind.PRACTICE)
                    .order_by("-published_at", "pk").first())
        if practice is None:
            continue
        nomination = services.submit(contest=contest, category=category, by=user,
                                     practice=practice, justification=PRACTICE_JUSTIFICATION)
        _attach(nomination, user, "projekto-aprasas.pdf")
        return 1
    return 0


def load(out) -> None:
    missing: list[str] = []
    used: set[int] = set()
    counts = []
    contest = _contest("Metų bibliotekininkas 2025", missing)
    if contest is not None:
        counts.append(_librarians_of_the_year(
            contest, [(KRE, None, 2), (TAU, None, 1), (JUR, None, 1)], used))
    contest = _contest("Metų bibliotekininkas 2026", missing)
    if contest is not None:
        counts.append(_librarians_of_the_year(contest, [
            (KRE, "Metų bibliotekininkas", 1), (TAU, "Metų bibliotekininkas", 1),
            (JUR, "Metų bibliotekininkas", 1), (KRE, "Jaunasis bibliotekininkas", 1),
            (SIL, "Jaunasis bibliotekininkas", 1)], used))
    contest = _contest("Geriausias kaimo filialas 2026", missing)
    if contest is not None:
        counts.append(_rural_branches(contest))
    contest = _contest("Geriausias metų projektas ar renginys 2026", missing)
    if contest is not None:
        counts.append(_practice(contest))
    line = f"  awards: {sum(counts)} nominations"
    if missing:
        line += f" (no contest {', '.join(missing)}: skipped)"
    out.write(line)
