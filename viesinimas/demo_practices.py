"""Demo good practices: a dozen practices of the demo libraries — the Kretinga system of the
demo director (``bibliotekininkas@demo.lt``), its Darbėnai branch (``filialas@demo.lt``),
the school library (``mokykla@demo.lt``) and the Tauragė, Jurbarkas and Šilutė systems
(their directors), one of Šilalė written by the department — most published, one waiting
for review, one draft; the libraries that took some of them over, with their notes; photos
drawn with Pillow (coloured shapes: books, a lamp, a screen — no people, consent
"no_people"), their thumbnails made. Written through the services (no e-mails sent), then
dated relative to today."""

import contextlib
import io
import random
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bibliotekos.models import Library
from paskyros.models import User
from viesinimas import services_practices as services
from viesinimas.models import Practice, PracticeStatus, Theme

TAGS = [("Vaikai", "vaikai"), ("Jaunimas", "jaunimas"), ("Senjorai", "senjorai"),
        ("Šeimos", "seimos"), ("Skaitymo skatinimas", "skaitymo-skatinimas"),
        ("Skaitmeninis raštingumas", "skaitmeninis-rastingumas"),
        ("Bendruomenė", "bendruomene"), ("Kraštotyra", "krastotyra"),
        ("Neformalusis ugdymas", "neformalusis-ugdymas")]

# (library code, author's e-mail or None for staff, status, days since published, tags,
#  photos, fields)
PRACTICES = [
    ("SVB-KRE", "bibliotekininkas@demo.lt", PracticeStatus.PUBLISHED, 150,
     ["vaikai", "skaitymo-skatinimas"], 2, {
         "title": "Skaitymo iššūkis vasarą",
         "summary": "Vaikai per vasarą perskaito bent penkias knygas, renka lipdukus į "
                    "skaitytojo pasą ir rugsėjį švenčia kartu.",
         "what": "Vasaros skaitymo akcija **7–12 metų vaikams**: kiekvienas dalyvis gauna "
                 "*skaitytojo pasą*, už kiekvieną perskaitytą knygą – lipduką ir trumpą "
                 "pokalbį su bibliotekininke.",
         "audience": "Vaikai nuo 7 iki 12 metų ir jų tėvai",
         "how": "1. Gegužės pabaigoje pristatome akciją mokyklose ir socialiniuose "
                "tinkluose.\n2. Birželį–rugpjūtį vaikai skolinasi knygas iš parengto "
                "rinkinio (apie 200 knygų pagal amžių).\n3. Už kiekvieną knygą – pokalbis ir "
                "lipdukas pase.\n4. Rugsėjo pradžioje – šventė su apdovanojimais.",
         "results": "2025 m. dalyvavo **146 vaikai**, perskaityta 1 012 knygų; vaikų "
                    "išduotis vasarą išaugo 23 %.",
         "costs": "Skaitytojo pasų spauda – apie 120 €, lipdukai ir prizai – apie 300 € "
                  "(rėmėjų lėšos). Dvi bibliotekininkės po kelias valandas per savaitę.",
         "partners": "Kretingos rajono mokyklos, vietos verslininkai (prizai).",
         "contact_name": "Aušra Petrauskienė",
         "contact_email": "bibliotekininkas@demo.lt",
         "contact_phone": "+370 445 12345"}),
    ("SVB-TAU", "direktorius.tau@demo.lt", PracticeStatus.PUBLISHED, 120,
     ["senjorai", "skaitmeninis-rastingumas"], 2, {
         "title": "Senjorų skaitmeninio raštingumo kavinė",
         "summary": "Kartą per savaitę senjorai prie kavos puodelio mokosi naudotis "
                    "išmaniuoju telefonu, e. valdžios vartais ir elektroninėmis knygomis.",
         "what": "Neformalūs susitikimai bibliotekos kavinukėje: ne paskaitos, o pagalba su "
                 "savo telefonu ar planšete. Kiekvieną kartą – viena tema "
                 "(vaistų receptai, e. bankininkystė, vaizdo skambučiai anūkams).",
         "audience": "Senjorai nuo 60 metų",
         "how": "- Trečiadieniais 10–12 val.\n- Temos sąrašas iškabintas iš anksto\n"
                "- Du savanoriai gimnazistai padeda bibliotekininkei\n"
                "- Dalyviai ateina su savo įrenginiais; kelios planšetės – bibliotekos",
         "results": "Per metus – 38 susitikimai, 61 nuolatinis dalyvis; 40 senjorų pirmą "
                    "kartą prisijungė prie e. sveikatos sistemos.",
         "costs": "Kava ir arbata (apie 15 € per mėnesį), savanorių padėkos.",
         "partners": "Tauragės Šaltinio progimnazija (savanoriai), Trečiojo amžiaus "
                     "universitetas.",
         "contact_name": "Ona Balčiūnienė", "contact_email": "direktorius.tau@demo.lt"}),
    ("SVB-KRE-F02", "filialas@demo.lt", PracticeStatus.PUBLISHED, 95,
     ["vaikai", "skaitymo-skatinimas", "seimos"], 1, {
         "title": "Knygų lagaminas darželiams",
         "summary": "Filialas kas mėnesį nuveža į kaimo darželį lagaminą knygų, kurias "
                    "auklėtojos skaito vaikams ir duoda parsinešti namo.",
         "what": "Kilnojamasis knygų rinkinys ikimokyklinukams: 30–40 paveikslėlių knygų, "
                 "žaidimų kortelės ir užduotys šeimoms.",
         "audience": "Ikimokyklinio amžiaus vaikai, jų tėvai ir auklėtojos",
         "how": "Lagaminą sudarome pagal mėnesio temą (metų laikai, gyvūnai, šventės). "
                "Auklėtojos pildo paprastą lapą – kiek kartų knyga skaityta ir išnešta "
                "namo. Po mėnesio lagaminą pasiimame, knygas patikriname ir sudarome "
                "naują.",
         "results": "Darželio vaikų šeimų registracijų filiale padaugėjo nuo 6 iki 19.",
         "costs": "Lagaminas (25 €), kelionės į darželį kartą per mėnesį.",
         "partners": "Darbėnų lopšelis-darželis.",
         "contact_name": "Rasa Čepulienė", "contact_email": "filialas@demo.lt"}),
    ("SVB-SLA", None, PracticeStatus.PUBLISHED, 80,
     ["krastotyra", "bendruomene"], 2, {
         "title": "Kraštotyros vakarai",
         "summary": "Kas mėnesį bendruomenė renkasi bibliotekoje klausytis pasakojimų apie "
                    "savo kraštą, žiūrėti senų nuotraukų ir užrašyti prisiminimų.",
         "what": "Vakarai su kraštotyrininkais, seniūnijų senbuviais ir muziejininkais; "
                 "surinkti prisiminimai ir nuotraukos skaitmeninami ir papildo bibliotekos "
                 "kraštotyros fondą.",
         "audience": "Vietos bendruomenė, ypač vyresni gyventojai ir mokytojai",
         "how": "Temą (kaimas, mokykla, šventė) skelbiame prieš mėnesį ir prašome atsinešti "
                "nuotraukų. Vakaro metu nuotraukas skenuojame vietoje, pasakojimus įrašome "
                "(su sutikimu).",
         "results": "Per sezoną suskaitmeninta 420 nuotraukų, užrašyti 26 pasakojimai.",
         "costs": "Skaitytuvas (bibliotekos), vaišės (apie 20 € vakarui).",
         "partners": "Šilalės krašto muziejus, seniūnijos.",
         "contact_name": "", "contact_email": "info@sla.biblioteka.demo.lt"}),
    ("SVB-JUR", "direktorius.jur@demo.lt", PracticeStatus.PUBLISHED, 60,
     ["jaunimas", "skaitymo-skatinimas"], 1, {
         "title": "Bibliotekų savaitės protmūšis jaunimui",
         "summary": "Per Lietuvos bibliotekų savaitę gimnazistų komandos varžosi "
                    "protmūšyje apie knygas, filmus ir savo kraštą.",
         "what": "Komandinis žaidimas 5–6 žmonių komandoms: šeši turai po 8 klausimus, tarp "
                 "jų – apie naujausias jaunimo knygas iš bibliotekos fondo.",
         "audience": "Gimnazistai (14–19 metų)",
         "how": "Klausimus rengia bibliotekininkės kartu su jaunimo savanoriais; "
                "registracija internetu; renginys vyksta vakare bibliotekos salėje.",
         "results": "12 komandų, 68 dalyviai; po renginio jaunimo skaitytojų registracijų "
                    "padaugėjo 31.",
         "costs": "Prizai – knygos (apie 150 €), užkandžiai.",
         "partners": "Jurbarko jaunimo centras.",
         "contact_name": "Audronė Vasiliauskienė",
         "contact_email": "direktorius.jur@demo.lt"}),
    ("MB-KRE-001", "mokykla@demo.lt", PracticeStatus.PUBLISHED, 45,
     ["vaikai", "seimos", "skaitymo-skatinimas"], 1, {
         "title": "Garsinio skaitymo valandėlės šeimoms",
         "summary": "Penktadienio popietę mokyklos bibliotekoje tėvai ir vaikai skaito "
                    "vieni kitiems.",
         "what": "Šeimų skaitymo popietės pradinukams: trumpas skaitymas, pokalbis, "
                 "piešinys apie perskaitytą knygą.",
         "audience": "Pradinių klasių mokiniai ir jų tėvai",
         "how": "Kartą per mėnesį, po pamokų; kvietimai per el. dienyną; knygas parenka "
                "mokiniai patys iš bibliotekininkės pasiūlyto rinkinio.",
         "results": "Vidutiniškai 14 šeimų; pradinukų išduotis per metus išaugo trečdaliu.",
         "costs": "Beveik jokių: popierius, spalvoti pieštukai.",
         "contact_name": "Živilė Šimkutė", "contact_email": "mokykla@demo.lt"}),
    ("SVB-SIL", "direktorius.sil@demo.lt", PracticeStatus.PUBLISHED, 30,
     ["senjorai", "skaitmeninis-rastingumas", "bendruomene"], 1, {
         "title": "Išmaniųjų telefonų konsultacijos kaimo filialuose",
         "summary": "Centrinės bibliotekos specialistė pagal grafiką lankosi kaimo "
                    "filialuose ir padeda gyventojams su telefonais ir kompiuteriais.",
         "what": "Individualios 20–30 minučių konsultacijos pagal išankstinę registraciją "
                 "telefonu.",
         "audience": "Kaimo gyventojai, daugiausia senjorai",
         "how": "Grafikas skelbiamas seniūnijų skelbimų lentose ir vietos laikraštyje; "
                "filialo vedėja registruoja norinčius; specialistė atvažiuoja su "
                "nešiojamuoju kompiuteriu ir mobiliuoju internetu.",
         "results": "Per pusmetį – 11 filialų, 147 konsultacijos.",
         "costs": "Kelionės išlaidos (apie 60 € per mėnesį).",
         "contact_name": "Audronė Norkienė", "contact_email": "direktorius.sil@demo.lt"}),
    ("SVB-JUR", "direktorius.jur@demo.lt", PracticeStatus.PUBLISHED, 20,
     ["bendruomene", "jaunimas", "seimos"], 1, {
         "title": "Stalo žaidimų vakarai bendruomenei",
         "summary": "Penktadienio vakarais biblioteka virsta žaidimų klubu visoms "
                    "kartoms.",
         "what": "Stalo žaidimų kolekcija (apie 40 žaidimų), kurią galima žaisti vietoje "
                 "arba pasiskolinti namo.",
         "audience": "Šeimos, jaunimas, visi norintys",
         "how": "Žaidimus įsigijome iš projekto lėšų; savanoriai paaiškina taisykles; "
                "kartą per ketvirtį – turnyras.",
         "results": "Vakaruose vidutiniškai 25 žmonės; žaidimai išduoti 310 kartų per metus.",
         "costs": "Žaidimai – apie 900 € (projekto lėšos).",
         "contact_name": "Audronė Vasiliauskienė"}),
    ("SVB-KRE", "bibliotekininkas@demo.lt", PracticeStatus.PUBLISHED, 10,
     ["krastotyra", "vaikai", "neformalusis-ugdymas"], 1, {
         "title": "Knygnešių keliu: edukacinė programa moksleiviams",
         "summary": "Edukacinis užsiėmimas apie spaudos draudimo laikus su tikrais "
                    "knygnešių slėptuvių pavyzdžiais ir užduotimis komandoms.",
         "what": "90 minučių edukacija 5–8 klasių mokiniams: pasakojimas, slaptų žinučių "
                 "užduotys, maldaknygės iš bibliotekos retų spaudinių fondo.",
         "audience": "5–8 klasių mokiniai",
         "how": "Užsiėmimas įtrauktas į Kultūros paso programų sąrašą; mokyklos "
                "registruojasi el. paštu.",
         "results": "Per mokslo metus – 34 užsiėmimai, 760 mokinių.",
         "costs": "Priemonės – apie 80 €; Kultūros paso lėšos padengia laiką.",
         "partners": "Kretingos muziejus.",
         "contact_name": "Aušra Petrauskienė", "contact_email": "bibliotekininkas@demo.lt"}),
    ("SVB-SIL", "direktorius.sil@demo.lt", PracticeStatus.PUBLISHED, 200,
     ["skaitymo-skatinimas", "bendruomene"], 1, {
         "title": "Vasaros skaitykla po atviru dangumi",
         "summary": "Vasarą parke prie bibliotekos veikia skaitykla su gultais, "
                    "spauda ir knygų mainų lentyna.",
         "what": "Lauko skaitykla birželio–rugpjūčio mėnesiais, darbo dienomis 11–17 val.",
         "audience": "Miesto gyventojai ir svečiai",
         "how": "Gultai ir skėčiai – savivaldybės; kasdien išnešame naujausią spaudą ir "
                "knygų rinkinį; savaitgaliais – garsiniai skaitymai vaikams.",
         "results": "Per vasarą – apie 3 000 apsilankymų, 180 knygų pasikeista mainų "
                    "lentynoje.",
         "costs": "Inventorius – savivaldybės; lentyna – 120 €."}),
    ("SVB-TAU", "direktorius.tau@demo.lt", PracticeStatus.REVIEW, None,
     ["senjorai", "bendruomene"], 0, {
         "title": "Biblioterapijos pokalbiai",
         "summary": "Mažos grupės kartą per dvi savaites aptaria trumpus tekstus, "
                    "padedančius kalbėtis apie netektį, vienatvę ir viltį.",
         "what": "Pokalbių grupė iki 10 žmonių, vedama bibliotekininkės, baigusios "
                 "biblioterapijos kursus.",
         "audience": "Suaugusieji, ypač vyresnio amžiaus vieniši žmonės",
         "how": "Tekstus parenkame iš anksto; susitikimai trunka pusantros valandos; "
                "dalyvavimas nemokamas, registracija telefonu.",
         "results": "Pirmajame sezone – 9 susitikimai, 12 nuolatinių dalyvių.",
         "contact_name": "Ona Balčiūnienė"}),
    ("SVB-KRE-F02", "filialas@demo.lt", PracticeStatus.DRAFT, None,
     ["vaikai", "neformalusis-ugdymas"], 0, {
         "title": "Robotikos būrelis bibliotekoje",
         "summary": "Filiale veikia robotikos būrelis kaimo vaikams.",
         "what": "Užsiėmimai su mokomaisiais robotais ir planšetėmis.",
         "audience": "Vaikai nuo 8 metų",
         "how": "Aprašymą dar pildome.",
         "contact_name": "Rasa Čepulienė"}),
]

# (practice title, library code, days ago, note)
ADOPTIONS = [
    ("Skaitymo iššūkis vasarą", "SVB-TAU", 100,
     "Pritaikėme ir paaugliams: jiems – atskiras pasas ir susitikimas su rašytoju."),
    ("Skaitymo iššūkis vasarą", "SVB-JUR", 90,
     "Lipdukus pakeitėme QR kodais – vaikams patiko skenuoti."),
    ("Skaitymo iššūkis vasarą", "MB-KRE-001", 70, ""),
    ("Senjorų skaitmeninio raštingumo kavinė", "SVB-SIL", 60,
     "Susitikimai vyksta filialuose, savanoriai – vietos mokyklų mokiniai."),
    ("Senjorų skaitmeninio raštingumo kavinė", "SVB-KRE", 40, "Vyksta antradieniais."),
    ("Knygų lagaminas darželiams", "SVB-SLA", 30,
     "Du lagaminai keliauja tarp keturių darželių."),
    ("Kraštotyros vakarai", "SVB-KRE-F02", 25,
     "Darbėnuose vakarus rengiame kartu su seniūnija."),
    ("Bibliotekų savaitės protmūšis jaunimui", "SVB-TAU", 15, ""),
]

PALETTES = [((244, 208, 63), (52, 101, 164)), ((120, 180, 120), (140, 70, 40)),
            ((90, 150, 200), (240, 240, 230)), ((220, 120, 90), (60, 60, 80)),
            ((170, 140, 200), (250, 220, 120))]


def drawing(seed: int) -> bytes:
    """A simple coloured picture (a shelf of books, a lamp, a screen): no people."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    background, accent = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (1200, 900), background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 600, 1120, 640), fill=accent)              # a shelf
    x = 110
    while x < 1080:
        width = rng.randint(35, 70)
        height = rng.randint(180, 320)
        colour = tuple(rng.randint(40, 230) for _ in range(3))
        draw.rectangle((x, 600 - height, x + width, 600), fill=colour, outline=(30, 30, 30))
        x += width + rng.randint(2, 10)
    if seed % 2:
        draw.ellipse((900, 90, 1060, 250), fill=(255, 240, 180))    # a lamp
        draw.polygon([(930, 250), (1030, 250), (1000, 330), (960, 330)], fill=accent)
    else:
        draw.rectangle((120, 100, 520, 360), fill=(40, 40, 50))      # a screen
        draw.rectangle((140, 120, 500, 340), fill=(120, 190, 230))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@contextlib.contextmanager
def _no_emails():
    queue = services._task
    services._task = lambda *args: None
    try:
        yield
    finally:
        services._task = queue


def _tags() -> dict[str, Theme]:
    tags = {}
    for order, (name, slug) in enumerate(TAGS, start=1):
        found = Theme.objects.filter(slug=slug).first() or Theme.objects.filter(
            name=name).first()
        tags[slug] = found or Theme.objects.create(name=name, slug=slug, order=order * 10)
    return tags


def load(out) -> None:
    if Practice.objects.exists():
        out.write("  practices: already there, left alone")
        return
    staff = User.objects.filter(email="darbuotojas@demo.lt").first()
    libraries = {library.code: library for library in Library.objects.filter(
        code__in={code for code, *_rest in PRACTICES} | {row[1] for row in ADOPTIONS})}
    if staff is None or not libraries:
        out.write("  practices: no demo territory, none loaded")
        return
    with _no_emails():
        counts = _load(staff, libraries)
    out.write(f"  practices: {counts['practices']} good practices "
              f"({counts['published']} published), {counts['photos']} photos, "
              f"{counts['adoptions']} taken over by other libraries")


def _load(staff, libraries) -> dict:
    tags = _tags()
    users = {user.email: user for user in User.objects.filter(
        email__in={row[1] for row in PRACTICES if row[1]})}
    now = timezone.now()
    counts = {"practices": 0, "published": 0, "photos": 0, "adoptions": 0}
    made = {}
    for number, (code, email, status, days, slugs, photos, fields) in enumerate(PRACTICES):
        library = libraries.get(code)
        author = users.get(email, staff) if email else staff
        if library is None:
            continue
        practice = services.create_practice(Practice(library=library, **fields),
                                            themes=[tags[slug] for slug in slugs], by=author)
        for index in range(photos):
            photo = services.add_photo(
                practice, upload=SimpleUploadedFile(f"nuotrauka-{index + 1}.jpg",
                                                    drawing(number * 3 + index),
                                                    content_type="image/jpeg"),
                consent="no_people", caption=_caption(fields["title"], index), by=author)
            services.store_thumbnail(photo.pk)
            counts["photos"] += 1
        if status in (PracticeStatus.REVIEW, PracticeStatus.PUBLISHED):
            practice = services.submit_practice(practice, by=author)
        if status == PracticeStatus.PUBLISHED:
            practice = services.publish_practice(practice, by=staff)
            published = now - timedelta(days=days)
            Practice.objects.filter(pk=practice.pk).update(
                published_at=published, submitted_at=published - timedelta(days=3),
                created_at=published - timedelta(days=10))
            counts["published"] += 1
        made[practice.title] = practice
        counts["practices"] += 1
    for title, code, days, note in ADOPTIONS:
        practice, library = made.get(title), libraries.get(code)
        if practice is None or library is None or practice.status != PracticeStatus.PUBLISHED:
            continue
        speaker = (User.objects.filter(memberships__library=library, is_active=True)
                   .order_by("pk").first() or staff)
        services.adopt(practice, library=library, note=note, by=speaker,
                       adopted_on=timezone.localdate() - timedelta(days=days))
        counts["adoptions"] += 1
    return counts


def _caption(title: str, index: int) -> str:
    return ["Knygų rinkinys", "Pasiruošimas užsiėmimui"][index % 2] + f" – {title.lower()}"
