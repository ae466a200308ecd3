"""Demo procurement plans: the CPV vocabulary's demo file (``data/cpv_2008_demo.xml``, 54
real codes in the official XML format, loaded through the same service as the upload page
and ``manage.py load_cpv``, as a part of the vocabulary), and the department's plans —
written through the services by ``darbuotojas@demo.lt`` and approved by
``vadovas@demo.lt``:

- last year's, approved on 20 January;
- this year's, started from last year's lines and changed for the year (values raised, a
  line dropped, new ones added: computers through CPO LT and the reading room's overhaul
  by an open procedure — the two the summary for CVP IS lists), approved on 15 January,
  then amended (the cleaning contract's value) — the history says so; its two lines of
  library books come near the low-value threshold of their code together (the splitting
  warning);
- from October on, next year's draft, started from this year's lines.

Dated relative to ``timezone.localdate()``. Run on a database that has this year's plan, it
adds no plan (the vocabulary's load changes nothing the second time)."""

from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from paskyros.models import User
from pirkimai import services_cpv, services_plan
from pirkimai.models import CpvCode, Method, PlannedPurchase, ProcurementPlan, PurchaseKind

CPV_FILE = Path(__file__).resolve().parent / "data" / "cpv_2008_demo.xml"
STAFF = "darbuotojas@demo.lt"
METHODIST = "metodininke@demo.lt"
MANAGER = "vadovas@demo.lt"
NEXT_YEAR_FROM_MONTH = 10

GOODS, SERVICES, WORKS = PurchaseKind.GOODS, PurchaseKind.SERVICES, PurchaseKind.WORKS
LOW, CENTRAL, OPEN = Method.LOW_VALUE, Method.CENTRAL, Method.OPEN

#: Last year's lines: (object, CPV code, kind, value, quarter, method, months, who, note).
LAST_YEAR = (
    ("Knygos bibliotekos fondui (grožinė literatūra)", "22113000-5", GOODS, "25000", 1, LOW,
     None, METHODIST, "Pagal komplektavimo planą"),
    ("Knygos bibliotekos fondui (šakinė literatūra)", "22113000-5", GOODS, "27000", 3, LOW,
     None, METHODIST, ""),
    ("Periodinių leidinių prenumerata kitiems metams", "79980000-7", SERVICES, "9500", 4, LOW,
     12, METHODIST, ""),
    ("Biuro popierius ir raštinės prekės", "30192000-1", GOODS, "4800", 1, LOW, None, STAFF,
     ""),
    ("Spausdintuvų dažų kasetės", "30125100-2", GOODS, "3200", 1, LOW, None, STAFF, ""),
    ("Bibliotekų informacinės sistemos programinės įrangos priežiūra", "72267000-4", SERVICES,
     "24000", 1, LOW, 12, STAFF, ""),
    ("Regioninės konferencijos organizavimo paslaugos", "79952000-2", SERVICES, "10000", 2,
     LOW, None, STAFF, ""),
    ("Bibliotekininkų kvalifikacijos tobulinimo mokymai", "80500000-9", SERVICES, "15000", 2,
     LOW, None, METHODIST, ""),
    ("Metinės veiklos ataskaitos ir leidinių spausdinimas", "79810000-5", SERVICES, "6500", 3,
     LOW, None, STAFF, ""),
    ("Patalpų valymo paslaugos", "90919200-4", SERVICES, "21600", 4, LOW, 12, STAFF, ""),
    ("Keleivių vežimas į metodines išvykas", "60140000-1", SERVICES, "5400", 2, LOW, None,
     METHODIST, ""),
    ("Kompiuteriai skyriaus darbuotojams", "30213000-5", GOODS, "14000", 2, LOW, None, STAFF,
     ""),
)
#: This year's changes of the copied lines: object → new value.
RAISED = {"Knygos bibliotekos fondui (grožinė literatūra)": "28000",
          "Knygos bibliotekos fondui (šakinė literatūra)": "30000",
          "Regioninės konferencijos organizavimo paslaugos": "12500",
          "Bibliotekininkų kvalifikacijos tobulinimo mokymai": "18000"}
DROPPED = "Kompiuteriai skyriaus darbuotojams"
ADDED = (
    ("Kompiuterinė įranga regiono bibliotekoms (per CPO LT)", "30200000-1", GOODS, "86000", 2,
     CENTRAL, None, STAFF, "Centralizuotai per CPO LT elektroninį katalogą"),
    ("Skaityklos kapitalinis remontas", "45453000-7", WORKS, "185000", 3, OPEN, 6, STAFF,
     "Pagal techninį darbo projektą"),
    ("Bibliotekos baldai vaikų skyriui", "39155000-3", GOODS, "16000", 3, LOW, None, METHODIST,
     ""),
    ("Projektoriai ir daugialypės terpės įranga", "38652100-1", GOODS, "7800", 2, LOW, None,
     STAFF, "Žaliasis pirkimas"),
)
AMENDED = ("Patalpų valymo paslaugos", "23400")


def _line(plan, spec, users, codes) -> PlannedPurchase:
    title, code, kind, value, quarter, method, months, who, note = spec
    return PlannedPurchase(plan=plan, title=title, cpv=codes[code], kind=kind,
                           estimated_value=Decimal(value), quarter=quarter, method=method,
                           duration_months=months, responsible=users.get(who), note=note,
                           green=note == "Žaliasis pirkimas")


def _approve(plan, manager, day: date) -> None:
    services_plan.approve_plan(plan=plan, by=manager)
    ProcurementPlan.objects.filter(pk=plan.pk).update(
        approved_on=min(day, timezone.localdate()))


def load(out) -> None:
    vocabulary = services_cpv.load_vocabulary(data=CPV_FILE.read_bytes(),
                                              file_name=CPV_FILE.name, partial=True)
    today = timezone.localdate()
    if ProcurementPlan.objects.filter(year=today.year).exists():
        out.write(f"  procurement plans: already there, left alone "
                  f"({vocabulary.total} demo CPV codes checked)")
        return
    users = {user.email: user for user in User.objects.filter(
        email__in=(STAFF, METHODIST, MANAGER))}
    staff, manager = users.get(STAFF), users.get(MANAGER)
    if staff is None or manager is None:
        out.write(f"  procurement plans: no demo accounts, none loaded "
                  f"({vocabulary.total} demo CPV codes)")
        return
    codes = {code.code: code for code in CpvCode.objects.all()}
    last = services_plan.create_plan(year=today.year - 1, by=staff,
                                     note="Patvirtintas direktoriaus įsakymu.")
    for spec in LAST_YEAR:
        services_plan.save_line(line=_line(last, spec, users, codes), by=staff)
    _approve(last, manager, date(today.year - 1, 1, 20))

    current = services_plan.create_plan(year=today.year, by=staff, copy_lines=True,
                                        note="Sudarytas pagal praėjusių metų planą ir "
                                             "skyrių poreikius.")
    for line in current.purchases.all():
        if line.title == DROPPED:
            services_plan.delete_line(line=line, by=staff)
        elif line.title in RAISED:
            line.estimated_value = Decimal(RAISED[line.title])
            services_plan.save_line(line=line, by=staff, seen_version=line.version)
    for spec in ADDED:
        services_plan.save_line(line=_line(current, spec, users, codes), by=staff)
    _approve(current, manager, date(today.year, 1, 15))
    amended = current.purchases.get(title=AMENDED[0])
    amended.estimated_value = Decimal(AMENDED[1])
    services_plan.save_line(line=amended, by=staff, seen_version=amended.version)

    made = [last.year, current.year]
    if today.month >= NEXT_YEAR_FROM_MONTH:
        services_plan.create_plan(year=today.year + 1, by=staff, copy_lines=True)
        made.append(today.year + 1)
    out.write(f"  procurement plans: {', '.join(map(str, made))} "
              f"({current.purchases.count()} planned purchases this year); "
              f"{vocabulary.total} demo CPV codes")
