"""Demo purchases of this year, written through the services by the demo staff
(``darbuotojas@demo.lt`` Rūta Žemaitienė, ``metodininke@demo.lt`` Jūratė Šimkienė) and
decided by ``vadovas@demo.lt`` (Vytautas Čėsna), one in each state before the contract:

- office supplies with the supplier chosen: three suppliers asked by e-mail, the cheapest
  chosen under the lowest-price criterion (the survey report can be downloaded);
- toner cartridges, also surveyed (three offers), for the contracts' demo to conclude;
- laptops for the demo project's trainings (projektai's "SKA" academy, its "Mokymų
  priemonės ir įranga" line): approved, the suppliers not asked yet;
- library books (non-fiction): approved, with the splitting warning confirmed (with the
  fiction's draft the year's books come near the low-value threshold);
- the regional conference's services: returned to Rūta with management's comment;
- the toner cartridges' second batch: submitted, waiting for Vytautas' approval;
- transport to the field visits and the fiction for the library's fund: drafts of
  Jūratė's;
- shelves for the reading room: cancelled, with the reason.

Suppliers are businesses of the organisation list (UAB „…“), found or added by name. Each
purchase takes the line of this year's plan with its CPV code (``demo_plan`` runs before);
without a plan it has none. No e-mail is queued. Run on a database that has purchases, it
adds nothing."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bibliotekos.models import Organisation, OrganisationKind
from paskyros.models import User
from pirkimai import selectors_purchases as selectors
from pirkimai import services_purchases as services
from pirkimai.models import (
    AskedHow,
    CpvCode,
    Criterion,
    FundingSource,
    PlannedPurchase,
    Purchase,
    PurchaseKind,
    SurveyMethod,
)
from pirkimai.services_purchases import OfferRow

STAFF = "darbuotojas@demo.lt"
METHODIST = "metodininke@demo.lt"
MANAGER = "vadovas@demo.lt"
PROJECT = "SKA"
PROJECT_LINE = "Mokymų priemonės ir įranga"

#: The codes the demo purchases name (``demo_plan`` loads them with the vocabulary).
CODES = {
    "30192000-1": ("Biuro reikmenys", "Office supplies"),
    "30125100-2": ("Dažų kasetės", "Toner cartridges"),
    "30213100-6": ("Nešiojamieji kompiuteriai", "Portable computers"),
    "22113000-5": ("Bibliotekų knygos", "Library books"),
    "79952000-2": ("Renginių paslaugos", "Event services"),
    "60140000-1": ("Nereguliarus keleivių vežimas", "Non-scheduled passenger transport"),
    "39155100-4": ("Bibliotekų įranga", "Library equipment"),
}

#: (name, company code) of the suppliers asked.
SUPPLIERS = {
    "office": (("UAB „Biuro pasaulis“", "302456781"), ("UAB „Kanceliarinės prekės“",
                                                       "304112358"),
               ("UAB „Raštinės centras“", "300987654")),
    "toner": (("UAB „Spaudos technika“", "303334445"), ("UAB „Biuro pasaulis“", "302456781"),
              ("UAB „Kasečių servisas“", "305667788")),
}


@contextmanager
def _no_emails():
    queue = services._task
    services._task = lambda *args: None
    try:
        yield
    finally:
        services._task = queue


def load(out) -> None:
    if Purchase.objects.exists():
        out.write("  purchases: already there, left alone")
        return
    users = {user.email: user for user in User.objects.filter(
        email__in=(STAFF, METHODIST, MANAGER))}
    if STAFF not in users or MANAGER not in users:
        out.write("  purchases: no demo accounts, none loaded")
        return
    with _no_emails():
        made = _load(users[STAFF], users.get(METHODIST, users[STAFF]), users[MANAGER])
    out.write(f"  purchases: {made} requests of {timezone.localdate().year} "
              f"(one surveyed with three offers, one paid from a project)")


def _codes() -> dict:
    found = {code.code: code for code in CpvCode.objects.filter(code__in=CODES)}
    for code, (title_lt, title_en) in CODES.items():
        if code not in found:
            found[code] = CpvCode.objects.create(code=code, title_lt=title_lt,
                                                 title_en=title_en)
    return found


def _planned(year: int) -> dict:
    """This year's plan's lines by CPV code (in the plan's order)."""
    lines: dict = {}
    for line in (PlannedPurchase.objects.filter(plan__year=year).select_related("cpv")
                 .order_by("quarter", "position", "pk")):
        lines.setdefault(line.cpv.code, []).append(line)
    return lines


def _line_of(planned: dict, code: str, hint: str = ""):
    """The plan's line of ``code`` whose title has ``hint``, else its first one."""
    lines = planned.get(code, [])
    return next((line for line in lines if hint and hint in line.title.lower()),
                lines[0] if lines else None)


def _project():
    from projektai.models import BudgetLine, Project, ProjectStatus

    statuses = (ProjectStatus.GRANTED, ProjectStatus.RUNNING, ProjectStatus.REPORTING)
    project = (Project.objects.filter(acronym=PROJECT, status__in=statuses).first()
               or Project.objects.department().filter(status__in=statuses)
               .order_by("pk").first())
    if project is None:
        return None, None
    line = (BudgetLine.objects.filter(project=project, title=PROJECT_LINE).first()
            or BudgetLine.objects.filter(project=project).order_by("order", "pk").first())
    return project, line


def _supplier(name: str, code: str) -> Organisation:
    supplier, _created = Organisation.objects.get_or_create(
        name=name, country="LT", defaults={"kind": OrganisationKind.BUSINESS, "code": code})
    return supplier


def _request(by, codes, planned, code, *, hint="", **fields):
    fields.setdefault("kind", PurchaseKind.GOODS)
    fields.setdefault("funding", FundingSource.MUNICIPAL)
    return services.create_request(by=by, confirmed=True, cpv=codes[code],
                                   planned=_line_of(planned, code, hint), **fields)


def _at(days_ago: int, hour: int = 10):
    """A working moment ``days_ago`` days back, not before this year's 2 January."""
    today = timezone.localdate()
    day = max(today - timedelta(days=days_ago), date(today.year, 1, 2))
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _backdate(purchase, *, created: int, submitted=None, decided=None, cancelled=None):
    """Move the services' moments (now) back to plausible days (``days ago``), in the
    purchase and in its history, so the timeline reads as a purchase of some weeks."""
    moments = {"draft": _at(created, 9), "submitted": _at(submitted, 11) if submitted else None,
               "approved": _at(decided, 14) if decided else None,
               "returned": _at(decided, 14) if decided else None,
               "cancelled": _at(cancelled, 15) if cancelled else None}
    Purchase.objects.filter(pk=purchase.pk).update(
        created_at=moments["draft"], submitted_at=moments["submitted"],
        decided_at=moments["approved"], cancelled_at=moments["cancelled"])
    stored = Purchase.objects.get(pk=purchase.pk)
    for record in purchase.history.all():
        when = moments.get(record.status)
        if record.status == "surveyed" and stored.surveyed_on:
            when = timezone.make_aware(datetime.combine(stored.surveyed_on, time(13, 40)))
        if when is not None:
            type(record).objects.filter(pk=record.pk).update(history_date=when)


def _survey(purchase, by, suppliers, prices, *, asked: int, surveyed: int, notes=()):
    """Three suppliers asked by e-mail ``asked`` days ago, the survey ``surveyed`` days ago;
    the cheapest chosen."""
    today = timezone.localdate()
    rows = [OfferRow(supplier=_supplier(*supplier), asked_on=_at(asked).date(),
                     asked_how=AskedHow.EMAIL, answered=True, price=Decimal(price),
                     price_with_vat=(Decimal(price) * Decimal("1.21")).quantize(
                         Decimal("0.01")), note=note)
            for supplier, price, note in zip(suppliers, prices,
                                             list(notes) + [""] * len(prices), strict=False)]
    chosen = selectors.proposed_index(rows, Criterion.PRICE)
    return services.record_survey(
        purchase=purchase, by=by, version=purchase.version, method=SurveyMethod.WRITTEN,
        surveyed_on=min(_at(surveyed).date(), today), criterion=Criterion.PRICE, rows=rows,
        chosen=chosen,
        reason="Mažiausia kaina; pasiūlymas atitinka visus nurodytus reikalavimus.")


def _load(staff, methodist, manager) -> int:
    today = timezone.localdate()
    codes, planned = _codes(), _planned(today.year)
    soon = today + timedelta(days=30)

    def submit_approve(purchase, note=""):
        purchase = services.submit(purchase=purchase, by=purchase.requested_by, confirmed=True)
        return services.approve(purchase=purchase, by=manager, note=note)

    office = submit_approve(_request(
        staff, codes, planned, "30192000-1", title="Biuro popierius ir raštinės prekės",
        need="Popierius A4 (150 pakuočių), segtuvai, rašikliai ir kitos raštinės prekės "
             "skyriaus darbui pusmečiui.",
        justification="Baigiasi atsargos; pirkimas numatytas metų pirkimų plane.",
        estimated_value=Decimal("1150.00"), needed_by=soon,
        budget_line="Programa 08.01, ekonominė klasifikacija 2.2.1.1.1.20"))
    _survey(office, staff, SUPPLIERS["office"], ("1240.00", "1098.40", "1175.90"),
            asked=12, surveyed=7,
            notes=("Pristatymas per 5 darbo dienas", "", "Kaina galioja 30 d."))
    _backdate(office, created=20, submitted=19, decided=18)

    toner = submit_approve(_request(
        staff, codes, planned, "30125100-2", title="Spausdintuvų dažų kasetės (I pusmetis)",
        need="Dažų kasetės 6 skyriaus spausdintuvams (24 vnt.).",
        justification="Originalios kasetės būtinos spausdintuvų garantijai.",
        estimated_value=Decimal("1600.00"),
        budget_line="Programa 08.01, ekonominė klasifikacija 2.2.1.1.1.20"))
    _survey(toner, staff, SUPPLIERS["toner"], ("1512.00", "1549.50", "1488.00"), asked=8,
            surveyed=3)
    _backdate(toner, created=16, submitted=15, decided=14)

    project, line = _project()
    laptops = submit_approve(_request(
        staff, codes, planned, "30213100-6",
        title="Nešiojamieji kompiuteriai bibliotekininkų mokymams",
        need="5 nešiojamieji kompiuteriai su biuro programine įranga skaitmeninių "
             "kompetencijų mokymams regiono bibliotekose.",
        justification="Mokymai vyksta bibliotekose, kuriose nėra tinkamos kompiuterinės "
                      "įrangos; įranga numatyta projekto biudžete.",
        estimated_value=Decimal("4250.00"), needed_by=today + timedelta(days=45),
        funding=FundingSource.PROJECT if project else FundingSource.MUNICIPAL,
        project=project, project_budget_line=line),
        note="Pritariu, pirkti iš projekto lėšų.")
    _backdate(laptops, created=9, submitted=8, decided=6)

    fiction = _request(
        methodist, codes, planned, "22113000-5", hint="grožinė",
        title="Knygos bibliotekos fondui: lietuvių autorių naujienos",
        need="Lietuvių autorių grožinės literatūros naujienos (apie 1 800 egz.) regiono "
             "bibliotekų mainų fondui.",
        justification="Pagal fondo komplektavimo planą.",
        estimated_value=Decimal("28500.00"))
    _backdate(fiction, created=5)
    books = submit_approve(_request(
        methodist, codes, planned, "22113000-5", hint="šakinė",
        title="Knygos bibliotekos fondui: šakinė literatūra",
        need="Šakinė ir mokslo populiarinimo literatūra (apie 1 600 egz.).",
        justification="Pagal fondo komplektavimo planą; kartu su grožine literatūra metų "
                      "suma artėja prie mažos vertės pirkimo ribos.",
        estimated_value=Decimal("29000.00")))
    _backdate(books, created=5, submitted=4, decided=2)

    conference = services.submit(purchase=_request(
        staff, codes, planned, "79952000-2", kind=PurchaseKind.SERVICES,
        title="Regioninės bibliotekininkų konferencijos organizavimo paslaugos",
        need="Salė 120 dalyvių, įgarsinimas, kavos pertraukos ir pietūs, dalyvių registracija.",
        justification="Metinė regiono bibliotekininkų konferencija.",
        estimated_value=Decimal("6800.00"), needed_by=today + timedelta(days=60)),
        by=staff, confirmed=True)
    services.return_request(purchase=conference, by=manager,
                            comment="Nurodykite konferencijos datą ir atskirkite maitinimo "
                                    "paslaugų vertę.")
    _backdate(conference, created=7, submitted=6, decided=3)

    second = services.submit(purchase=_request(
        staff, codes, planned, "30125100-2", title="Spausdintuvų dažų kasetės (II pusmetis)",
        need="Dažų kasetės 6 skyriaus spausdintuvams (20 vnt.).",
        justification="Antrojo pusmečio poreikis.", estimated_value=Decimal("1300.00")),
        by=staff, confirmed=True)
    _backdate(second, created=2, submitted=1)

    transport = _request(
        methodist, codes, planned, "60140000-1", kind=PurchaseKind.SERVICES,
        title="Keleivių vežimas į metodines išvykas",
        need="Mikroautobusas (iki 16 vietų) keturioms metodinėms išvykoms į regiono "
             "bibliotekas.", estimated_value=Decimal("1400.00"))
    _backdate(transport, created=1)

    shelves = _request(staff, codes, planned, "39155100-4",
                       title="Knygų lentynos skaityklai",
                       need="6 metalinės knygų lentynos skaityklai.",
                       estimated_value=Decimal("2100.00"))
    services.cancel(purchase=shelves, by=staff,
                    reason="Lentynas parama perdavė Kretingos viešoji biblioteka.")
    _backdate(shelves, created=30, cancelled=21)
    return Purchase.objects.filter(year=today.year).count()
