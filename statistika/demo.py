"""Ten years of plausible statistics for every demo library (2016–2025).

Outlets get per-outlet counts scaled by their size; systems and single-unit libraries get
the per-system figures (staff, finance, network). Trends: registered users and loans
slowly fall, virtual visits grow, 2020–2021 dip for visits and events. Special cases the
screens must handle: a branch closed at the end of 2021 (no data after), a branch with no
data for 2019, and one outlier (a branch's loans in 2023 ten times too high).
"""

import random
from decimal import Decimal

from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind, MunicipalityPopulation
from statistika.models import Indicator, RecordedAt, Source, Value
from statistika.services.values import ValueWrite, write_values

YEARS = range(2016, 2026)
MISSING_YEAR = ("SVB-SKU-F03", 2019)
OUTLIER = ("SVB-TAU-F05", 2023, "loans")

# per registered user (outlet-level counts)
PER_USER = {
    "users_children": 0.34, "users_new": 0.09, "visits": 14.5, "visits_children": 5.1,
    "visits_virtual": 3.0, "collection_items": 28.0, "collection_titles": 15.0,
    "acquired_items": 1.1, "acquired_titles": 0.6, "withdrawn_items": 0.9, "loans": 16.0,
    "loans_children": 5.5, "downloads": 0.4, "events": 0.05, "event_attendance": 0.9,
    "exhibitions": 0.02,
}
TREND = {"users_registered": -0.012, "loans": -0.02, "loans_children": -0.015,
         "visits_virtual": 0.10, "downloads": 0.12, "collection_items": -0.01,
         "collection_titles": -0.008}
COVID = {2020: {"visits": 0.55, "visits_children": 0.5, "events": 0.45,
                "event_attendance": 0.35, "loans": 0.8},
         2021: {"visits": 0.75, "visits_children": 0.7, "events": 0.7,
                "event_attendance": 0.6, "loans": 0.9}}
SIZE = {LibraryKind.CENTRAL: (2500, 9000), LibraryKind.CITY_BRANCH: (700, 2200),
        LibraryKind.RURAL_BRANCH: (180, 650), LibraryKind.SERVICE_POINT: (40, 160),
        LibraryKind.MOBILE: (250, 450), LibraryKind.SCHOOL: (250, 1100),
        LibraryKind.COUNTY: (18000, 22000)}


def _users(library, rng, population) -> float:
    low, high = SIZE.get(library.kind, (300, 600))
    users = rng.uniform(low, high)
    if library.kind == LibraryKind.CENTRAL and population:
        users = min(users, population * 0.12)
    return users


def load(out) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    indicators = {i.code: i for i in Indicator.objects.filter(derived=False)
                  .exclude(value_type="text")}
    population = {(m, y): p for m, y, p in
                  MunicipalityPopulation.objects.values_list("municipality_id", "year",
                                                             "population")}
    libraries = list(Library.objects.select_related("municipality").order_by("code"))
    values: list[ValueWrite] = []
    size_of: dict[int, float] = {}
    for library in libraries:
        if library.kind == LibraryKind.SYSTEM:
            continue
        size_of[library.pk] = _users(library, rng,
                                     population.get((library.municipality_id, 2025)))
    outlets_by_system: dict[int, list[Library]] = {}
    for library in libraries:
        if library.kind in OUTLET_KINDS:
            node = library
            while node.parent_id and node.kind != LibraryKind.SYSTEM:
                node = next(lib for lib in libraries if lib.pk == node.parent_id)
            outlets_by_system.setdefault(node.pk, []).append(library)

    def add(library, code, year, amount):
        indicator = indicators.get(code)
        if indicator is None or library.kind not in indicator.kinds:
            return
        if indicator.value_type in {"count", "boolean", "money"}:
            number = Decimal(max(0, round(amount)))
        else:
            number = Decimal(str(round(max(0.0, amount), 2)))
        values.append(ValueWrite(library_id=library.pk, indicator_id=indicator.pk, year=year,
                                 value=number))

    for library in libraries:
        for year in YEARS:
            if library.closed and library.closed.year < year:
                continue
            if library.opened and library.opened.year > year:
                continue
            if (library.code, year) == MISSING_YEAR:
                continue
            age = year - 2025
            if library.kind != LibraryKind.SYSTEM:
                users = size_of[library.pk] * (1 + TREND["users_registered"]) ** age
                users *= rng.uniform(0.97, 1.03)
                add(library, "users_registered", year, users)
                for code, ratio in PER_USER.items():
                    if code not in indicators or indicators[code].recorded_at != \
                            RecordedAt.OUTLET and library.kind in OUTLET_KINDS:
                        continue
                    amount = users * ratio * (1 + TREND.get(code, 0)) ** age
                    amount *= COVID.get(year, {}).get(code, 1) * rng.uniform(0.93, 1.07)
                    if (library.code, year, code) == OUTLIER:
                        amount *= 10
                    add(library, code, year, amount)
                computers = max(1, round(users / 300))
                add(library, "computers_public", year, computers)
                add(library, "computers_internet", year, computers)
                add(library, "area_m2", year, 40 + users * 0.09)
                add(library, "reading_places", year, 6 + users / 120)
                add(library, "opening_hours_week", year,
                    {LibraryKind.SERVICE_POINT: 8, LibraryKind.RURAL_BRANCH: 24}.get(
                        library.kind, 40))
            # Per-system figures: systems (from their outlets), and single units.
            if library.kind in OUTLET_KINDS:
                continue
            if library.kind == LibraryKind.SYSTEM:
                members = [o for o in outlets_by_system.get(library.pk, [])
                           if (not o.closed or o.closed.year >= year)
                           and (not o.opened or o.opened.year <= year)]
                total_users = sum(size_of[o.pk] for o in members) * (0.988 ** -age)
                counts = {kind: sum(1 for o in members if o.kind == kind) for kind in
                          (LibraryKind.CENTRAL, LibraryKind.CITY_BRANCH,
                           LibraryKind.RURAL_BRANCH, LibraryKind.SERVICE_POINT,
                           LibraryKind.MOBILE)}
                add(library, "outlets_central", year, counts[LibraryKind.CENTRAL])
                add(library, "outlets_city", year, counts[LibraryKind.CITY_BRANCH])
                add(library, "outlets_rural", year, counts[LibraryKind.RURAL_BRANCH])
                add(library, "outlets_service_points", year, counts[LibraryKind.SERVICE_POINT])
                add(library, "outlets_mobile", year, counts[LibraryKind.MOBILE])
            else:
                total_users = size_of[library.pk]
            staff = max(1, round(total_users / 450))
            professional = round(staff * rng.uniform(0.7, 0.9))
            add(library, "staff", year, staff)
            add(library, "staff_professional", year, professional)
            add(library, "staff_higher_education", year, round(staff * rng.uniform(0.6, 0.85)))
            add(library, "staff_fte", year, staff * rng.uniform(0.85, 1.0))
            growth = 1.04 ** age
            municipal = round(total_users * 38 * growth)
            state = round(total_users * 4 * growth)
            projects = round(total_users * rng.uniform(0.5, 4) * growth)
            other = round(total_users * 0.8 * growth)
            add(library, "income_municipal", year, municipal)
            add(library, "income_state", year, state)
            add(library, "income_projects", year, projects)
            add(library, "income_other", year, other)
            add(library, "income_total", year, municipal + state + projects + other)
            staff_costs = round(municipal * 0.78)
            acquisitions = round(state + municipal * 0.05)
            add(library, "expenses_staff", year, staff_costs)
            add(library, "expenses_acquisitions", year, acquisitions)
            add(library, "expenses_total", year,
                max(staff_costs + acquisitions,
                    (municipal + state + projects + other) * rng.uniform(0.96, 1.0)))
            add(library, "ill_given", year, total_users * 0.01)
            add(library, "ill_received", year, total_users * 0.012)
    write_values(values, by=None, source=Source.IMPORT)
    out.write(f"  statistics: {len(values)} values for {len(YEARS)} years "
              f"({YEARS[0]}–{YEARS[-1]})")
    _open_demo_campaign(out)
    _national_figures()
    _narratives()


def _narratives() -> None:
    """The department's text for a few chapters of the 2025 regional analysis."""
    from paskyros.models import User
    from statistika.services.analysis import save_narrative

    staff = User.objects.get(email="darbuotojas@demo.lt")
    texts = {
        "users": "Registruotų vartotojų toliau **šiek tiek mažėja** – daugiausia kaimo "
                 "filialuose, kur mažėja ir gyventojų. Sutelktis išlieka aukščiausia "
                 "mažiausiose savivaldybėse.",
        "visits": "Apsilankymai atsigavo po 2020–2021 m. nuosmukio, o **virtualūs "
                  "apsilankymai** auga jau penktus metus iš eilės.",
        "loans": "Išduotis mažėja lėčiau nei vartotojų skaičius, todėl skaitomumas "
                 "išlieka stabilus. Rekomenduojame:\n\n- stiprinti vaikų skaitymo "
                 "skatinimo programas;\n- plėsti e. knygų pasiūlą.",
    }
    for section, text in texts.items():
        save_narrative(year=2025, section=section, text=text, by=staff)


def _national_figures() -> None:
    """All-Lithuania figures as staff would copy them from LNB (2022 as DOMAIN.md cites;
    2025 illustrative)."""
    from statistika.models import NationalFigure

    figures = {2022: {"loans_per_user": "16.7", "visits_per_resident": "6.0",
                      "professional_share_pct": "78.0"},
               2025: {"penetration_pct": "33.5", "loans_per_user": "16.2",
                      "visits_per_user": "14.1", "visits_per_resident": "5.8",
                      "professional_share_pct": "79.0"}}
    for year, values in figures.items():
        for code, value in values.items():
            NationalFigure.objects.create(
                indicator=Indicator.objects.get(code=code), year=year, value=Decimal(value),
                source="LNB, 2022 m. statistika" if year == 2022 else "demonstraciniai duomenys")


def _open_demo_campaign(out) -> None:
    """An open reporting year: a few school libraries have submitted, one system has a
    draft, the demo librarian's system has not started."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from paskyros.models import User
    from statistika.models import Submission, SubmissionStatus
    from statistika.scoping import form_units
    from statistika.services.campaign import create_campaign

    today = timezone.localdate()
    year = today.year if today.month >= 11 else today.year - 1
    deadline = timezone.make_aware(datetime.combine(today + timedelta(days=60), time(23, 59)))
    staff = User.objects.get(email="darbuotojas@demo.lt")
    campaign = create_campaign(year=year, kinds=[LibraryKind.SYSTEM, LibraryKind.SCHOOL,
                                                 LibraryKind.COUNTY],
                               deadline=deadline, reminder_days=[7, 3, 1], by=staff)
    rng = random.Random(year)  # noqa: S311
    chosen = list(campaign.submissions.filter(library__kind=LibraryKind.SCHOOL)
                  .exclude(library__code="MB-KRE-001").order_by("library__code")[:8])
    chosen.append(campaign.submissions.get(library__code="SVB-TAU"))
    for submission in chosen:
        units = form_units(submission)
        last = {(v.library_id, v.indicator_id): v.value
                for v in Value.objects.filter(year=year - 1,
                                              library__in=[u.library for u in units])}
        new = []
        for unit in units[: 1 if submission.library.kind == LibraryKind.SYSTEM else None]:
            for indicator in unit.indicators:
                before = last.get((unit.library.pk, indicator.pk))
                if before is None:
                    continue
                amount = before * Decimal(str(round(rng.uniform(0.97, 1.04), 3)))
                if indicator.value_type in {"count", "boolean"}:
                    amount = amount.to_integral_value()
                new.append(ValueWrite(library_id=unit.library.pk, indicator_id=indicator.pk,
                                      year=year, value=amount))
        write_values(new, by=staff, source=Source.FORM)  # the submission becomes a draft
        if submission.library.kind == LibraryKind.SCHOOL:
            Submission.objects.filter(pk=submission.pk).update(
                status=SubmissionStatus.SUBMITTED, submitted_at=timezone.now())
    out.write(f"  campaign {year}: {campaign.submissions.count()} reports, deadline "
              f"{deadline:%Y-%m-%d}")
