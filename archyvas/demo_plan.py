"""Demo file plans: 27 BDSTR items (order V-100 of 2011) a library's methodological
department follows, and the department's plans of 2019–2026 ("Bibliotekų veiklos
skyrius", files 7.1–7.14), written through the services by ``darbuotojas@demo.lt`` and
approved by ``vadovas@demo.lt``: each year's plan a copy of the year before. 2019–2021
still have the monthly work plans (1 year) and the event notices (2 years); in 2022 the
plan was reshaped (the registers moved to 7.12, user studies and publicity added).
2019–2024 are closed (every file closed on 31 December, its documents' first and last
dates, its retention's end), so the short-retention files of those years have expired by
December 2026; 2025 is approved but not closed (the year end closes it); 2026 is approved.
No 2027 plan (the year end's journey copies 2026). The files name the documents "File it"
suggests for them (the regional analysis → "Analitinės ataskaitos ir apžvalgos", the
statistics reports → the statistics file, the groups' minutes → the commissions' file…).
Run on a database that has plans, it adds nothing."""

from datetime import date

from archyvas import services_plan as services
from archyvas.models import BdstrItem, FilePlan, PlanFile, PlanStatus
from archyvas.services_plan_bdstr import save_bdstr_item
from paskyros.models import User

STAFF = "darbuotojas@demo.lt"
METHODIST = "metodininke@demo.lt"
MANAGER = "vadovas@demo.lt"
ACT = "BDSTR (V-100, 2011)"
UNIT = "Bibliotekų veiklos skyrius"
FIRST_YEAR, LAST_CLOSED, LAST_YEAR = 2019, 2024, 2026
RESHAPED = 2022
AFTER_CONTRACT = "10 m. po sutarties galiojimo pabaigos"
AFTER_PROJECT = "10 m. po projekto įgyvendinimo pabaigos"
DOC = "ataskaitos.document:"

#: (item, documents, permanent, years, note, in force)
ITEMS = (
    ("1.1", "Įstaigos nuostatai, jų pakeitimai ir struktūros schemos", True, None, "", True),
    ("1.5", "Įstaigos vadovo įsakymai pagrindinės veiklos klausimais", True, None, "", True),
    ("1.17", "Įstaigos padalinių nuostatai", True, None, "", True),
    ("1.29", "Komisijų ir darbo grupių sudarymo dokumentai, posėdžių protokolai", False, 10,
     "", True),
    ("1.33", "Konkursų nuostatai, vertinimo komisijų protokolai ir rezultatų suvestinės",
     False, 10, "", True),
    ("2.1", "Strateginiai veiklos planai ir jų įgyvendinimo ataskaitos", True, None, "",
     True),
    ("2.3", "Metiniai veiklos planai ir metinės veiklos ataskaitos", True, None, "", True),
    ("2.6", "Ketvirčio ir mėnesio veiklos planai ir ataskaitos", False, 1, "", True),
    ("2.8", "Analitinės veiklos ataskaitos, apžvalgos ir pažymos", True, None, "", True),
    ("2.11", "Metinės statistinės ataskaitos", True, None, "", True),
    ("2.12", "Ketvirčio ir mėnesio statistinės ataskaitos", False, 5, "", True),
    ("2.14", "Tyrimų ataskaitos ir jų duomenų suvestinės", False, 10, "", True),
    ("2.16", "Metodinių išvykų, patikrinimų ir konsultacijų ataskaitos, pažymos", False, 5,
     "", True),
    ("4.1", "Susirašinėjimas su institucijomis pagrindinės veiklos klausimais", False, 5, "",
     True),
    ("4.2", "Susirašinėjimas su fiziniais ir juridiniais asmenimis veiklos organizavimo "
     "klausimais", False, 2, "", True),
    ("5.1", "Dokumentacijos planai", True, None, "", True),
    ("5.2", "Bylų apyrašai", True, None, "", True),
    ("5.4", "Gaunamųjų, siunčiamųjų ir vidaus dokumentų registrai", False, 5, "", True),
    ("5.6", "Dokumentų naikinimo aktai", True, None, "", True),
    ("7.3", "Kvalifikacijos tobulinimo renginių programos ir dalyvių sąrašai", False, 3, "",
     True),
    ("7.5", "Kvalifikacijos tobulinimo pažymėjimų išdavimo apskaitos dokumentai", False, 10,
     "", True),
    ("8.1", "Projektų paraiškos, sutartys, ataskaitos ir kiti projektų dokumentai", False,
     10, AFTER_PROJECT, True),
    ("8.3", "Nefinansuotų projektų paraiškos", False, 3, "", True),
    ("3.20", "Viešųjų pirkimų dokumentai: pirkimų planai ir suvestinės, pirkimo paraiškos, "
     "tiekėjų apklausos pažymos, pirkimo sutartys", False, 10, AFTER_CONTRACT, True),
    ("9.1", "Bendradarbiavimo sutartys", False, 10, AFTER_CONTRACT, True),
    ("10.2", "Renginių skelbimai, kvietimai ir afišos", False, 2, "", True),
    ("10.4", "Pranešimai spaudai ir publikacijų apskaitos dokumentai", False, 3, "", True),
    ("10.5", "Renginių nuotraukos ir vaizdo įrašai", False, 5,
     "Punktas pakeistas 10.4 punktu", False),
)

#: The files every year has: (index, title, item, note, who keeps it, document kinds).
COMMON = (
    ("7.1", "Skyriaus veiklos planai ir metinės veiklos ataskaitos", "2.3", "", STAFF, ()),
    ("7.2", "Regiono savivaldybių viešųjų bibliotekų metinės statistinės ataskaitos", "2.11",
     "Elektroninė byla", STAFF, ("statistika.statistics_report", f"{DOC}statistics_report")),
    ("7.3", "Analitinės ataskaitos ir apžvalgos", "2.8", "", STAFF,
     (f"{DOC}regional_analysis", f"{DOC}library_profile", f"{DOC}library_card")),
    ("7.4", "Metodinių išvykų į bibliotekas ataskaitos ir konsultacijų apskaita", "2.16", "",
     METHODIST, ("konsultacijos.visit_report", f"{DOC}konsultacijos.register",
                 f"{DOC}konsultacijos.summary")),
    ("7.5", "Kvalifikacijos tobulinimo renginių programos ir dalyvių sąrašai", "7.3", "",
     METHODIST, (f"{DOC}mokymai.participants", f"{DOC}mokymai.sign_in_sheet",
                 f"{DOC}mokymai.overview")),
    ("7.6", "Kvalifikacijos tobulinimo pažymėjimų išdavimo apskaita", "7.5", "", METHODIST,
     (f"{DOC}mokymai.certificates",)),
    ("7.7", "Komisijų ir darbo grupių posėdžių protokolai", "1.29", "", STAFF,
     ("bendradarbiavimas.minutes", f"{DOC}bendradarbiavimas.minutes")),
    ("7.8", "Konkursų nuostatai ir vertinimo komisijų protokolai", "1.33", "", METHODIST,
     (f"{DOC}apdovanojimai.protocol", f"{DOC}apdovanojimai.results")),
    ("7.9", "Projektų paraiškos, sutartys ir ataskaitos", "8.1", AFTER_PROJECT, STAFF,
     ("projektai.contract", f"{DOC}projektai.funder_report", f"{DOC}projektai.summary",
      f"{DOC}projektai.register")),
    ("7.10", "Bendradarbiavimo sutartys su partneriais", "9.1", AFTER_CONTRACT, STAFF,
     ("bendradarbiavimas.agreement", f"{DOC}bendradarbiavimas.agreements",
      f"{DOC}bendradarbiavimas.overview")),
    ("7.11", "Susirašinėjimas su institucijomis bibliotekų veiklos klausimais", "4.1", "",
     STAFF, ()),
)
#: 2019–2021: the monthly plans and event notices, then the registers.
EARLY = (
    ("7.12", "Skyriaus mėnesio darbo planai ir ataskaitos", "2.6", "", METHODIST, ()),
    ("7.13", "Renginių skelbimai ir kvietimai", "10.2", "", METHODIST, ()),
    ("7.14", "Gaunamųjų, siunčiamųjų ir vidaus dokumentų registrai", "5.4", "", STAFF, ()),
)
#: From 2022: the registers moved up, user studies and publicity added.
LATER = (
    ("7.12", "Gaunamųjų, siunčiamųjų ir vidaus dokumentų registrai", "5.4", "", STAFF, ()),
    ("7.13", "Bibliotekų vartotojų poreikių tyrimų ataskaitos", "2.14", "", METHODIST,
     (f"{DOC}tyrimai.results", f"{DOC}tyrimai.poster", f"{DOC}tyrimai.codebook")),
    ("7.14", "Viešinimo dokumentai: pranešimai spaudai ir publikacijų apskaita", "10.4", "",
     METHODIST, (f"{DOC}viesinimas.publicity",)),
    ("7.15", "Viešųjų pirkimų dokumentai: paraiškos, tiekėjų apklausos pažymos, sutartys",
     "3.20", AFTER_CONTRACT, STAFF,
     ("pirkimai.request", "pirkimai.survey", "pirkimai.contract", f"{DOC}pirkimai.plan",
      f"{DOC}pirkimai.summary", f"{DOC}pirkimai.register")),
)


def _items(staff) -> dict:
    found = {}
    for code, title, permanent, years, note, in_force in ITEMS:
        found[code] = save_bdstr_item(item=BdstrItem(
            act=ACT, code=code, title=title, permanent=permanent, retention_years=years,
            note=note, in_force=in_force), by=staff)
    return found


def _add(plan, files, items, users, staff) -> None:
    for index, title, code, note, keeper, kinds in files:
        item = items[code]
        services.save_file(plan_file=PlanFile(
            plan=plan, index=index, title=title, bdstr_item=item, note=note,
            responsible=users.get(keeper), kinds=list(kinds)), by=staff)


def _approve(plan, manager) -> FilePlan:
    day = date(plan.year, 1, 5 + plan.year % 4)
    return services.approve_plan(plan=plan, by=manager, approved_on=day,
                                 approval_reference=f"Direktoriaus {day.isoformat()} įsakymu "
                                                    f"Nr. V-{plan.year % 7 + 2}")


def _reshape(plan, items, users, staff) -> None:
    """2022: the monthly plans and event notices dropped, the registers moved to 7.12,
    user studies and publicity added."""
    for index in ("7.12", "7.13"):
        services.delete_file(plan_file=plan.files.get(index=index), by=staff)
    registers = plan.files.get(index="7.14")
    registers.index = "7.12"
    services.save_file(plan_file=registers, by=staff)
    _add(plan, LATER[1:], items, users, staff)


def _close(plan, staff) -> None:
    """The year as the year end leaves it: every file closed on 31 December with its
    documents' first and last dates and its retention's end."""
    closed = date(plan.year, 12, 31)
    for number, plan_file in enumerate(plan.files.order_by("position")):
        plan_file.closed_on = closed
        plan_file.first_date = date(plan.year, 1, 8 + number % 12)
        plan_file.last_date = date(plan.year, 12, 29 - number % 10)
        plan_file.retention_ends = plan_file.retention_end_for(plan.year)
        plan_file._history_user = staff
        plan_file.save()
    plan.status, plan.closed_on, plan.closed_by = PlanStatus.CLOSED, closed, staff
    plan._history_user = staff
    plan.save()


def load(out) -> None:
    if FilePlan.objects.exists() or BdstrItem.objects.exists():
        out.write("  file plans: already there, left alone")
        return
    users = {user.email: user for user in User.objects.filter(
        email__in=(STAFF, METHODIST, MANAGER))}
    staff, manager = users.get(STAFF), users.get(MANAGER)
    if staff is None or manager is None:
        out.write("  file plans: no demo accounts, none loaded")
        return
    items = _items(staff)
    previous = None
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if previous is None:
            plan = services.create_plan(year=year, by=staff, unit_name=UNIT)
            _add(plan, COMMON + EARLY, items, users, staff)
        else:
            plan = services.copy_plan(source=previous, year=year, by=staff)
            if year == RESHAPED:
                _reshape(plan, items, users, staff)
        plan = _approve(plan, manager)
        if year <= LAST_CLOSED:
            _close(plan, staff)
        previous = plan
    out.write(f"  file plans: {len(items)} BDSTR items, plans {FIRST_YEAR}–{LAST_YEAR} "
              f"({LAST_CLOSED - FIRST_YEAR + 1} closed)")
