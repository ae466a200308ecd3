"""Demo contests: the department's five contests, written through the services by
``darbuotojas@demo.lt`` — "Metų bibliotekininkas 2025" (in evaluation, its jury about to
close), "Metų bibliotekininkas 2026" (in evaluation, two categories), "Geriausias kaimo
filialas 2026" and "Geriausias metų projektas ar renginys 2026" (open for nominations) and
"Už ilgametį darbą bibliotekose 2027" (a draft). Dates relative to today, except the 2025
contest's. Later areas add the nominations, the jury's work and the results. Run on a
database that has them, it adds nothing."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from apdovanojimai import services_contests as services
from apdovanojimai.models import (
    Category,
    Contest,
    ContestLevel,
    ContestStatus,
    Criterion,
    JuryRole,
    NomineeKind,
)
from bibliotekos.models import LibraryKind
from paskyros.models import User

STAFF = "darbuotojas@demo.lt"
CHAIR = "vadovas@demo.lt"

LIBRARIAN_RULES = (
    "1. Konkursu siekiama įvertinti ir viešai pagerbti regiono bibliotekininkus, "
    "kuriančius modernią, bendruomenei atvirą biblioteką.\n"
    "2. Kandidatus teikia savivaldybių viešųjų bibliotekų direktoriai ir Regioninės "
    "bibliotekos Metodinės veiklos skyrius.\n"
    "3. Teikiamas asmuo turi būti dirbęs bibliotekose **ne mažiau kaip 5 metus** "
    "(skaičiuojama iki teikimų pabaigos dienos).\n"
    "4. Teikime nurodoma kandidato veikla per pastaruosius trejus metus, pridedami "
    "rekomendacijos raštai, nuotraukos ar kiti įrodymai.\n"
    "5. Teikimus vertina direktoriaus įsakymu sudaryta vertinimo komisija; interesų "
    "konfliktą deklaravęs narys to teikimo nevertina.")

LIBRARIAN_DIPLOMA = "už kūrybingą darbą, iniciatyvas ir atsidavimą bibliotekos skaitytojams"
LETTER = "už prasmingą veiklą ir dalyvavimą konkurse"

#: The three criteria of the librarian of the year (as the tests' ``factories.CRITERIA``).
CRITERIA = (("Profesinė veikla ir iniciatyvos", Decimal("0.5"), 0, 10),
            ("Bendruomenės įtrauka", Decimal("0.3"), 0, 10),
            ("Kvalifikacijos tobulinimas", Decimal("0.2"), 0, 5))
BRANCH_CRITERIA = (("Paslaugų įvairovė ir kokybė", Decimal("0.4"), 0, 10),
                   ("Bendruomenės telkimas ir partnerystė", Decimal("0.4"), 0, 10),
                   ("Erdvių jaukumas ir prieinamumas", Decimal("0.2"), 0, 5))
PROJECT_CRITERIA = (("Idėjos naujumas", Decimal("0.3"), 0, 10),
                    ("Poveikis bendruomenei", Decimal("0.5"), 0, 10),
                    ("Partnerystė ir tęstinumas", Decimal("0.2"), 0, 10))
LONG_SERVICE_CRITERIA = (("Indėlis į regiono bibliotekų veiklą", Decimal("1"), 0, 10),)


def contests(today: date) -> list[dict]:
    """The five contests: fields, categories, criteria, jury (chair first) and the
    status to leave them in."""
    return [
        {"fields": {
            "title": "Metų bibliotekininkas 2025", "year": 2025,
            "description": "Kasmetinis regiono konkursas, kuriuo pagerbiamas labiausiai "
                           "per metus nusipelnęs **bibliotekininkas**.",
            "rules": LIBRARIAN_RULES,
            "nominations_open": date(2025, 3, 3), "nominations_close": date(2025, 4, 30),
            "scoring_until": date(2025, 5, 30), "results_on": date(2025, 6, 12),
            "diploma_text": LIBRARIAN_DIPLOMA, "letter_text": LETTER},
         "categories": [{"name": "Metų bibliotekininkas", "nominee_kind": NomineeKind.PERSON,
                         "min_service_years": 5, "places": 1}],
         "criteria": CRITERIA,
         "jury": [CHAIR, STAFF, "direktorius.sil@demo.lt"],
         "status": ContestStatus.EVALUATION},
        {"fields": {
            "title": "Metų bibliotekininkas 2026", "year": 2026,
            "description": "Kasmetinis regiono konkursas: metų bibliotekininkas ir jaunasis "
                           "bibliotekininkas, pradėjęs dirbti neseniai.",
            "rules": LIBRARIAN_RULES.replace("3. Teikiamas asmuo turi būti dirbęs "
                                             "bibliotekose **ne mažiau kaip 5 metus**",
                                             "3. Kategorijoje „Metų bibliotekininkas“ "
                                             "teikiamas asmuo turi būti dirbęs bibliotekose "
                                             "**ne mažiau kaip 5 metus**"),
            "nominations_open": today - timedelta(days=60),
            "nominations_close": today - timedelta(days=15),
            "scoring_until": today + timedelta(days=20),
            "results_on": today + timedelta(days=30),
            "diploma_text": LIBRARIAN_DIPLOMA, "letter_text": LETTER},
         "categories": [{"name": "Metų bibliotekininkas", "nominee_kind": NomineeKind.PERSON,
                         "min_service_years": 5, "places": 1},
                        {"name": "Jaunasis bibliotekininkas",
                         "nominee_kind": NomineeKind.PERSON, "min_service_years": None,
                         "places": 1,
                         "description": "Bibliotekininkas, dirbantis bibliotekoje neseniai "
                                        "ir jau pasižymėjęs naujomis idėjomis."}],
         "criteria": CRITERIA,
         "jury": [CHAIR, STAFF, "direktorius.tau@demo.lt"],
         "status": ContestStatus.EVALUATION},
        {"fields": {
            "title": "Geriausias kaimo filialas 2026", "year": 2026,
            "description": "Ieškome kaimo filialo, kuris labiausiai telkia savo "
                           "bendruomenę ir kuria jaukią, visiems prieinamą erdvę.",
            "rules": "1. Teikiami savivaldybių viešųjų bibliotekų **kaimo filialai**.\n"
                     "2. Teikia bibliotekos direktorius arba Metodinės veiklos skyrius.\n"
                     "3. Teikime aprašoma filialo veikla per pastaruosius dvejus metus.",
            "nominations_open": today - timedelta(days=10),
            "nominations_close": today + timedelta(days=25),
            "scoring_until": today + timedelta(days=45),
            "results_on": today + timedelta(days=55),
            "diploma_text": "už bendruomenę telkiančią ir jaukią biblioteką",
            "letter_text": LETTER},
         "categories": [{"name": "Geriausias kaimo filialas",
                         "nominee_kind": NomineeKind.LIBRARY,
                         "library_kinds": [LibraryKind.RURAL_BRANCH.value], "places": 1}],
         "criteria": BRANCH_CRITERIA,
         "jury": [CHAIR, STAFF],
         "status": ContestStatus.OPEN},
        {"fields": {
            "title": "Geriausias metų projektas ar renginys 2026", "year": 2026,
            "description": "Geriausias metų bibliotekos projektas ar renginys, aprašytas "
                           "gerosios patirties kataloge.",
            "rules": "1. Teikiama **paskelbta gerosios patirties kataloge** praktika.\n"
                     "2. Teikia bibliotekos direktorius arba Metodinės veiklos skyrius.\n"
                     "3. Vertinamas idėjos naujumas, poveikis bendruomenei ir tęstinumas.",
            "nominations_open": today - timedelta(days=5),
            "nominations_close": today + timedelta(days=40),
            "scoring_until": today + timedelta(days=60),
            "results_on": today + timedelta(days=70),
            "diploma_text": "už prasmingą ir bendruomenę įtraukiantį projektą",
            "letter_text": LETTER},
         "categories": [{"name": "Geriausias projektas ar renginys",
                         "nominee_kind": NomineeKind.PRACTICE, "places": 1}],
         "criteria": PROJECT_CRITERIA,
         "jury": [CHAIR, STAFF],
         "status": ContestStatus.OPEN},
        {"fields": {
            "title": "Už ilgametį darbą bibliotekose 2027", "year": 2027,
            "level": ContestLevel.REGIONAL,
            "description": "Padėka bibliotekininkams, bibliotekose dirbusiems ne mažiau "
                           "kaip 25 metus.",
            "rules": "Rengiama. Teikiami asmenys, bibliotekose dirbę **ne mažiau kaip 25 "
                     "metus**.",
            "nominations_open": date(2027, 2, 1), "nominations_close": date(2027, 3, 31),
            "scoring_until": date(2027, 4, 30), "results_on": date(2027, 5, 14),
            "diploma_text": "už ilgametį ir pasiaukojamą darbą bibliotekose",
            "letter_text": LETTER},
         "categories": [{"name": "Už ilgametį darbą", "nominee_kind": NomineeKind.PERSON,
                         "min_service_years": 25, "places": 3}],
         "criteria": LONG_SERVICE_CRITERIA,
         "jury": [],
         "status": ContestStatus.DRAFT},
    ]


def load(out) -> None:
    if Contest.objects.exists():
        out.write("  contests: already there, left alone")
        return
    staff = User.objects.filter(email=STAFF).first()
    if staff is None:
        out.write("  contests: no demo accounts, none loaded")
        return
    today = timezone.localdate()
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.lt")}
    made = {}
    for spec in contests(today):
        contest = services.create_contest(
            contest=Contest(**{"level": ContestLevel.REGIONAL,
                               "signatory_name": "Daiva Norvaišienė",
                               "signatory_position": "Direktorė", **spec["fields"]}),
            by=staff)
        for order, fields in enumerate(spec["categories"]):
            services.save_category(category=Category(contest=contest, order=order, **fields),
                                   by=staff)
        for order, (name, weight, low, high) in enumerate(spec["criteria"]):
            services.save_criterion(criterion=Criterion(
                contest=contest, name=name, weight=weight, min_score=low, max_score=high,
                order=order), by=staff)
        for index, email in enumerate(spec["jury"]):
            if email in users:
                services.add_juror(contest=contest, user=users[email], by=staff,
                                   role=JuryRole.CHAIR if index == 0 else JuryRole.MEMBER)
        try:
            if spec["status"] != ContestStatus.DRAFT:
                contest = services.open_nominations(contest=contest, by=staff)
            if spec["status"] == ContestStatus.EVALUATION:
                contest = services.start_evaluation(contest=contest, by=staff)
        except services.Refused:    # no chair among the demo accounts: left a draft
            contest.refresh_from_db()
        made[contest.status] = made.get(contest.status, 0) + 1
    out.write(f"  contests: {sum(made.values())} contests "
              f"({made.get(ContestStatus.EVALUATION, 0)} in evaluation, "
              f"{made.get(ContestStatus.OPEN, 0)} open for nominations, "
              f"{made.get(ContestStatus.DRAFT, 0)} draft)")
