"""A demo territory: Klaipėda and Tauragė counties, served by the Klaipėda county library.

Municipalities, the municipal libraries' names (as each library writes its name on its own
site) and place names are real, and so are the populations as far as they are published
(see ``POPULATION``); library codes, contacts, schools' details and people are synthetic
(the domain demo.lt is reserved for the demo). About 190 public library outlets (19 city
and about 145 rural branches, 9 service points, as the counties' published network of 2022)
and over 100 school libraries. The network changes the way the region's did: a branch of Kretinga
and one of Šilutė closed at the end of 2021, Jurbarkas closes a rural branch every other
year, Skuodas opened its service points in 2021.
"""

import zlib
from datetime import date

from bibliotekos.models import (
    County,
    Education,
    Library,
    LibraryKind,
    Membership,
    Municipality,
    MunicipalityPopulation,
    Organisation,
    OrganisationKind,
    Person,
    Position,
)
from paskyros.management.commands.demo_data import DEMO_PASSWORD
from paskyros.models import Role, User

COUNTIES = [("KLA", "Klaipėdos apskritis"), ("TAU", "Tauragės apskritis")]

# code, name, county, system (the library's own name), seat (genitive), city branches,
# rural branches, service points, number of schools. Names verified on the libraries' sites:
# biblioteka.lt (Klaipėdos m.), gargzdaivb.lt, lsvba.lt (Kretinga, Palanga, Neringa),
# svb.lt (Skuodas), neringosvb.lt, silutevb.lt, tauragevb.lt, jurbarko-rvb.lt,
# pagegiusvb.lt, silalesbiblioteka.lt. Kretinga's and Šilutė's are the short forms the
# libraries use in running text (their full names start "… rajono savivaldybės").
MUNICIPALITIES = [
    ("KLM", "Klaipėdos miesto savivaldybė", "KLA",
     "Klaipėdos miesto savivaldybės Imanuelio Kanto viešoji biblioteka", "Klaipėdos",
     # the branches as the library lists them (biblioteka.lt, "Darbo laikas")
     ["Pempininkų", "Miško", "Girulių", "Vingio", "Debreceno", "Melnragės", "Laukininkų",
      "Kalnupės", "Šiaulių"], [], [], 30),
    ("KLR", "Klaipėdos rajono savivaldybė", "KLA",
     "Klaipėdos rajono savivaldybės Jono Lankučio viešoji biblioteka", "Gargždų",
     ["Priekulės"],
     ["Agluonėnų", "Dauparų", "Dovilų", "Drevernos", "Endriejavo", "Judrėnų", "Jakų",
      "Kretingalės", "Lapių", "Plikių", "Slengių", "Sendvario", "Toleikių", "Veiviržėnų",
      "Vėžaičių", "Venckų", "Kisinių", "Dituvos", "Šilo"],
     ["Ketvergių", "Gropiškių", "Radailių", "Ramučių", "Jurginų", "Kvietinių"], 12),
    ("KRE", "Kretingos rajono savivaldybė", "KLA",
     "Kretingos Motiejaus Valančiaus viešoji biblioteka", "Kretingos",
     # rural branches as kretingosenciklopedija.lt lists the library's (2020)
     ["Salantų"],
     ["Darbėnų", "Kartenos", "Kūlupėnų", "Kurmaičių", "Laukžemės", "Baublių",
      "Grūšlaukės", "Jokūbavo", "Juodupėnų", "Kalniškių", "Budrių", "Raguviškių",
      "Kumpikų", "Vydmantų", "Erlėnų", "Laivių"],
     ["Šukės", "Abakų", "Genčų", "Auksūdžio", "Pryšmančių", "Kluonalių"], 10),
    ("PAL", "Palangos miesto savivaldybė", "KLA",
     "Palangos miesto savivaldybės viešoji biblioteka", "Palangos",
     ["Šventosios", "Būtingės", "Vanagupės"], [], [], 4),
    ("SKU", "Skuodo rajono savivaldybė", "KLA",
     "Skuodo rajono savivaldybės Romualdo Granausko viešoji biblioteka", "Skuodo",
     [], ["Ylakių", "Mosėdžio", "Lenkimų", "Barstyčių", "Aleksandrijos", "Notėnų", "Šačių",
          "Rukuižių", "Daukšaičių", "Kalvių", "Puodkalių"],
     ["Ignalinos", "Gėsalų", "Luknių", "Plaušinių"], 5),
    ("NER", "Neringos savivaldybė", "KLA",
     "Neringos savivaldybės Viktoro Miliūno viešoji biblioteka", "Nidos",
     ["Juodkrantės", "Preilos"], [], [], 1),
    ("SIL", "Šilutės rajono savivaldybė", "KLA",
     "Šilutės Fridricho Bajoraičio viešoji biblioteka", "Šilutės",
     [], ["Rusnės", "Kintų", "Žemaičių Naumiesčio", "Juknaičių", "Švėkšnos", "Usėnų",
          "Vainuto", "Saugų", "Gardamo", "Katyčių", "Degučių", "Vilkyčių", "Pašyšių",
          "Traksėdžio", "Macikų", "Grabupių", "Laukstėnų", "Stemplių", "Šyšgirių"],
     ["Armalėnų", "Inkaklių", "Žibų", "Ramučių", "Bikavėnų", "Kuršių", "Rupkalvių"], 11),
    ("TAU", "Tauragės rajono savivaldybė", "TAU",
     "Tauragės Birutės Baltrušaitytės viešoji biblioteka", "Tauragės",
     ["Skaudvilės"],
     ["Batakių", "Lauksargių", "Mažonų", "Žygaičių", "Gaurės", "Pagramančio", "Adakavo",
      "Kunigiškių", "Lomių", "Dacijonų", "Eičių", "Baltrušaičių", "Taurų", "Sartininkų",
      "Vidgirių", "Pašaltuonio"],
     ["Trepų", "Meškų", "Stulgių", "Dauglaukio", "Tarailių", "Kęsčių"], 11),
    ("JUR", "Jurbarko rajono savivaldybė", "TAU",
     "Jurbarko rajono savivaldybės viešoji biblioteka", "Jurbarko",
     ["Smalininkų"],
     ["Seredžiaus", "Eržvilko", "Veliuonos", "Girdžių", "Juodaičių", "Raudonės",
      "Skirsnemunės", "Šimkaičių", "Viešvilės", "Vadžgirio", "Pašvenčio", "Klišių",
      "Stakių", "Kalvelių", "Rotulių"],
     ["Paantvardžio", "Lybiškių", "Mituvos", "Antkalniškių"], 8),
    ("PAG", "Pagėgių savivaldybė", "TAU",
     "Pagėgių savivaldybės Vydūno viešoji biblioteka", "Pagėgių",
     [], ["Vilkyškių", "Natkiškių", "Stoniškių", "Lumpėnų", "Piktupėnų", "Šilgalių", "Žukų"],
     ["Bitėnų", "Mociškių", "Kulmenų"], 3),
    ("SLA", "Šilalės rajono savivaldybė", "TAU",
     "Šilalės rajono savivaldybės viešoji biblioteka", "Šilalės",
     ["Kvėdarnos"],
     ["Kaltinėnų", "Laukuvos", "Pajūrio", "Bijotų", "Didkiemio", "Žadeikių", "Upynos",
      "Tenenių", "Obelyno", "Šiauduvos", "Pavandenės", "Palentinio", "Kiaunorių"],
     ["Gūbriškių", "Kalnujų", "Vingininkų", "Girdiškės", "Jucaičių"], 7),
]

# Residents at the start of the year. Statistics Lithuania's censuses (2011-04-05,
# 2021-01-01) and its estimate for 2026-01-01 as citypopulation.de/php/lithuania-admin.php
# tabulates them; other years where a figure was published: Klaipėda 2016 (Statistics
# Lithuania's release, zemaitijosgidas.lt/klaipedos-miesto-diena-minint) and 2023
# (g.diena.lt, 156 745), Palanga 2018–2020 (lt.wikipedia.org/wiki/Palangos_miestas),
# Jurbarkas 2022 (24 787, Wikipedia). Marked "~": not found published — Skuodas and Šilutė
# 2011 split the county's census total, 2026 for them and the Tauragė county municipalities
# (and Šilalė 2021) continue the decade's trend at about half its pace. Years in between
# are interpolated geometrically.
POPULATION = {
    "KLM": {2011: 162_360, 2016: 154_300, 2021: 152_008, 2023: 156_745, 2026: 160_082},
    "KLR": {2011: 51_308, 2021: 56_964, 2026: 71_574},
    "KRE": {2011: 41_345, 2021: 37_639, 2026: 37_175},
    "PAL": {2011: 15_732, 2018: 15_523, 2019: 15_853, 2020: 16_141, 2021: 16_746,
            2026: 19_198},
    "SKU": {2011: 20_700, 2021: 16_250, 2026: 14_500},     # 2011 ~, 2026 ~
    "NER": {2011: 2_570, 2021: 3_609, 2026: 4_566},
    "SIL": {2011: 45_047, 2021: 39_067, 2026: 38_100},     # 2011 ~, 2026 ~
    "TAU": {2011: 43_853, 2021: 38_002, 2026: 36_900},     # 2026 ~
    "JUR": {2011: 30_186, 2022: 24_787, 2026: 23_300},     # 2011 ~ (county census less
    "PAG": {2011: 9_500, 2021: 7_440, 2026: 6_700},        # the others), 2026 ~
    "SLA": {2011: 26_520, 2021: 21_300, 2026: 19_750},     # 2021 ~, 2026 ~
}
POPULATION_YEARS = range(2014, 2027)

# The network's changes (closed at the end of the year given); the special case the
# screens show is Kretinga's branch closed at the end of 2021.
CLOSED = {"SVB-KRE-F07": date(2021, 12, 31), "SVB-SIL-F15": date(2021, 12, 31),
          "SVB-JUR-F15": date(2017, 12, 31), "SVB-JUR-F12": date(2019, 12, 31),
          "SVB-JUR-F13": date(2021, 12, 31), "SVB-JUR-F14": date(2023, 12, 31)}
# Skuodas opened its service points in 2021 (klavb.lt, the region's statistics for 2021).
POINTS_OPENED = {"SKU": 2021}
# Service points that stay points; the other places in a municipality's list of points are
# rural branches (after its listed ones). The county library's published statistics for
# 2022 count 19 city branches, 152 rural branches and 9 service points in the two counties
# (klavb.lt, "2022 m. Klaipėdos ir Tauragės apskričių savivaldybių viešųjų bibliotekų
# statistika"); with these the demo has 19, about 145 and 9.
POINTS_KEPT = {"SKU": 4, "KLR": 2, "SIL": 2, "TAU": 1}

# Schools: honorifics and names (genitive) combined with the school types below.
SCHOOL_NAMES = ["Vydūno", "Maironio", "Simono Daukanto", "Martyno Mažvydo",
                "Jono Basanavičiaus", "„Saulutės“", "„Versmės“", "„Aitvaro“", "„Santarvės“",
                "Liudviko Stulpino", "Prano Mašioto", "„Smeltės“", "„Verdenės“", "„Gilijos“",
                "„Vėtrungės“", "„Pajūrio“", "Vytauto Didžiojo", "„Ąžuolyno“", "Žemaitės",
                "Kristijono Donelaičio", "„Žaliakalnio“", "„Minijos“", "Antano Baranausko",
                "Ievos Simonaitytės", "„Gabijos“", "„Šaltinio“", "Stasio Šimkaus",
                "„Sendvario“", "„Varpo“", "Hermano Zudermano"]
SCHOOL_TYPES = [("gimnazija", "gimnazijos"), ("progimnazija", "progimnazijos"),
                ("pagrindinė mokykla", "pagrindinės mokyklos"),
                ("pradinė mokykla", "pradinės mokyklos")]

WOMEN = [("Aušra", "Petrauskienė"), ("Daiva", "Jankauskienė"), ("Rasa", "Stankevičienė"),
         ("Irena", "Kazlauskienė"), ("Jolanta", "Žukauskienė"), ("Kristina", "Čepulienė"),
         ("Lina", "Šimkutė"), ("Vilma", "Butkienė"), ("Eglė", "Rimkienė"),
         ("Živilė", "Ūsienė"), ("Ona", "Balčiūnienė"), ("Audronė", "Vasiliauskienė"),
         ("Gintarė", "Norkienė"), ("Laima", "Šeputienė"), ("Rūta", "Grigaitė"),
         ("Dalia", "Žilinskienė"), ("Asta", "Černiauskienė"), ("Jūratė", "Ąžuolienė"),
         ("Vida", "Mockutė"), ("Nijolė", "Šliogerienė"), ("Inga", "Gedvilaitė"),
         ("Edita", "Lukošienė"), ("Sigita", "Einikienė"), ("Renata", "Kėžienė")]
MEN = [("Žydrūnas", "Paulauskas"), ("Šarūnas", "Šeputis"), ("Tomas", "Žemaitis"),
       ("Gediminas", "Čiurlys"), ("Mindaugas", "Lukošius"), ("Arūnas", "Jonaitis"),
       ("Vytautas", "Kairys"), ("Darius", "Petraitis"), ("Saulius", "Urbonas"),
       ("Rimantas", "Navickas"), ("Andrius", "Vaitkus"), ("Kęstutis", "Mockus"),
       ("Linas", "Bielskis"), ("Julius", "Stonys"), ("Paulius", "Žilinskas"),
       ("Valdas", "Sakalauskas"), ("Egidijus", "Kučinskas")]
POSITIONS = ["vyresnioji bibliotekininkė", "bibliotekininkė", "metodininkė",
             "filialo vedėja", "skyriaus vedėja", "vyriausioji bibliotekininkė"]
# The post (from the one list, bibliotekos.Position) each position above is; everyone in a
# school library is a school librarian.
POSTS = {"direktorė": "Direktorius", "vyresnioji bibliotekininkė": "Vyresnysis bibliotekininkas",
         "bibliotekininkė": "Bibliotekininkas", "metodininkė": "Metodininkas",
         "filialo vedėja": "Filialo vedėjas", "skyriaus vedėja": "Skyriaus vedėjas",
         "vyriausioji bibliotekininkė": "Vyriausiasis bibliotekininkas"}
SCHOOL_POST = "Mokyklos bibliotekininkas"


def population(code: str, year: int) -> int:
    """The municipality's residents at the start of ``year``: the published figure, or the
    geometric interpolation between the nearest published ones (past the ends, the nearest
    interval's pace)."""
    anchors = sorted(POPULATION[code].items())
    pairs = list(zip(anchors, anchors[1:], strict=False))
    segment = next(((a, b) for a, b in pairs if a[0] <= year <= b[0]),
                   pairs[0] if year < anchors[0][0] else pairs[-1])
    (y0, p0), (y1, p1) = segment
    return round(p0 * (p1 / p0) ** ((year - y0) / (y1 - y0)))


def _code_number(text: str, digits: int = 9) -> str:
    return f"{zlib.crc32(text.encode()) % 10**digits:0{digits}d}"


# The first day of library work of the people linked to the demo accounts.
ACCOUNT_WORKS_SINCE = {"bibliotekininkas@demo.lt": date(1998, 9, 1),
                       "mokykla@demo.lt": date(2011, 9, 1),
                       "filialas@demo.lt": date(2006, 3, 15)}


def works_since(key: str, *, director: bool = False) -> date | None:
    """A demo person's first day of library work, the same on every load (drawn from
    ``key``): 1982–2024, directors from 1982–2005; about one in twenty (not a director)
    has none recorded. Half start on the 1st of a month (September most often)."""
    number = zlib.crc32(f"works-since:{key}".encode())
    if not director and number % 20 == 0:
        return None
    year = 1982 + (number // 20) % (24 if director else 43)
    month = 9 if number % 5 == 0 else 1 + (number // 7) % 12
    day = 1 if number % 2 == 0 else 1 + (number // 11) % 28
    return date(year, month, day)


def load(out) -> None:
    counties = {code: County.objects.create(code=code, name=name) for code, name in COUNTIES}
    county_library = Library.objects.create(
        code="KAVB", name="Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka",
        kind=LibraryKind.COUNTY, company_code="190771124",
        address="Herkaus Manto g. 25, LT-92236 Klaipėda", email="info@kavb.demo.lt",
        phone="+370 46 000 000", director="Daiva Vasiliauskienė", opened=date(1950, 1, 1))
    libraries = [county_library]
    systems: dict[str, Library] = {}
    schools: list[Library] = []
    for index, (code, name, county, system_name, seat, city, rural, points,
                school_count) in enumerate(MUNICIPALITIES):
        municipality = Municipality.objects.create(code=code, name=name,
                                                   county=counties[county])
        MunicipalityPopulation.objects.bulk_create(
            MunicipalityPopulation(municipality=municipality, year=year,
                                   population=population(code, year))
            for year in POPULATION_YEARS)
        slug = code.lower()
        first, last = WOMEN[index % len(WOMEN)]
        system = Library.objects.create(
            code=f"SVB-{code}", name=system_name, kind=LibraryKind.SYSTEM,
            municipality=municipality, company_code=_code_number(code),
            address=f"{seat} m., Bibliotekos g. 1", email=f"info@{slug}.biblioteka.demo.lt",
            phone=f"+370 4{index % 10} {_code_number(code, 6)}", director=f"{first} {last}",
            website=f"https://{slug}.biblioteka.demo.lt", opened=date(1950, 1, 1))
        systems[code] = system
        central = Library.objects.create(
            code=f"SVB-{code}-C", name=f"{system_name} (centrinė biblioteka)",
            kind=LibraryKind.CENTRAL, parent=system, municipality=municipality,
            address=system.address, email=system.email, phone=system.phone,
            opened=date(1950, 1, 1))
        libraries += [system, central]
        kept = POINTS_KEPT.get(code, 0)
        rural, points = rural + points[kept:], points[:kept]
        number = 0
        branches = []
        for kind, places in ((LibraryKind.CITY_BRANCH, city), (LibraryKind.RURAL_BRANCH, rural)):
            for place in places:
                number += 1
                branch = Library.objects.create(
                    code=f"SVB-{code}-F{number:02d}", name=f"{place} filialas",
                    kind=kind, parent=central, municipality=municipality,
                    address=f"{place} {number}",
                    email=f"f{number:02d}@{slug}.biblioteka.demo.lt",
                    opened=date(1955 + number, 1, 1),
                    closed=CLOSED.get(f"SVB-{code}-F{number:02d}"))
                branches.append(branch)
                libraries.append(branch)
        still_open = [branch for branch in branches if branch.closed is None]
        for point_number, place in enumerate(points, start=1):
            parent = still_open[point_number % len(still_open)] if still_open else central
            libraries.append(Library.objects.create(
                code=f"SVB-{code}-P{point_number:02d}", name=f"{place} paslaugų punktas",
                kind=LibraryKind.SERVICE_POINT, parent=parent, municipality=municipality,
                address=place,
                opened=date(POINTS_OPENED[code], 2 + point_number, 1) if code in POINTS_OPENED
                else date(2005 + point_number, 9, 1)))
        if code == "KRE":
            libraries.append(Library.objects.create(
                code="SVB-KRE-M01", name="Kretingos bibliobusas", kind=LibraryKind.MOBILE,
                parent=system, municipality=municipality, opened=date(2012, 5, 2)))
        for school_number in range(school_count):
            honorific = SCHOOL_NAMES[(school_number * 7 + index * 3) % len(SCHOOL_NAMES)]
            school_type, school_type_of = SCHOOL_TYPES[school_number % len(SCHOOL_TYPES)]
            place = seat if school_number % 3 or not rural else rural[school_number % len(rural)]
            if code == "KRE" and school_number == 0:  # the demo school librarian's school
                place, honorific, school_type, school_type_of = (
                    seat, "Simono Daukanto", "progimnazija", "progimnazijos")
            school = f"{place} {honorific} {school_type}"
            library_name = f"{place} {honorific} {school_type_of} biblioteka"
            if Library.objects.filter(name=library_name).exists():
                continue
            schools.append(Library.objects.create(
                code=f"MB-{code}-{school_number + 1:03d}", name=library_name,
                kind=LibraryKind.SCHOOL, school_name=school, municipality=municipality,
                company_code=_code_number(school),
                email=f"biblioteka{school_number + 1}@{slug}.mokykla.demo.lt",
                opened=date(1990, 9, 1)))
    libraries += schools

    # Librarians: the demo director of a whole system, a branch and a school librarian.
    director = User.objects.create_user(
        email="bibliotekininkas@demo.lt", password=DEMO_PASSWORD, full_name="Aušra Petrauskienė",
        role=Role.LIBRARIAN)
    Membership.objects.create(user=director, library=systems["KRE"],
                              role=Membership.Role.DIRECTOR)
    school_library = Library.objects.get(code="MB-KRE-001")
    school_librarian = User.objects.create_user(
        email="mokykla@demo.lt", password=DEMO_PASSWORD, full_name="Živilė Šimkutė",
        role=Role.LIBRARIAN)
    Membership.objects.create(user=school_librarian, library=school_library,
                              role=Membership.Role.LIBRARIAN)
    branch_librarian = User.objects.create_user(
        email="filialas@demo.lt", password=DEMO_PASSWORD, full_name="Rasa Čepulienė",
        role=Role.LIBRARIAN)
    Membership.objects.create(user=branch_librarian,
                              library=Library.objects.get(code="SVB-KRE-F02"),
                              role=Membership.Role.LIBRARIAN)
    for position, code in enumerate(("TAU", "JUR", "SIL")):
        first, last = WOMEN[10 + position]
        manager = User.objects.create_user(
            email=f"direktorius.{code.lower()}@demo.lt", password=DEMO_PASSWORD,
            full_name=f"{first} {last}", role=Role.LIBRARIAN)
        Membership.objects.create(user=manager, library=systems[code],
                                  role=Membership.Role.DIRECTOR)

    # People who work in the libraries (the identity trainings and consultations use).
    people = []
    for index, library in enumerate(libraries):
        if library.kind in {LibraryKind.SYSTEM, LibraryKind.MOBILE}:
            continue
        count = 3 if library.kind in {LibraryKind.CENTRAL, LibraryKind.COUNTY} else 1
        for offset in range(count):
            # first names and surnames drawn apart, so few people share a whole name
            pool = MEN if (index + offset) % 9 == 0 else WOMEN
            first = pool[(index * 7 + offset * 3) % len(pool)][0]
            last = pool[(index * 5 + offset * 11 + index // len(pool)) % len(pool)][1]
            directs = offset == 0 and count == 3
            email = f"{library.code.lower()}.{offset + 1}@demo.lt"
            people.append(Person(
                first_name=first, last_name=last,
                position="direktorė" if directs else POSITIONS[(index + offset) % len(POSITIONS)],
                library=library, email=email,
                phone=f"+370 6{_code_number(library.code + str(offset), 7)}",
                education=list(Education.values)[(index + offset) % 4],
                works_since=works_since(email, director=directs)))
    # the lecturer works at a university, not in a library: no library service
    people.append(Person(first_name="Jonas", last_name="Lektorius",
                         position="lektorius, Vilniaus universitetas",
                         email="lektorius@demo.lt", education=Education.HIGHER_OTHER))
    Person.objects.bulk_create(people)
    for user in (director, school_librarian, branch_librarian):
        first, _sep, last = user.full_name.partition(" ")
        Person.objects.create(first_name=first, last_name=last, user=user,
                              library=user.memberships.first().library, email=user.email,
                              position="direktorė" if user is director else "bibliotekininkė",
                              works_since=ACCOUNT_WORKS_SINCE[user.email])
    _assign_posts()
    organisations = _organisations()
    outlets = sum(1 for lib in libraries if lib.is_outlet)
    out.write(f"  territory: {len(MUNICIPALITIES)} municipalities, {outlets} outlets, "
              f"{len(schools)} school libraries, {len(people) + 3} people, "
              f"6 librarian accounts, {organisations} organisations")


def _assign_posts() -> None:
    """Every demo person's post, as their position reads (the list comes with the
    migrations; a missing post is added at the end of it)."""
    def post(name: str) -> Position:
        found = Position.objects.filter(name=name).first()
        return found or Position.objects.create(name=name, order=900)

    for position, name in POSTS.items():
        (Person.objects.filter(position=position).exclude(library__kind=LibraryKind.SCHOOL)
         .update(post=post(name)))
    Person.objects.filter(library__kind=LibraryKind.SCHOOL).update(post=post(SCHOOL_POST))


# The shared list of organisations: funders, partners, media, suppliers (demo.lt addresses).
ORGANISATIONS = [
    ("Lietuvos kultūros taryba", "LKT", OrganisationKind.GOVERNMENT, "LT", "https://www.ltkt.lt"),
    ("Lietuvos nacionalinė Martyno Mažvydo biblioteka", "LNB", OrganisationKind.LIBRARY_LT,
     "LT", "https://www.lnb.lt"),
    ("Švietimo mainų paramos fondas", "ŠMPF", OrganisationKind.GOVERNMENT, "LT", ""),
    ("Kūrybiška Europa – Lietuvos biuras", "", OrganisationKind.INTERNATIONAL, "LT", ""),
    ("Nordplus programos administratorius", "Nordplus", OrganisationKind.INTERNATIONAL, "LV",
     ""),
    ("Kretingos rajono savivaldybės administracija", "", OrganisationKind.MUNICIPALITY, "LT",
     ""),
    ("Skuodo rajono savivaldybės administracija", "", OrganisationKind.MUNICIPALITY, "LT", ""),
    ("Liepājas Centrālā zinātniskā bibliotēka", "", OrganisationKind.LIBRARY_FOREIGN, "LV", ""),
    ("Kaliningrado srities mokslinė biblioteka", "", OrganisationKind.LIBRARY_FOREIGN, "RU",
     ""),
    ("Gdansko viešoji biblioteka", "", OrganisationKind.LIBRARY_FOREIGN, "PL", ""),
    ("Klaipėdos universitetas", "KU", OrganisationKind.SCHOOL, "LT", ""),
    ("Lietuvos bibliotekininkų draugija", "LBD", OrganisationKind.NGO, "LT", ""),
    ("Kretingos muziejus", "", OrganisationKind.MUSEUM, "LT", ""),
    ("Dienraštis „Vakarų ekspresas“", "", OrganisationKind.MEDIA, "LT", ""),
    ("UAB „Knygų kelias“", "", OrganisationKind.BUSINESS, "LT", ""),
]


def _organisations() -> int:
    for name, short, kind, country, website in ORGANISATIONS:
        slug = _code_number(name, 6)
        Organisation.objects.create(
            name=name, short_name=short, kind=kind, country=country,
            website=website,
            email=f"info{slug}@organizacija.demo.lt")
    return len(ORGANISATIONS)
