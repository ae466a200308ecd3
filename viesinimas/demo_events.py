"""Demo library events: about thirty notable events of the Kretinga, Tauragė, Jurbarkas,
Šilutė and Šilalė libraries this December and next January (Christmas readings,
exhibitions, Advent evenings, the Year's Book election, the 13 January remembrance), the
national Libraries' Week next April, a few of the past weeks recorded afterwards and one
cancelled. About two thirds are on the public page. Each is entered through the services
by the library's own demo account (the department's for libraries without one), so the
history says who entered it.

The dates are fixed to the coming December (the demo's "now" is early December 2026):
``_december()`` is this year's December from July on, else last year's."""

from datetime import date, time

from django.utils import timezone

from bibliotekos.models import Library
from paskyros.models import User
from viesinimas import services_events as services
from viesinimas.models import (
    ActivityEvent,
    ActivityKind,
    Audience,
    Theme,
    may_edit_library_item,
)

THEMES = [  # name, slug, order
    ("Skaitymo skatinimas", "skaitymo-skatinimas", 10),
    ("Parodos", "parodos", 20),
    ("Kraštotyra", "krastotyra", 30),
    ("Literatūra", "literatura", 40),
    ("Skaitmeninis raštingumas", "skaitmeninis-rastingumas", 50),
    ("Bendruomenė", "bendruomene", 60),
    ("Vaikai ir jaunimas", "vaikai-ir-jaunimas", 70),
    ("Senjorai", "senjorai", 80),
]
LIBRARIES_WEEK = "Bibliotekų savaitė"
YEARS_BOOK = "Metų knygos rinkimai"

K, R, M, E, C, Q, F = (ActivityKind.EXHIBITION, ActivityKind.READING, ActivityKind.MEETING,
                       ActivityKind.EDUCATION, ActivityKind.CAMPAIGN, ActivityKind.CONTEST,
                       ActivityKind.FESTIVAL)

# (library code, who enters, title, kind, audience, month offset from December, day,
#  last day (None: one day; (offset, day)), start, end, place, public, themes, campaign,
#  description)
EVENTS = [
    ("SVB-KRE", "bibliotekininkas", "Paroda „Kalėdų eglutės žaisliukai iš senųjų kolekcijų“",
     K, Audience.EVERYONE, 0, 1, (1, 10), None, None, "Pirmo aukšto fojė", True,
     ["Parodos", "Kraštotyra"], "",
     "Stikliniai, popieriniai ir šiaudiniai **XX a. vidurio** eglutės žaisliukai iš "
     "kretingiškių namų. Parodą galima apžiūrėti bibliotekos darbo valandomis."),
    ("SVB-KRE", "bibliotekininkas", "Knygos „Kretingos dvaro istorijos“ pristatymas", R,
     Audience.ADULTS, 0, 10, None, time(17, 30), time(19, 0), "Konferencijų salė", True,
     ["Kraštotyra", "Literatūra"], "",
     "Naujoje knygoje – grafų Tiškevičių laikų dvaro kasdienybė, žiemos sodas ir "
     "pirmoji Lietuvoje hidroelektrinė. Susitikime dalyvaus autorius ir leidėjai."),
    ("SVB-KRE", "bibliotekininkas", "Saugiai internete: kompiuterio pradmenys senjorams", E,
     Audience.SENIORS, 0, 8, None, time(10, 0), time(12, 0), "Skaitmeninių paslaugų erdvė",
     False, ["Skaitmeninis raštingumas", "Senjorai"], "",
     "Kaip atpažinti sukčių laiškus, susikurti stiprų slaptažodį ir saugiai atsiskaityti "
     "internetu. Būtina registracija telefonu arba bibliotekoje."),
    ("SVB-KRE", "bibliotekininkas", "Advento vakaras su muzikos mokyklos mokiniais", M,
     Audience.EVERYONE, 0, 15, None, time(18, 0), time(19, 30), "Konferencijų salė", True,
     ["Bendruomenė"], "", "Advento giesmės, skaitomos žiemos eilės ir arbata visiems."),
    ("SVB-KRE", "bibliotekininkas", "Kalėdinių skaitymų popietė „Kai sninga pasakomis“", R,
     Audience.CHILDREN, 0, 18, None, time(16, 0), time(17, 30), "Vaikų literatūros skyrius",
     True, ["Skaitymo skatinimas", "Vaikai ir jaunimas"], "",
     "Skaitome žiemos pasakas, kuriame atvirukus ir sutinkame netikėtą svečią iš šiaurės."),
    ("SVB-KRE", "bibliotekininkas", "Dokumentų paroda „Sausio 13-oji Kretingos krašte“", K,
     Audience.EVERYONE, 1, 8, (1, 31), None, None, "", True, ["Parodos", "Kraštotyra"], "",
     "Laisvės gynėjų dienai: kraštiečių prisiminimai, nuotraukos ir to meto spauda."),
    ("SVB-KRE", "bibliotekininkas", "Protų mūšis „Metų knygos rinkimai 2026“", Q,
     Audience.YOUTH, 1, 21, None, time(18, 0), time(20, 0), "Jaunimo erdvė", True,
     ["Skaitymo skatinimas", "Vaikai ir jaunimas"], YEARS_BOOK,
     "Komandos iki 5 žmonių. Klausimai apie šių metų nominuotas knygas."),
    ("SVB-KRE", "bibliotekininkas", "Tolerancijos dienos diskusija su gimnazistais", M,
     Audience.YOUTH, -1, 16, None, time(13, 0), time(14, 30), "", False, ["Bendruomenė"], "",
     "Diskusija apie knygas, kurios padeda suprasti kitokį žmogų. Dalyvavo 42 moksleiviai."),
    ("SVB-KRE", "bibliotekininkas", "Bibliotekų savaitė: atvirų durų diena", C,
     Audience.EVERYONE, 4, 23, None, time(10, 0), time(18, 0), "", True,
     ["Bendruomenė", "Skaitymo skatinimas"], LIBRARIES_WEEK,
     "Ekskursijos po saugyklas, senųjų spaudinių rodymas, skaitytojo pažymėjimas per minutę."),
    ("SVB-KRE-F02", "filialas", "Kalėdinių atvirukų dirbtuvės šeimoms", E, Audience.FAMILIES,
     0, 12, None, time(11, 0), time(13, 0), "", True, ["Bendruomenė", "Vaikai ir jaunimas"],
     "", "Medžiagomis pasirūpins biblioteka; atsineškite gerą nuotaiką."),
    ("SVB-KRE-F02", "filialas", "Popietė „Senieji Darbėnų krašto papročiai“", M,
     Audience.SENIORS, 1, 15, None, time(15, 0), time(17, 0), "", False,
     ["Kraštotyra", "Senjorai"], "",
     "Prisimename Trijų karalių, Užgavėnių ir kitus žiemos papročius."),
    ("SVB-KRE-F02", "filialas", "Kino vakaras šeimoms", M, Audience.FAMILIES, 0, 5, None,
     time(18, 0), time(20, 0), "", True, ["Bendruomenė"], "", "Rodysime lietuvišką animaciją."),
    ("SVB-KRE-F02", "filialas", "Knygų Kalėdų senelio akcijos pradžia", C, Audience.EVERYONE,
     0, 1, (0, 2), None, None, "", False, ["Skaitymo skatinimas"], "",
     "Renkame knygas Darbėnų globos namų gyventojams. Per dvi dienas surinktos 68 knygos."),
    ("SVB-KRE-F01", "bibliotekininkas", "Skaitymų maratonas „Skaitau Kalėdoms“", R,
     Audience.CHILDREN, 0, 21, (0, 23), time(12, 0), None, "", True,
     ["Skaitymo skatinimas", "Vaikai ir jaunimas"], "",
     "Tris dienas skaitome garsiai po valandą: kas perskaitys daugiausia puslapių?"),
    ("SVB-KRE-F03", "bibliotekininkas", "Žiemos švenčių rankdarbių paroda", K,
     Audience.EVERYONE, 0, 1, (0, 31), None, None, "", False, ["Parodos", "Bendruomenė"], "",
     "Kartenos bendruomenės narių nerti, siuvinėti ir drožti darbai."),
    ("MB-KRE-001", "mokykla", "Kalėdinė viktorina penktokams", Q, Audience.CHILDREN, 0, 17,
     None, time(12, 0), time(12, 45), "Mokyklos skaitykla", False,
     ["Vaikai ir jaunimas"], "", "Ką žinai apie Kalėdų tradicijas Lietuvoje ir pasaulyje?"),
    ("MB-KRE-001", "mokykla", "Knygų mainų savaitė", C, Audience.YOUTH, 1, 18, (1, 22),
     None, None, "Mokyklos skaitykla", False, ["Skaitymo skatinimas"], "",
     "Atnešk perskaitytą knygą – išsirink kitą."),
    ("SVB-TAU", "direktorius.tau", "Tauragės krašto rašytojų kūrybos vakaras", R,
     Audience.ADULTS, 0, 11, None, time(17, 0), time(19, 0), "", True, ["Literatūra"], "",
     "Skaito ir apie naujas knygas pasakoja Tauragės literatų klubo nariai."),
    ("SVB-TAU", "direktorius.tau", "Paroda „Tauragė senuose atvirukuose“", K,
     Audience.EVERYONE, 0, 2, (1, 20), None, None, "Antrojo aukšto galerija", True,
     ["Parodos", "Kraštotyra"], "",
     "Tarpukario ir sovietmečio atvirukai iš privačių kolekcijų."),
    ("SVB-TAU", "direktorius.tau", "Kamišibai teatras vaikams „Žiemos pasaka“", R,
     Audience.CHILDREN, 0, 19, None, time(11, 0), time(12, 0), "Vaikų skyrius", True,
     ["Skaitymo skatinimas", "Vaikai ir jaunimas"], "", ""),
    ("SVB-TAU", "direktorius.tau", "Skaitmeninių įgūdžių kursai: e. valdžios vartai", E,
     Audience.SENIORS, 1, 27, None, time(10, 0), time(13, 0), "Kompiuterių klasė", False,
     ["Skaitmeninis raštingumas", "Senjorai"], "", "Vietų skaičius ribotas (10)."),
    ("SVB-TAU", "direktorius.tau", "Bibliotekų savaitė Tauragėje: „Susitikime bibliotekoje“",
     C, Audience.EVERYONE, 4, 19, (4, 25), None, None, "", True,
     ["Bendruomenė", "Skaitymo skatinimas"], LIBRARIES_WEEK,
     "Visą savaitę – susitikimai, edukacijos ir knygų mugė centrinėje bibliotekoje ir "
     "filialuose."),
    ("SVB-JUR", "direktorius.jur", "Poezijos ir muzikos vakaras „Žiemos tyla“", M,
     Audience.ADULTS, 0, 16, None, time(18, 0), time(19, 30), "", True, ["Literatūra"], "", ""),
    ("SVB-JUR", "direktorius.jur", "Paroda „Jurbarko krašto tautodailininkų darbai“", K,
     Audience.EVERYONE, 1, 5, (2, 15), None, None, "", True, ["Parodos", "Kraštotyra"], "",
     "Medžio drožiniai, audiniai ir karpiniai."),
    ("SVB-JUR", "direktorius.jur", "Metų knygos rinkimai: diskusija apie suaugusiųjų knygas",
     R, Audience.ADULTS, 1, 28, None, time(17, 30), time(19, 0), "", True, ["Literatūra"],
     YEARS_BOOK, ""),
    ("SVB-JUR", "direktorius.jur", "Bibliotekų savaitė: protų mūšis apie Jurbarko kraštą", Q,
     Audience.YOUTH, 4, 21, None, time(18, 0), time(20, 0), "", True, ["Kraštotyra"],
     LIBRARIES_WEEK, ""),
    ("SVB-SIL", "direktorius.sil", "Mažosios Lietuvos kalendorinių švenčių paroda", K,
     Audience.EVERYONE, 0, 1, (1, 6), None, None, "", True, ["Parodos", "Kraštotyra"], "", ""),
    ("SVB-SIL", "direktorius.sil", "Susitikimas su knygos vertėja: kaip skamba Skandinavija", R,
     Audience.ADULTS, 1, 14, None, time(17, 0), time(18, 30), "", True, ["Literatūra"], "",
     "Apie naujausius skandinavų literatūros vertimus į lietuvių kalbą."),
    ("SVB-SIL", "direktorius.sil", "Kalėdinė popietė vaikams „Eglutė skaito“", F,
     Audience.CHILDREN, 0, 20, None, time(12, 0), time(13, 30), "", True,
     ["Vaikai ir jaunimas"], "", ""),
    ("SVB-SLA", "darbuotojas", "Kalėdinių žaisliukų dirbtuvės", E, Audience.FAMILIES, 0, 13,
     None, time(11, 0), time(13, 0), "", True, ["Bendruomenė"], "", ""),
    ("SVB-SLA", "darbuotojas", "Vakaronė „Žemaitiški pasakojimai“ Kvėdarnoje", M,
     Audience.EVERYONE, 1, 16, None, time(18, 0), time(20, 0), "Kvėdarnos filialas", True,
     ["Kraštotyra", "Bendruomenė"], "", "Pasakoja ir dainuoja Kvėdarnos folkloro ansamblis."),
]
CANCELLED = {"Kino vakaras šeimoms": "Salėje vyksta remonto darbai; vakaras perkeliamas į "
                                     "pavasarį."}


def _december() -> date:
    today = timezone.localdate()
    return date(today.year if today.month >= 7 else today.year - 1, 12, 1)


def _day(december: date, offset: int, day: int) -> date:
    index = december.year * 12 + december.month - 1 + offset
    year, month = divmod(index, 12)
    return date(year, month + 1, day)


def load(out) -> None:
    if ActivityEvent.objects.exists():
        out.write("  events: already there, left alone")
        return
    themes = {}
    for name, slug, order in THEMES:
        themes[name] = (Theme.objects.filter(name=name).first()
                        or Theme.objects.get_or_create(slug=slug, defaults={
                            "name": name, "order": order})[0])
    users = {user.email.split("@")[0]: user for user in User.objects.filter(
        email__endswith="@demo.lt")}
    libraries = {library.code: library for library in Library.objects.filter(
        code__in={row[0] for row in EVENTS})}
    december = _december()
    now = timezone.now()
    entered = public = 0
    for (code, who, title, kind, audience, offset, day, last, start, end, place, shown,
         tags, campaign, description) in EVENTS:
        library = libraries.get(code)
        by = users.get(who) or users.get("darbuotojas")
        if library is None or by is None:
            continue
        if not may_edit_library_item(by, library.pk):
            by = users.get("darbuotojas") or by
        starts_on = _day(december, offset, day)
        event = ActivityEvent(
            library=library, title=title, kind=kind, audience=audience, starts_on=starts_on,
            ends_on=_day(december, *last) if last else None, start_time=start, end_time=end,
            place=place, public=shown, campaign=campaign, description=description)
        event = services.create_event(event, by=by, themes=[themes[t] for t in tags],
                                      record_of_past=True, now=now)
        if title in CANCELLED:
            services.cancel_event(event, by=by, reason=CANCELLED[title])
        entered += 1
        public += shown
    out.write(f"  events: {entered} library events ({public} on the public page), "
              f"{len(THEMES)} themes")
