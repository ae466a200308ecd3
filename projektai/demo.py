"""Demo projects: six funding programmes (LKT with its deadline rules, a municipality's
fund, Erasmus+, Creative Europe, Nordplus, other), ten projects across the pipeline — the
department's (one running with partners, budget, indicators counting the demo trainings
and an overdue change request; one awaiting management's approval; one submitted as a
partner of a Latvian library; an idea; a rejected one; one in its sustainability period)
and the territory libraries' own (Kretinga's, a Kretinga school library's, Skuodas' and
Tauragė's) — and five calls for applications.

Dates are relative to today. Everything goes through ``projektai.services`` as staff,
management and directors would do it; the e-mails those services queue are not sent.
"""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bibliotekos.models import Library, Organisation
from mokymai.models import EventStatus, TrainingEvent
from paskyros.models import Role, User
from projektai import services
from projektai.models import (
    Activity,
    ActivityKind,
    BudgetLine,
    Call,
    CoFinancing,
    DeadlineAnchor,
    DeadlineKind,
    DeadlineRule,
    Deliverable,
    FundingProgramme,
    IndicatorMeasure,
    Project,
    ProjectIndicator,
    ProjectRole,
    ProjectStatus,
    StatusChange,
)


@contextmanager
def _no_emails():
    queue = services._task
    services._task = lambda *args: None
    try:
        yield
    finally:
        services._task = queue


def load(out) -> None:
    if Project.objects.exists():
        out.write("  projects: already there, left alone")
        return
    with _no_emails():
        counts = _load()
    out.write(f"  projects: {counts['programmes']} funding programmes, "
              f"{counts['projects']} projects, {counts['calls']} calls")


def _org(name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def _programmes() -> dict[str, FundingProgramme]:
    lkt = FundingProgramme.objects.create(
        name="Lietuvos kultūros taryba – Bibliotekų veiklos programa", short_name="LKT",
        funder=_org("Lietuvos kultūros taryba"), website="https://www.ltkt.lt",
        note="Taisyklės pagal LKT finansavimo sutarties sąlygas; tikslinti kasmet.")
    DeadlineRule.objects.create(
        programme=lkt, title="Projekto keitimo prašymas", kind=DeadlineKind.CHANGE_REQUEST,
        anchor=DeadlineAnchor.YEARLY, month=12, day=1, remind_days=5, order=10)
    DeadlineRule.objects.create(
        programme=lkt, title="Galutinė veiklos ir finansinė ataskaita",
        kind=DeadlineKind.REPORT, anchor=DeadlineAnchor.END, offset=10, working_days=True,
        latest_month=12, latest_day=31, remind_days=5, order=20)
    municipality = FundingProgramme.objects.create(
        name="Kretingos rajono kultūros rėmimo fondas", short_name="Savivaldybė",
        funder=_org("Kretingos rajono savivaldybės administracija"))
    DeadlineRule.objects.create(
        programme=municipality, title="Lėšų panaudojimo ataskaita", kind=DeadlineKind.REPORT,
        anchor=DeadlineAnchor.END, offset=15, remind_days=5, order=10)
    erasmus = FundingProgramme.objects.create(
        name="Erasmus+ suaugusiųjų švietimas (KA2)", short_name="Erasmus+",
        funder=_org("Švietimo mainų paramos fondas"))
    DeadlineRule.objects.create(
        programme=erasmus, title="Tarpinė ataskaita", kind=DeadlineKind.INTERIM_REPORT,
        anchor=DeadlineAnchor.START, offset=365, remind_days=10, order=10)
    DeadlineRule.objects.create(
        programme=erasmus, title="Galutinė ataskaita", kind=DeadlineKind.REPORT,
        anchor=DeadlineAnchor.END, offset=60, remind_days=10, order=20)
    creative = FundingProgramme.objects.create(
        name="Kūrybiška Europa", short_name="Kūrybiška Europa",
        funder=_org("Kūrybiška Europa – Lietuvos biuras"))
    nordplus = FundingProgramme.objects.create(
        name="Nordplus Adult", short_name="Nordplus",
        funder=_org("Nordplus programos administratorius"))
    DeadlineRule.objects.create(
        programme=nordplus, title="Galutinė ataskaita", kind=DeadlineKind.REPORT,
        anchor=DeadlineAnchor.END, offset=30, remind_days=7, order=10)
    other = FundingProgramme.objects.create(name="Kita", short_name="")
    return {"lkt": lkt, "municipality": municipality, "erasmus": erasmus,
            "creative": creative, "nordplus": nordplus, "other": other}


def _walk(project: Project, steps, by) -> Project:
    """Move the project along ``steps`` [(status, day, user)], dating each change."""
    for status, day, user in steps:
        if status == ProjectStatus.SUBMITTED and services.needs_approval(project):
            services.request_submission(project, by=by)
            project.refresh_from_db()
        project = services.change_status(project, to=status, by=user or by, today=day)
        StatusChange.objects.filter(project=project, to_status=status).update(
            at=timezone.make_aware(datetime.combine(day, time(10, 0))))
    return project


def _load() -> dict:
    today = timezone.localdate()
    year = today.year
    staff = list(User.objects.filter(role=Role.STAFF, is_active=True).order_by("pk"))
    manager = User.objects.filter(role=Role.MANAGEMENT, is_active=True).order_by("pk").first()
    lead, methodist = staff[0], staff[-1]
    director = User.objects.get(email="bibliotekininkas@demo.lt")
    school_librarian = User.objects.get(email="mokykla@demo.lt")
    programmes = _programmes()
    lib = {code: Library.objects.get(code=code)
           for code in ("SVB-KRE", "SVB-SKU", "SVB-TAU", "SVB-PAL", "MB-KRE-001")}

    def new(by, responsible=(), **fields) -> Project:
        return services.create_project(Project(**fields), by=by, responsible=responsible)

    # 1. Running, the department's flagship: partners, budget, indicators, an overdue
    #    change request (1 December has just passed).
    academy = new(lead, [lead, methodist], title="Skaitmeninių kompetencijų akademija "
                  "regiono bibliotekininkams", acronym="SKA", programme=programmes["lkt"],
                  call_name=f"{year} m. bibliotekų veiklos programa",
                  application_number=f"{year}-BIB-0147", contract_number=f"S/BIB-{year}-112",
                  starts_on=date(year, 2, 1), ends_on=date(year, 12, 18),
                  requested_amount=Decimal("21500.00"),
                  summary="Stiprinti regiono viešųjų ir mokyklų bibliotekų darbuotojų "
                          "skaitmenines kompetencijas: mokymai, konsultacijos ir "
                          "praktikos pavyzdžių sklaida.")
    academy.granted_amount = Decimal("18500.00")
    academy.save()
    academy = _walk(academy, [(ProjectStatus.PREPARING, date(year - 1, 10, 2), None),
                              (ProjectStatus.SUBMITTED, date(year - 1, 11, 14), manager),
                              (ProjectStatus.GRANTED, date(year, 1, 20), None),
                              (ProjectStatus.RUNNING, date(year, 2, 1), None)], lead)
    for library, role in ((lib["SVB-KRE"], "Partneris: mokymų vieta ir dalyviai"),
                          (lib["SVB-SKU"], "Partneris: dalyviai")):
        academy.partners.create(library=library, role=role)
    academy.partners.create(organisation=_org("Klaipėdos universitetas"),
                            role="Lektoriai", contribution=Decimal("1200.00"))
    BudgetLine.objects.bulk_create([
        BudgetLine(project=academy, code="1", title="Lektorių honorarai",
                   planned=Decimal("7200.00"), spent=Decimal("6480.00"), order=1),
        BudgetLine(project=academy, code="2", title="Kelionės ir apgyvendinimas",
                   planned=Decimal("3100.00"), spent=Decimal("2875.40"), order=2),
        BudgetLine(project=academy, code="3", title="Mokymų priemonės ir įranga",
                   planned=Decimal("6200.00"), spent=Decimal("6150.00"), order=3),
        BudgetLine(project=academy, code="4", title="Sklaida ir leidiniai",
                   planned=Decimal("2000.00"), spent=Decimal("1180.25"), order=4),
    ])
    CoFinancing.objects.create(project=academy, source_name="Bibliotekos lėšos",
                               amount=Decimal("2150.00"), confirmed=True)
    Activity.objects.bulk_create([
        Activity(project=academy, title="Mokymų programos parengimas",
                 starts_on=date(year, 2, 1), ends_on=date(year, 3, 15),
                 done_on=date(year, 3, 12), order=1),
        Activity(project=academy, title="Mokymų ciklas regiono bibliotekininkams",
                 starts_on=date(year, 3, 16), ends_on=date(year, 11, 30), order=2),
        Activity(project=academy, kind=ActivityKind.MILESTONE,
                 title="Pusė dalyvių baigė mokymus", ends_on=date(year, 6, 30),
                 done_on=date(year, 7, 2), order=3),
        Activity(project=academy, kind=ActivityKind.MILESTONE,
                 title="Baigiamoji konferencija", ends_on=date(year, 12, 10), order=4),
    ])
    Deliverable.objects.create(project=academy, title="Metodinė priemonė „Skaitmeninės "
                               "paslaugos bibliotekoje“", due_on=date(year, 11, 30))
    held = list(TrainingEvent.objects.filter(status__in=(EventStatus.HELD,
                                                         EventStatus.COMPLETED))
                .order_by("starts_on")[:4])
    events = ProjectIndicator.objects.create(
        project=academy, name="Surengti mokymai", unit="vnt.",
        measure=IndicatorMeasure.EVENTS, planned=Decimal("6"), order=1)
    events.events.set(held)
    people = ProjectIndicator.objects.create(
        project=academy, name="Mokymų dalyviai", unit="asm.",
        measure=IndicatorMeasure.PARTICIPANTS, planned=Decimal("90"),
        achieved_manual=Decimal("12"), order=2)
    people.events.set(held)
    ProjectIndicator.objects.create(project=academy, name="Parengtos metodinės priemonės",
                                    unit="vnt.", planned=Decimal("1"), order=3)

    # 2. Preparing, sent to management for approval.
    summer = new(lead, [lead], title="Vasaros skaitymo iššūkis regiono vaikams",
                 acronym="VSI", programme=programmes["lkt"],
                 call_name=f"{year + 1} m. bibliotekų veiklos programa",
                 application_deadline=today + timedelta(days=9),
                 starts_on=date(year + 1, 5, 1), ends_on=date(year + 1, 9, 30),
                 requested_amount=Decimal("9800.00"),
                 summary="Vasaros skaitymo skatinimo akcija visose regiono bibliotekose.")
    summer = _walk(summer, [(ProjectStatus.PREPARING, today - timedelta(days=20), None)], lead)
    for code in ("SVB-KRE", "SVB-PAL", "SVB-TAU"):
        summer.partners.create(library=lib[code], role="Partneris")
    services.request_submission(summer, by=lead)

    # 3. Submitted, as a partner of a Latvian library.
    network = new(methodist, [methodist], title="Pajūrio bibliotekų tinklas: skaitymas be "
                  "sienų", acronym="BALTREAD", programme=programmes["erasmus"],
                  role=ProjectRole.PARTNER,
                  lead_organisation=_org("Liepājas Centrālā zinātniskā bibliotēka"),
                  application_number=f"{year}-1-LV01-KA210-ADU-000123",
                  starts_on=date(year + 1, 3, 1), ends_on=date(year + 2, 2, 28),
                  requested_amount=Decimal("60000.00"))
    network.partners.create(organisation=_org("Gdansko viešoji biblioteka"), role="Partneris")
    network = _walk(network, [(ProjectStatus.PREPARING, date(year, 2, 10), None),
                              (ProjectStatus.SUBMITTED, date(year, 3, 5), manager)], methodist)

    # 4. An idea.
    new(methodist, [methodist], title="Bibliotekos – bendruomenių susitikimų vieta",
        programme=programmes["creative"], summary="Idėja kitų metų kvietimui.")

    # 5. Rejected last year.
    heritage = new(lead, [lead], title="Pajūrio krašto spaudos skaitmeninimas",
                   acronym="PAJŪRIS", programme=programmes["creative"],
                   starts_on=date(year, 1, 1), ends_on=date(year, 12, 31),
                   requested_amount=Decimal("45000.00"))
    _walk(heritage, [(ProjectStatus.PREPARING, date(year - 1, 3, 1), None),
                     (ProjectStatus.SUBMITTED, date(year - 1, 4, 2), manager),
                     (ProjectStatus.REJECTED, date(year - 1, 7, 15), None)], lead)

    # 6. Closed, in its sustainability period.
    seniors = new(lead, [lead], title="Senjorų skaitmeninis raštingumas", acronym="SSR",
                  programme=programmes["nordplus"], starts_on=date(year - 2, 9, 1),
                  ends_on=date(year - 1, 8, 31), requested_amount=Decimal("24000.00"),
                  sustainability_until=date(year + 2, 8, 31))
    seniors.granted_amount, seniors.spent_amount = Decimal("22000.00"), Decimal("21740.10")
    seniors.save()
    seniors.partners.create(library=lib["SVB-SKU"], role="Partneris")
    _walk(seniors, [(ProjectStatus.PREPARING, date(year - 3, 12, 1), None),
                    (ProjectStatus.SUBMITTED, date(year - 2, 2, 1), manager),
                    (ProjectStatus.GRANTED, date(year - 2, 6, 1), None),
                    (ProjectStatus.RUNNING, date(year - 2, 9, 1), None),
                    (ProjectStatus.REPORTING, date(year - 1, 9, 1), None),
                    (ProjectStatus.CLOSED, date(year - 1, 10, 20), None),
                    (ProjectStatus.SUSTAINABILITY, date(year - 1, 10, 21), None)], lead)
    seniors.deadlines.update(done_on=date(year - 1, 9, 28), done_by=lead)

    # 7–10. The territory libraries' own projects.
    camp = new(director, [director], title="Kretingos krašto vaikų vasaros skaitymo stovykla",
               programme=programmes["municipality"], owner_library=lib["SVB-KRE"],
               starts_on=date(year, 6, 1), ends_on=date(year, 12, 20),
               requested_amount=Decimal("3200.00"))
    camp.granted_amount = Decimal("2800.00")
    camp.save()
    camp.partners.create(organisation=_org("Kretingos muziejus"), role="Edukacijos")
    _walk(camp, [(ProjectStatus.PREPARING, date(year, 2, 1), None),
                 (ProjectStatus.SUBMITTED, date(year, 3, 1), None),
                 (ProjectStatus.GRANTED, date(year, 4, 15), None),
                 (ProjectStatus.RUNNING, date(year, 6, 1), None)], director)
    school = services.create_project(Project(
        title="Skaitymo skatinimo savaitė gimnazijoje", programme=programmes["other"],
        owner_library=lib["MB-KRE-001"], starts_on=date(year + 1, 3, 1),
        ends_on=date(year + 1, 3, 31), requested_amount=Decimal("600.00")),
        by=school_librarian, responsible=[school_librarian])
    _walk(school, [(ProjectStatus.PREPARING, today - timedelta(days=30), None)], lead)
    for code, title, amount in (
            ("SVB-SKU", "Skuodo bibliotekos erdvių atnaujinimas jaunimui", "15000.00"),
            ("SVB-TAU", "Tauragės krašto tarmių garsynas", "7400.00")):
        owner = User.objects.filter(memberships__library=lib[code],
                                    memberships__role="director").first() or lead
        other = new(owner, [owner], title=title, programme=programmes["lkt"],
                    owner_library=lib[code], starts_on=date(year, 4, 1),
                    ends_on=date(year + 1, 3, 31), requested_amount=Decimal(amount))
        other.granted_amount = Decimal(amount) * Decimal("0.8")
        other.save()
        _walk(other, [(ProjectStatus.PREPARING, date(year, 1, 10), lead),
                      (ProjectStatus.SUBMITTED, date(year, 1, 30), lead),
                      (ProjectStatus.GRANTED, date(year, 3, 20), lead),
                      (ProjectStatus.RUNNING, date(year, 4, 1), lead)], lead)

    calls = _calls(programmes, lead, today)
    return {"programmes": len(programmes), "projects": Project.objects.count(),
            "calls": calls}


def _calls(programmes, by, today) -> int:
    rows = [
        (f"{today.year + 1} m. bibliotekų veiklos programa", programmes["lkt"],
         today + timedelta(days=9), "Viešosios ir mokyklų bibliotekos",
         "Iki 20 000 € projektui", "https://www.ltkt.lt"),
        ("Erasmus+ mažos apimties partnerystės (KA210)", programmes["erasmus"],
         today + timedelta(days=95), "Bibliotekos kaip suaugusiųjų švietimo organizacijos",
         "30 000 arba 60 000 €", ""),
        ("Nordplus Adult: mobilumo ir partnerystės projektai", programmes["nordplus"],
         today + timedelta(days=60), "Baltijos ir Šiaurės šalių organizacijos", "", ""),
        ("Kretingos rajono kultūros rėmimo fondo kvietimas", programmes["municipality"],
         today + timedelta(days=40), "Kretingos rajono kultūros ir švietimo įstaigos",
         "Iki 3 000 €", ""),
        ("Kūrybiška Europa: bendradarbiavimo projektai", programmes["creative"],
         today - timedelta(days=30), "Kultūros organizacijos", "", ""),
    ]
    for title, programme, deadline, eligible, budget, link in rows:
        Call.objects.create(title=title, programme=programme, funder=programme.funder,
                            deadline=deadline, opens_on=deadline - timedelta(days=60),
                            eligible=eligible, budget=budget, link=link, created_by=by,
                            published=True, published_at=timezone.now(),
                            digest_sent_at=timezone.now())
    return len(rows)
