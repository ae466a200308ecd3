"""Demo assignments: ``vadovas@demo.lt`` (Vytautas Čėsna, management) gives assignments to
``darbuotojas@demo.lt`` (Rūta Žemaitienė) and ``metodininke@demo.lt`` (Jūratė Šimkienė)
through the services — so numbers, tasks, the log and the history are real — in every
state: acknowledged, in progress with a note, done on time with a file, done late, overdue,
delegated onwards, cancelled, and one to both of them where Rūta has done her part with a
file and Jūratė's is overdue. Dates are relative to today (the services are told the day
each step happened; the log's times are set to those days). No e-mail is sent. Run on a
database that has assignments, or without the demo accounts, it adds nothing."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from paskyros.models import User
from pavedimai import services_assignments, services_tasks
from pavedimai.models import Assignment, Task, TaskUpdate

MANAGER = "vadovas@demo.lt"
STAFF = "darbuotojas@demo.lt"
METHODIST = "metodininke@demo.lt"


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def _pdf(title: str, lines: list[str]) -> bytes:
    from django.utils.html import escape
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return HTML(string=f"<h1 style='font-size:14pt'>{escape(title)}</h1>{body}").write_pdf()


def _docx(title: str, lines: list[str]) -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@contextmanager
def _quiet():
    """No e-mail from the demo's writes."""
    queue = services_assignments.notify
    services_assignments.notify = lambda *args: None
    try:
        yield
    finally:
        services_assignments.notify = queue


def _dated(task: Task, *, given: date, acknowledged: date | None = None,
           done: date | None = None) -> None:
    """The task's times as the demo's story has them."""
    changes = {"created_at": _at(given, 9)}
    if acknowledged:
        changes["acknowledged_at"] = _at(acknowledged, 8)
    if done:
        changes["done_at"] = _at(done, 15)
    Task.objects.filter(pk=task.pk).update(**changes)


def _log_on(task: Task, kind: str, day: date, hour: int = 11) -> None:
    TaskUpdate.objects.filter(task=task, kind=kind).update(created_at=_at(day, hour))


def _give(manager, people, title, text, given, deadline, files=()) -> Assignment:
    assignment = services_assignments.give(by=manager, title=title, text=text, people=people,
                                           deadline=deadline, files=files, today=given)
    for task in assignment.tasks.all():
        _dated(task, given=given)
    return assignment


def _task(assignment: Assignment, person) -> Task:
    return Task.objects.get(assignment=assignment, assignee=person)


def _acknowledge(task: Task, day: date) -> None:
    services_tasks.acknowledge(task=task, by=task.assignee)
    Task.objects.filter(pk=task.pk).update(acknowledged_at=_at(day, 8))
    _log_on(task, "acknowledged", day, 8)


def _report(task: Task, day: date, *, done: bool, text: str = "", file=None) -> None:
    services_tasks.report(task=task, by=task.assignee, done=done, text=text, file=file,
                          today=day)
    kind = "done" if done else "progress"
    _log_on(task, kind, day, 15 if done else 12)
    if done:
        Task.objects.filter(pk=task.pk).update(done_at=_at(day, 15))


def load(out) -> None:
    if Assignment.objects.exists():
        out.write("  assignments: already there, left alone\n")
        return
    accounts = {user.email: user for user in User.objects.filter(
        email__in=(MANAGER, STAFF, METHODIST), is_active=True)}
    if len(accounts) < 3:
        out.write("  assignments: no demo accounts, none loaded\n")
        return
    with _quiet():
        _story(accounts[MANAGER], accounts[STAFF], accounts[METHODIST],
               timezone.localdate())
    out.write(f"  assignments: {Assignment.objects.count()} assignments, "
              f"{Task.objects.count()} tasks\n")


def _story(manager, ruta, jurate, today: date) -> None:
    def day(n: int) -> date:
        return today + timedelta(days=n)

    # given in the order of their days, so the numbers follow them
    digitising = _give(
        manager, [jurate], "Surinkti duomenis apie bibliotekų skaitmeninimo projektus",
        "Iš savivaldybių viešųjų bibliotekų surinkti duomenis apie pastarųjų trejų metų "
        "skaitmeninimo projektus: pavadinimas, finansuotojas, suma, rezultatai.", day(-45),
        day(-30))
    seminars = _give(
        manager, [ruta], "Parengti kvalifikacijos tobulinimo seminarų programą pirmajam "
        "pusmečiui",
        "Parengti regiono bibliotekininkų kvalifikacijos tobulinimo seminarų programą "
        "(temos, lektoriai, datos, vietos) ir pateikti ją vadovybei aptarti.", day(-40),
        day(-20))
    night = _give(
        manager, [jurate], "Organizuoti bendrą regiono bibliotekų renginį Kultūros nakčiai",
        "Suburti darbo grupę ir parengti bendro renginio planą.", day(-30), day(20))
    indicators = _give(
        manager, [ruta, jurate], f"Parengti {today.year} m. bibliotekų veiklos rodiklių "
        "pristatymą direktorių pasitarimui",
        "Parengti pristatymą apie regiono savivaldybių viešųjų bibliotekų veiklos rodiklius: "
        "Rūta – lankytojai ir išduotis, Jūratė – renginiai ir edukacijos.", day(-25),
        day(-2))
    website = _give(
        manager, [ruta], "Atnaujinti skyriaus informaciją bibliotekos interneto svetainėje",
        "Peržiūrėti ir atnaujinti skyriaus puslapį: darbuotojų kontaktus, paslaugas, "
        "metodinės pagalbos tvarką.", day(-20), day(-4))
    visits = _give(
        manager, [jurate], "Suderinti metodinių išvykų į bibliotekas grafiką",
        "Suderinti su savivaldybių viešosiomis bibliotekomis kito pusmečio metodinių "
        "išvykų grafiką.", day(-14), day(7))
    review = _give(
        manager, [ruta], f"Parengti regiono viešųjų bibliotekų {today.year - 1} m. veiklos "
        "apžvalgą",
        "Apžvalga vadovybės pasitarimui: pagrindiniai rodikliai, pokyčiai, išskirtiniai "
        "renginiai ir projektai.", day(-10), day(12))
    ministry = _give(
        manager, [ruta], "Parengti atsakymą Kultūros ministerijai dėl bibliotekų darbo laiko",
        "Apibendrinti regiono bibliotekų darbo laiką savaitgaliais ir parengti atsakymo "
        "projektą.", day(-6), day(9))

    # done late
    task = _task(digitising, jurate)
    _acknowledge(task, day(-44))
    _report(task, day(-26), done=True,
            text="Duomenys surinkti iš visų septynių bibliotekų; Neringos biblioteka atsiuntė "
                 "vėliau, todėl terminas praleistas.")

    # done on time, with a file
    task = _task(seminars, ruta)
    _acknowledge(task, day(-39))
    _report(task, day(-31), done=False,
            text="Su Lietuvos nacionaline Martyno Mažvydo biblioteka suderintos dvi temos.")
    _report(task, day(-22), done=True, text="Programa parengta, pridedu galutinį variantą.",
            file=SimpleUploadedFile("Seminaru-programa.pdf", _pdf(
                "Kvalifikacijos tobulinimo seminarų programa", [
                    "1. Skaitmeninis raštingumas bibliotekoje – vasario mėn., Klaipėda.",
                    "2. Vaikų skaitymo skatinimas – kovo mėn., Kretinga.",
                    "3. Bibliotekų statistika ir jos analizė – balandžio mėn., Šilutė."])))

    # cancelled
    _acknowledge(_task(night, jurate), day(-29))
    services_assignments.cancel(assignment=night, by=manager, today=day(-12),
                                reason="Renginys perkeltas į kitus metus, pavedimas "
                                       "nebeaktualus.")

    # both: Rūta done with a file, Jūratė overdue
    task = _task(indicators, ruta)
    _acknowledge(task, day(-24))
    _report(task, day(-3), done=True, text="Mano dalis: lankytojų ir išduoties rodikliai.",
            file=SimpleUploadedFile("Rodikliai-lankytojai-isduotis.docx", _docx(
                "Lankytojai ir išduotis", [
                    "Lankytojų skaičius regione išaugo 4 %.",
                    "Išduotis vienam gyventojui – 5,8 fiz. vnt."])))
    task = _task(indicators, jurate)
    _acknowledge(task, day(-23))
    _report(task, day(-8), done=False, text="Renginių duomenys surinkti, rengiu skaidres.")

    # overdue
    _acknowledge(_task(website, ruta), day(-18))

    # in progress with a note
    task = _task(visits, jurate)
    _acknowledge(task, day(-13))
    _report(task, day(-3), done=False,
            text="Grafiko projektas išsiųstas Kretingos, Skuodo ir Palangos bibliotekoms, "
                 "laukiama atsakymų.")

    # acknowledged
    _acknowledge(_task(review, ruta), day(-9))

    # delegated onwards
    task = _task(ministry, ruta)
    _acknowledge(task, day(-6))
    services_tasks.delegate(task=task, by=ruta, people=[jurate], deadline=day(6),
                            text="Prašau surinkti bibliotekų darbo laiko duomenis; "
                                 "atsakymą parengsiu aš.", today=day(-5))
    _log_on(task, "delegated", day(-5))
    delegate = _task(ministry, jurate)
    _dated(delegate, given=day(-5))
    _acknowledge(delegate, day(-4))
