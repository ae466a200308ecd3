"""Demo consultations: two years of the department's advice to the territory libraries
(about 300 records by phone, e-mail, on site…, some about a demo project or training, a few
follow-ups still open and one overdue), questions librarians asked through the portal (new,
assigned, answered), methodological field visits (reported with agreed actions, planned,
one cancelled) and a knowledge base of reusable answers (published, one in review, one
draft).

Dates are relative to today. Everything goes through ``konsultacijos.services`` as staff
and librarians would do it; the e-mails those services queue are not sent. A fixed random
seed keeps the data the same on every machine."""

import random
from contextlib import contextmanager
from datetime import timedelta

from django.utils import timezone

from bibliotekos.models import Library, LibraryKind, Person
from konsultacijos import services
from konsultacijos.models import (
    Channel,
    Consultation,
    EntryStatus,
    FieldVisit,
    KnowledgeEntry,
    Question,
    Topic,
    VisitAction,
)
from mokymai.models import TrainingEvent
from paskyros.models import User
from projektai.models import Project

TOPICS = ["Statistika", "Projektai", "Metodinė veikla", "Dokumentų fondai", "Paslaugos",
          "Informacinės technologijos", "Vadyba", "Kita"]

# (topic, question, answer) — what territory librarians really ask the department.
ADVICE = [
    ("Statistika", "Kaip statistinėje ataskaitoje apskaityti nuotolinius renginius?",
     "Nuotoliniai renginiai įrašomi į renginių skaičių, o jų dalyviai – į nuotolinių "
     "dalyvių eilutę; peržiūros socialiniuose tinkluose dalyviais nelaikomos."),
    ("Statistika", "Ar apsilankymai bibliotekos svetainėje įskaičiuojami į lankytojų skaičių?",
     "Ne. Virtualūs apsilankymai rodomi atskirame rodiklyje, fiziniai lankytojai – "
     "apsilankymų eilutėje."),
    ("Statistika", "Filialas buvo uždarytas remontui tris mėnesius. Kaip tai parodyti?",
     "Darbo dienų skaičių sumažinkite, o komentare nurodykite remonto laikotarpį – tada "
     "sumažėję rodikliai nebus žymimi kaip klaida."),
    ("Projektai", "Kaip parengti Lietuvos kultūros tarybos projekto biudžetą?",
     "Išlaidas skirstykite pagal tarybos nustatytas kategorijas, nurodykite kiekvienos "
     "eilutės skaičiavimą ir nuosavą indėlį; netinkamų išlaidų sąrašas pateiktas "
     "programos nuostatuose."),
    ("Projektai", "Iki kada reikia pateikti projekto keitimo prašymą?",
     "Keitimo prašymą LKT reikia pateikti iki einamųjų metų gruodžio 1 d.; vėliau "
     "pateikti prašymai nesvarstomi."),
    ("Projektai", "Ar galima projekto lėšomis apmokėti savanorių kelionės išlaidas?",
     "Taip, jei tai numatyta projekto biudžete ir išlaidos pagrįstos dokumentais."),
    ("Metodinė veikla", "Kaip parengti bibliotekos metų veiklos planą?",
     "Planą siekite su savivaldybės strateginiu planu: tikslai, uždaviniai, priemonės ir "
     "jų rodikliai; pavyzdį rasite metodinėje medžiagoje."),
    ("Metodinė veikla", "Kaip organizuoti skaitymo skatinimo akciją vaikams?",
     "Rekomenduojame susieti akciją su mokyklos bendruomene, numatyti tikslinę grupę ir "
     "pasirinkti aiškius sėkmės rodiklius."),
    ("Dokumentų fondai", "Kaip nurašyti susidėvėjusius dokumentus?",
     "Sudarykite nurašymo aktą pagal Bibliotekų fondo apsaugos nuostatus, nurodykite "
     "priežastį ir dokumentų sąrašą; aktą tvirtina bibliotekos direktorius."),
    ("Dokumentų fondai", "Kaip dažnai reikia tikrinti filialų fondus?",
     "Fondai tikrinami ne rečiau kaip kas penkerius metus, o pasikeitus atsakingam "
     "darbuotojui – perduodant fondą."),
    ("Paslaugos", "Kaip pradėti teikti knygų pristatymo į namus paslaugą?",
     "Numatykite tvarką ir gavėjų sąrašą, suderinkite su socialiniais darbuotojais ir "
     "paskelbkite apie paslaugą seniūnijoje."),
    ("Paslaugos", "Ar galima skolinti stalo žaidimus?",
     "Taip: juos įtraukite į fondą kaip kitus dokumentus ir nustatykite skolinimo "
     "terminus."),
    ("Informacinės technologijos", "Neveikia LIBIS skaitytojų registracija filiale.",
     "Patikrinkite darbuotojo teises LIBIS sistemoje; jei klaida kartojasi, kreipkitės į "
     "LIBIS pagalbos tarnybą nurodę klaidos pranešimą."),
    ("Informacinės technologijos", "Kaip saugiai ištrinti duomenis iš nurašomų kompiuterių?",
     "Naudokite disko valymo programą su daugkartiniu perrašymu arba fiziškai sunaikinkite "
     "diską; tai fiksuokite nurašymo akte."),
    ("Vadyba", "Kaip parengti darbuotojų pareigybių aprašymus?",
     "Aprašymuose nurodykite funkcijas, kvalifikacinius reikalavimus ir pavaldumą; "
     "remkitės Bibliotekų įstatymu ir savivaldybės tvarka."),
    ("Kita", "Kur rasti bibliotekų darbuotojų kvalifikacijos tobulinimo renginių planą?",
     "Planas skelbiamas portale, skiltyje „Mokymai“; ten galite ir registruotis."),
]

QUESTIONS = [
    ("bibliotekininkas@demo.lt", "SVB-KRE", "Statistika", "Renginių dalyvių apskaita",
     "Ar renginio, vykusio lauke prie bibliotekos, dalyvius įrašyti į ataskaitą?",
     "Taip, jei renginį organizavo biblioteka – vieta nesvarbi. Dalyvius skaičiuokite "
     "pagal registraciją arba apytiksliai."),
    ("filialas@demo.lt", None, "Dokumentų fondai", "Dovanotų knygų įtraukimas",
     "Gavome 40 dovanotų knygų iš gyventojų. Kaip jas įtraukti į fondą?",
     "Sudarykite dovanojimo aktą, knygas įtraukite į apskaitą kaip gautas dovanų; "
     "netinkamas fondui galite perduoti mainų fondui."),
    ("mokykla@demo.lt", None, "Paslaugos", "Skaitmeninės paslaugos mokiniams",
     "Kokias skaitmenines paslaugas mokyklos biblioteka galėtų pasiūlyti mokiniams?", ""),
    ("bibliotekininkas@demo.lt", "SVB-KRE", "Projektai", "Partnerystės sutartis",
     "Ar partnerystės sutartį su Latvijos biblioteka reikia versti į lietuvių kalbą?", ""),
    ("filialas@demo.lt", None, "Informacinės technologijos", "Kompiuterių atnaujinimas",
     "Filialo kompiuteriams jau 9 metai. Ar yra programa, pagal kurią galėtume gauti "
     "naujus?", ""),
]

VISITS = [
    # (library code, days from today, purpose, reported, actions)
    ("SVB-KRE-F02", -120, "Filialo veiklos ir fondo būklės vertinimas", True, [
        ("Atnaujinti vaikų literatūros fondą", 60, True),
        ("Parengti renginių planą vasarai", 90, True)]),
    ("SVB-SKU", -75, "Metodinė pagalba rengiant metų veiklos planą", True, [
        ("Suderinti plano rodiklius su savivaldybės strateginiu planu", 30, True),
        ("Pateikti planą skyriui peržiūrėti", 45, False)]),
    ("SVB-TAU-F03", -40, "Skaitmeninių paslaugų diegimo patikra", True, [
        ("Įrengti viešąją interneto prieigą vaikų skyriuje", 20, False),
        ("Apmokyti darbuotojus naudotis el. knygų platforma", 60, False)]),
    ("MB-KRE-001", -20, "Mokyklos bibliotekos skaitymo skatinimo veikla", True, [
        ("Suorganizuoti skaitymo iššūkį 5–8 klasėms", 45, False)]),
    ("SVB-JUR", -8, "Bendradarbiavimas su bendruomene ir projektinė veikla", True, [
        ("Parengti paraišką LKT programai", 50, False)]),
    ("SVB-SIL-F04", 10, "Filialo patalpų pritaikymas žmonėms su negalia", False, []),
    ("SVB-KRE", 24, "Metinės statistikos rengimo konsultacija vietoje", False, []),
    ("SVB-SKU-F05", -30, "Fondo patikros stebėsena", None, []),
]

ENTRIES = [
    ("Statistika", "Kaip ataskaitoje apskaityti nuotolinius renginius?",
     "Nuotoliniai renginiai įrašomi į bendrą renginių skaičių, o jų dalyviai – į "
     "nuotolinių dalyvių eilutę. Įrašo peržiūros socialiniuose tinkluose dalyviais "
     "nelaikomos.", EntryStatus.PUBLISHED),
    ("Statistika", "Filialas kelis mėnesius nedirbo dėl remonto. Kaip tai parodyti "
     "ataskaitoje?",
     "Sumažinkite darbo dienų skaičių ir komentare nurodykite remonto laikotarpį: tada "
     "sumažėję rodikliai nebus žymimi kaip galima klaida.", EntryStatus.PUBLISHED),
    ("Projektai", "Iki kada teikti projekto keitimo prašymą Lietuvos kultūros tarybai?",
     "Keitimo prašymas teikiamas iki einamųjų metų gruodžio 1 d. Vėliau pateikti "
     "prašymai nesvarstomi.", EntryStatus.PUBLISHED),
    ("Dokumentų fondai", "Kaip nurašyti susidėvėjusius dokumentus?",
     "Sudarykite nurašymo aktą, nurodykite priežastį ir dokumentų sąrašą. Aktą tvirtina "
     "bibliotekos direktorius.", EntryStatus.PUBLISHED),
    ("Dokumentų fondai", "Kaip į fondą įtraukti gyventojų dovanotas knygas?",
     "Sudarykite dovanojimo aktą ir įtraukite knygas į apskaitą kaip gautas dovanų. "
     "Fondui netinkamas knygas galima perduoti mainų fondui.", EntryStatus.PUBLISHED),
    ("Paslaugos", "Ar biblioteka gali skolinti stalo žaidimus?",
     "Gali: žaidimai įtraukiami į fondą kaip kiti dokumentai, jiems nustatomi skolinimo "
     "terminai.", EntryStatus.PUBLISHED),
    ("Informacinės technologijos", "Kaip saugiai ištrinti duomenis iš nurašomo kompiuterio?",
     "Naudokite disko valymo programą su daugkartiniu perrašymu arba fiziškai sunaikinkite "
     "diską ir tai pažymėkite nurašymo akte.", EntryStatus.REVIEW),
    ("Vadyba", "Ką turi apimti darbuotojo pareigybės aprašymas?",
     "Funkcijas, kvalifikacinius reikalavimus ir pavaldumą.", EntryStatus.DRAFT),
]


@contextmanager
def _no_emails():
    queue = services._task
    services._task = lambda *args: None
    try:
        yield
    finally:
        services._task = queue


def load(out) -> None:
    if Consultation.objects.exists():
        out.write("  consultations: already there, left alone")
        return
    with _no_emails():
        counts = _load(random.Random(19))
    out.write(f"  consultations: {counts['consultations']} consultations, "
              f"{counts['questions']} questions, {counts['visits']} field visits, "
              f"{counts['entries']} knowledge-base entries")


def _load(rng) -> dict:
    staff = [User.objects.get(email="darbuotojas@demo.lt"),
             User.objects.get(email="metodininke@demo.lt")]
    manager = User.objects.get(email="vadovas@demo.lt")
    # A transactional test's flush empties what the data migration installed: add again.
    for order, name in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"order": order * 10})
    topics = {topic.name: topic for topic in Topic.objects.all()}
    libraries = list(Library.objects.filter(closed__isnull=True)
                     .exclude(kind__in=[LibraryKind.COUNTY, LibraryKind.SERVICE_POINT]))
    people = {}
    for person in Person.objects.filter(library__isnull=False).only("pk", "library_id"):
        people.setdefault(person.library_id, []).append(person)
    projects = list(Project.objects.all()[:6])
    events = list(TrainingEvent.objects.all()[:6])
    today = timezone.localdate()
    channels = [Channel.PHONE] * 5 + [Channel.EMAIL] * 4 + [Channel.ON_SITE, Channel.ONLINE,
                                                            Channel.AT_DEPARTMENT]
    consultations = 0
    for _number in range(300):
        topic_name, question, answer = rng.choice(ADVICE)
        library = rng.choice(libraries)
        person = rng.choice(people[library.pk]) if people.get(library.pk) and \
            rng.random() < 0.6 else None
        record = Consultation(
            held_on=today - timedelta(days=rng.randint(0, 700)), library=library,
            person=person, person_name="" if person else rng.choice(
                ["Direktorė", "Vyr. bibliotekininkė", "Filialo bibliotekininkė", ""]),
            channel=rng.choice(channels), topic=topics[topic_name], question=question,
            answer=answer, minutes=rng.choice([5, 10, 15, 15, 20, 30, 30, 45, 60, 90]),
            staff_member=rng.choice(staff))
        if topic_name == "Projektai" and projects and rng.random() < 0.5:
            record.project = rng.choice(projects)
        if topic_name in ("Kita", "Metodinė veikla") and events and rng.random() < 0.4:
            record.event = rng.choice(events)
        services.log_consultation(record, by=record.staff_member)
        consultations += 1
    # Follow-ups: two open (one overdue), one done.
    recent = list(Consultation.objects.filter(held_on__gte=today - timedelta(days=20))[:3])
    for record, due, done in zip(recent, (-3, 5, -1), (False, False, True), strict=False):
        record.follow_up = "Atsiųsti pavyzdinę formą el. paštu"
        record.follow_up_due = today + timedelta(days=due)
        record = services.update_consultation(record, by=record.staff_member,
                                              seen_version=record.version)
        if done:
            services.complete_follow_up(record, by=record.staff_member)

    questions = 0
    for email, code, topic_name, subject, text, answer in QUESTIONS:
        asker = User.objects.get(email=email)
        library = (Library.objects.get(code=code) if code
                   else asker.memberships.first().library)
        question = services.ask_question(Question(library=library, subject=subject,
                                                  text=text, topic=topics[topic_name]),
                                         by=asker)
        questions += 1
        if answer:
            services.answer_question(question, by=staff[questions % 2], answer=answer,
                                     minutes=20)
        elif questions == 4:
            services.assign_question(question, to=staff[1], by=staff[0])

    visits = 0
    for code, days, purpose, reported, actions in VISITS:
        visit = services.plan_visit(
            FieldVisit(library=Library.objects.get(code=code),
                       visit_on=today + timedelta(days=days), purpose=purpose),
            participants=staff if visits % 2 == 0 else staff[:1], by=staff[0])
        visits += 1
        if reported is None:
            services.cancel_visit(visit, by=staff[0],
                                  reason="Biblioteka uždaryta dėl karantino")
            continue
        if not reported:
            continue
        visit.met_with = "Direktorė, filialo bibliotekininkė"
        visit.findings = ("Biblioteka aktyviai dirba su bendruomene, renginių apskaita "
                          "tvarkinga. Vaikų literatūros fondas pasenęs, trūksta "
                          "naujų leidinių.")
        visit.recommendations = ("Atnaujinti vaikų literatūros fondą, daugiau renginių "
                                 "skirti paaugliams, skelbti renginius portale.")
        visit = services.report_visit(visit, by=staff[0], seen_version=visit.version)
        for text, due_in, done in actions:
            action = services.add_action(VisitAction(
                visit=visit, text=text, responsible="Bibliotekos direktorė",
                due_on=visit.visit_on + timedelta(days=due_in)), by=staff[0])
            if done:
                services.complete_action(action, by=staff[0],
                                         done_on=min(today, action.due_on))

    entries = 0
    for topic_name, question, answer, status in ENTRIES:
        entry = services.draft_entry(KnowledgeEntry(topic=topics[topic_name],
                                                    question=question, answer=answer),
                                     by=staff[entries % 2])
        entries += 1
        if status in (EntryStatus.REVIEW, EntryStatus.PUBLISHED):
            entry = services.submit_entry(entry, by=entry.created_by)
        if status == EntryStatus.PUBLISHED:
            services.publish_entry(entry, by=manager)
    return {"consultations": consultations, "questions": questions, "visits": visits,
            "entries": entries}
