"""Demo awards: once the chair (``demo_jury``) has closed scoring of "Metų bibliotekininkas
2025", the department's ``darbuotojas@demo.lt`` prepares a diploma for each winner and a
thank-you letter for every other admitted nominee — the recipient typed in the dative, as
staff would type it (below: the demo registry's names and their datives, written out; the
portal declines nothing) — and publishes the results (the nominators' e-mails are not sent
in the demo). A missing or still open contest is skipped with a line saying so. For a fresh
demo database only."""

from contextlib import contextmanager
from datetime import date

from django.db import transaction

from apdovanojimai import services_results as services
from apdovanojimai.models import (
    Award,
    Contest,
    ContestStatus,
    Nomination,
    NominationStatus,
    Result,
)
from paskyros.models import User

TITLE = "Metų bibliotekininkas 2025"
STAFF = "darbuotojas@demo.lt"

#: The demo registry's first names and surnames (bibliotekos.demo) in the dative, as staff
#: type them on a diploma ("Aušrai Petrauskienei").
DATIVE = {
    "Aušra": "Aušrai", "Daiva": "Daivai", "Rasa": "Rasai", "Irena": "Irenai",
    "Jolanta": "Jolantai", "Kristina": "Kristinai", "Lina": "Linai", "Vilma": "Vilmai",
    "Eglė": "Eglei", "Živilė": "Živilei", "Ona": "Onai", "Audronė": "Audronei",
    "Gintarė": "Gintarei", "Laima": "Laimai", "Rūta": "Rūtai", "Dalia": "Daliai",
    "Asta": "Astai", "Jūratė": "Jūratei", "Vida": "Vidai", "Nijolė": "Nijolei",
    "Inga": "Ingai", "Edita": "Editai", "Sigita": "Sigitai", "Renata": "Renatai",
    "Petrauskienė": "Petrauskienei", "Jankauskienė": "Jankauskienei",
    "Stankevičienė": "Stankevičienei", "Kazlauskienė": "Kazlauskienei",
    "Žukauskienė": "Žukauskienei", "Čepulienė": "Čepulienei", "Šimkutė": "Šimkutei",
    "Butkienė": "Butkienei", "Rimkienė": "Rimkienei", "Ūsienė": "Ūsienei",
    "Balčiūnienė": "Balčiūnienei", "Vasiliauskienė": "Vasiliauskienei",
    "Norkienė": "Norkienei", "Šeputienė": "Šeputienei", "Grigaitė": "Grigaitei",
    "Žilinskienė": "Žilinskienei", "Černiauskienė": "Černiauskienei",
    "Ąžuolienė": "Ąžuolienei", "Mockutė": "Mockutei", "Šliogerienė": "Šliogerienei",
    "Gedvilaitė": "Gedvilaitei", "Lukošienė": "Lukošienei", "Einikienė": "Einikienei",
    "Kėžienė": "Kėžienei",
    "Žydrūnas": "Žydrūnui", "Šarūnas": "Šarūnui", "Tomas": "Tomui",
    "Gediminas": "Gediminui", "Mindaugas": "Mindaugui", "Arūnas": "Arūnui",
    "Vytautas": "Vytautui", "Darius": "Dariui", "Saulius": "Sauliui",
    "Rimantas": "Rimantui", "Andrius": "Andriui", "Kęstutis": "Kęstučiui", "Linas": "Linui",
    "Julius": "Juliui", "Paulius": "Pauliui", "Valdas": "Valdui", "Egidijus": "Egidijui",
    "Paulauskas": "Paulauskui", "Šeputis": "Šepučiui", "Žemaitis": "Žemaičiui",
    "Čiurlys": "Čiurliui", "Lukošius": "Lukošiui", "Jonaitis": "Jonaičiui",
    "Kairys": "Kairiui", "Petraitis": "Petraičiui", "Urbonas": "Urbonui",
    "Navickas": "Navickui", "Vaitkus": "Vaitkui", "Mockus": "Mockui",
    "Bielskis": "Bielskiui", "Stonys": "Stoniui", "Žilinskas": "Žilinskui",
    "Sakalauskas": "Sakalauskui", "Kučinskas": "Kučinskui",
}


def dative(person) -> str:
    """The person's name as staff type it on the diploma (a name not in the table is left
    as it is, as a person would leave a name they were unsure of)."""
    return " ".join(DATIVE.get(part, part)
                    for part in f"{person.first_name} {person.last_name}".split())


@contextmanager
def _no_emails():
    """Publishing e-mails the nominators after commit; the demo's nominators get none."""
    queue = services._queue_email
    services._queue_email = lambda *args: None
    try:
        yield
    finally:
        services._queue_email = queue


def _issued_on(contest: Contest) -> date:
    if contest.results_on:
        return contest.results_on
    if contest.scoring_closed_at:
        return contest.scoring_closed_at.date()
    return date(contest.year, 12, 15)


def load(out) -> None:
    contest = Contest.objects.filter(title=TITLE).first()
    staff = User.objects.filter(email=STAFF).first()
    if contest is None or staff is None:
        out.write(f"  awards: skipped — no contest \"{TITLE}\" (or no {STAFF})")
        return
    if contest.status != ContestStatus.EVALUATION or not contest.scoring_closed:
        out.write(f"  awards: skipped — scoring of \"{TITLE}\" is not closed")
        return
    nominations = list(Nomination.objects.filter(contest=contest,
                                                 status=NominationStatus.ACCEPTED)
                       .select_related("person", "library", "practice__library", "category",
                                       "contest")
                       .order_by("category__order", "pk"))
    with _no_emails(), transaction.atomic():
        for nomination in nominations:
            if Award.objects.filter(nomination=nomination).exists():
                continue
            result = Result.objects.filter(nomination=nomination).first()
            kind = services.award_kind_for(result)
            recipient = (dative(nomination.person) if nomination.person_id
                         else services.default_recipient(nomination))
            services.prepare_award(
                nomination=nomination, by=staff, title=services.default_title(nomination),
                recipient_text=recipient,
                citation=services.default_citation(nomination, kind)
                or ("už kūrybingą darbą ir atsidavimą skaitytojams" if kind == "diploma"
                    else "už dalyvavimą konkurse ir prasmingą darbą bendruomenei"),
                issued_on=_issued_on(contest))
        services.publish_results(contest=contest, by=staff)
    diplomas = Award.objects.filter(contest=contest, kind="diploma").count()
    letters = Award.objects.filter(contest=contest, kind="letter").count()
    out.write(f"  awards: \"{TITLE}\" published — {diplomas} diplomas, {letters} "
              f"thank-you letters")
