"""Demo year end (today is 2026-12-04 in the demo): the plans of 2019–2024 are closed (each
in mid-January of the following year, unless ``demo_plan`` closed them already); the
letters of 2019–2021 are registered in their files with small generated PDFs; the 2019
files whose retention ended by 2025 were appraised in destruction act 2025 No. 1 — compiled
by ``darbuotojas@demo.lt``, approved by ``vadovas@demo.lt`` on 2025-02-20 and executed: the
stored files are gone, the register rows and the act with its PDF remain, one file was kept
two years longer. The expired files of 2020–2021 are left without an act for the browser
journey, and the 2025 plan stays approved and open (the journey closes it). Without the
plans or the demo accounts it says so and adds nothing; run again, it adds nothing."""

from datetime import date

from archyvas import selectors_yearend as selectors
from archyvas import services_yearend as services
from archyvas.models import (
    Appraisal,
    DestructionAct,
    FilePlan,
    PlanFile,
    PlanStatus,
    Register,
    RegisterCounter,
    RegisterEntry,
    RegisterKind,
)
from archyvas.services_yearend import Appraised
from archyvas.storage import store
from paskyros.models import User

STAFF = "darbuotojas@demo.lt"
MANAGER = "vadovas@demo.lt"
#: The year the journey closes: left approved and open.
JOURNEY_YEAR = 2025
FIRST_YEAR = 2019
#: The 2019 act's days: compiled, submitted, approved and executed.
COMPILED, SUBMITTED, APPROVED = date(2025, 2, 10), date(2025, 2, 12), date(2025, 2, 20)
#: The demo's today: the files of 2020–2021 that wait for appraisal are expired by then.
TODAY = date(2026, 12, 4)

MINISTRY = "Lietuvos Respublikos kultūros ministerija"
LNB = "Lietuvos nacionalinė Martyno Mažvydo biblioteka"
KRETINGA = "Kretingos Motiejaus Valančiaus viešoji biblioteka"
SKUODAS = "Skuodo rajono savivaldybės Romualdo Granausko viešoji biblioteka"
SILUTE = "Šilutės Fridricho Bajoraičio viešoji biblioteka"
PALANGA = "Palangos miesto savivaldybės viešoji biblioteka"

#: (register kind, month, day, correspondent, title) of each year's letters kept in the demo.
LETTERS = {
    2019: [(RegisterKind.INCOMING, 2, 4, MINISTRY, "Dėl 2018 m. statistinių ataskaitų "
                                                   "pateikimo"),
           (RegisterKind.INCOMING, 4, 17, KRETINGA, "Dėl metodinės pagalbos kaimo "
                                                    "filialams"),
           (RegisterKind.OUTGOING, 4, 29, KRETINGA, "Dėl metodinės pagalbos kaimo filialams "
                                                    "plano"),
           (RegisterKind.INCOMING, 9, 12, LNB, "Dėl bibliotekininkų kvalifikacijos "
                                               "tobulinimo programos"),
           (RegisterKind.OUTGOING, 10, 2, MINISTRY, "Dėl regiono bibliotekų veiklos "
                                                    "rodiklių")],
    2020: [(RegisterKind.INCOMING, 3, 16, MINISTRY, "Dėl bibliotekų darbo karantino metu"),
           (RegisterKind.OUTGOING, 3, 20, SKUODAS, "Dėl nuotolinių paslaugų organizavimo"),
           (RegisterKind.INCOMING, 11, 5, SILUTE, "Dėl mokymų nuotoliniu būdu")],
    2021: [(RegisterKind.INCOMING, 2, 9, LNB, "Dėl vartotojų apklausos regionuose"),
           (RegisterKind.OUTGOING, 6, 14, PALANGA, "Dėl vasaros skaitymo programos"),
           (RegisterKind.INCOMING, 10, 21, PALANGA, "Dėl bendro projekto paraiškos")],
}

#: Words of a file's title that say it holds a register's letters (first match wins).
TOPICS = {RegisterKind.INCOMING: ("susirašinėj", "gaunamieji", "raštai", "korespondenc"),
          RegisterKind.OUTGOING: ("susirašinėj", "siunčiamieji", "raštai", "korespondenc")}
#: Words of the title of the file the appraisal keeps two years longer.
KEPT = ("dalyvi", "mokym", "kvalifikac")

BASIS = ("Bylas įvertino skyriaus vedėja ir dokumentų valdymo specialistė: 2019 m. bylų, "
         "kurių saugojimo terminas baigėsi, dokumentai neteko praktinės, mokslinės ir "
         "istorinės reikšmės.")
KEPT_BASIS = (" Byla „{title}“ saugoma dar dvejus metus – vyksta projekto finansavimo "
              "patikrinimas.")


def _pdf(title: str, correspondent: str, day: date) -> bytes:
    from weasyprint import HTML

    return HTML(string=f"<h1>{title}</h1><p>{correspondent}</p>"
                       f"<p>{day.isoformat()}</p>").write_pdf()


def _expired(plan: FilePlan, on: date) -> list[PlanFile]:
    """The plan's files kept for a number of years whose retention has ended by ``on`` (or
    will have, once the year is closed)."""
    files = plan.files.filter(permanent=False, destroyed_on=None).order_by(
        "position", "index", "pk")
    return [f for f in files
            if (f.retention_ends or f.retention_end_for(plan.year)) < on]


def _file_for(files: list[PlanFile], kind: str) -> PlanFile | None:
    for word in TOPICS.get(kind, ()):
        for plan_file in files:
            if word in plan_file.title.lower():
                return plan_file
    return files[0] if files else None


def _register(plan: FilePlan, kind: str, month: int, day: int, who: str, title: str,
              plan_file: PlanFile, staff) -> RegisterEntry | None:
    """The letter in its register and file (the year's next number), with its PDF; the year
    may be closed already (the letter was registered then)."""
    register = Register.objects.filter(kind=kind, active=True).order_by("position", "pk").first()
    if register is None:
        return None
    on = date(plan.year, month, day)
    counter, _created = RegisterCounter.objects.get_or_create(register=register, year=plan.year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    entry = RegisterEntry(register=register, year=plan.year, number=counter.last_number,
                          registered_on=on, document_date=on, correspondent=who,
                          title=title, plan_file=plan_file, registered_by=staff,
                          responsible=staff)
    store(entry, f"{register.prefix}-{counter.last_number}.pdf", _pdf(title, who, on))
    entry._history_user = staff
    entry.save()
    return entry


def _letters(plan: FilePlan, staff) -> int:
    """The year's letters into its files whose retention has ended by today; how many."""
    files = _expired(plan, TODAY)
    added = 0
    for kind, month, day, who, title in LETTERS.get(plan.year, []):
        plan_file = _file_for(files, kind)
        if plan_file is not None and _register(plan, kind, month, day, who, title,
                                               plan_file, staff):
            added += 1
    return added


def _close(plans: dict[int, FilePlan], staff) -> list[int]:
    """Close the ended years' approved plans (mid-January of the following year); a plan
    closed already gets its files' dates from the letters added."""
    closed = []
    for year, plan in sorted(plans.items()):
        if plan.status == PlanStatus.APPROVED:
            services.close_year(plan=plan, by=staff, today=date(year + 1, 1, 14))
            closed.append(year)
        elif year in LETTERS:
            files = list(plan.files.all())
            dates = selectors.file_dates([f.pk for f in files])
            for plan_file in files:
                if plan_file.pk in dates:
                    plan_file.first_date, plan_file.last_date = dates[plan_file.pk]
            PlanFile.objects.bulk_update(files, ["first_date", "last_date"])
    return closed


def _act(plan: FilePlan, staff, manager) -> DestructionAct | None:
    """Act 2025 No. 1 for the 2019 files expired by then: destroyed, one kept longer."""
    files = list(PlanFile.objects.expired(COMPILED).filter(plan=plan)
             .order_by("position", "index", "pk"))
    if not files:
        return None
    kept = next((f for word in KEPT for f in files if word in f.title.lower()
                 and not f.entries.exists()), None) if len(files) > 1 else None
    choices = [Appraised(f, Appraisal.EXTEND, 2, "Vyksta projekto finansavimo patikrinimas")
               if f == kept else Appraised(f) for f in files]
    basis = BASIS + (KEPT_BASIS.format(title=kept.title) if kept is not None else "")
    act = services.create_act(by=staff, choices=choices, basis=basis, today=COMPILED)
    services.submit_act(act=act, by=staff, today=SUBMITTED)
    services.approve_act(act=act, by=manager, today=APPROVED)
    return services.execute_act(act.pk, today=APPROVED)


def load(out) -> None:
    staff = User.objects.filter(email=STAFF).first()
    manager = User.objects.filter(email=MANAGER).first()
    plans = {plan.year: plan for plan in FilePlan.objects.filter(
        year__gte=FIRST_YEAR, year__lt=JOURNEY_YEAR).exclude(status=PlanStatus.DRAFT)}
    if staff is None or manager is None or FIRST_YEAR not in plans:
        out.write("Archive year end: skipped (no demo accounts or no 2019 plan).\n")
        return
    if DestructionAct.objects.exists():
        out.write("Archive year end: acts exist already, nothing added.\n")
        return
    letters = sum(_letters(plans[year], staff) for year in LETTERS if year in plans)
    closed = _close(plans, staff)
    plans = {year: FilePlan.objects.get(pk=plan.pk) for year, plan in plans.items()}
    act = _act(plans[FIRST_YEAR], staff, manager)
    waiting = sum(len(PlanFile.objects.expired(TODAY).filter(plan=plans[year]))
                  for year in (2020, 2021) if year in plans)
    done = f"{act} executed" if act is not None else "no act (no expired 2019 file)"
    out.write(f"Archive year end: closed {', '.join(map(str, closed)) or 'none'}; "
              f"{letters} letters of 2019–2021 registered; {done}; {waiting} expired "
              f"files of 2020–2021 wait for appraisal.\n")
