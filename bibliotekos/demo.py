"""A demo territory: Klaipėda and Tauragė counties, served by the Klaipėda county library.

Municipalities and place names are real and populations roughly as they are; library
codes, contacts, schools' details and people are synthetic (the domain demo.lt is reserved
for the demo). About 190 public library outlets and over 100 school libraries.
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
    Person,
)
from paskyros.management.commands.demo_data import DEMO_PASSWORD
from paskyros.models import Role, User

COUNTIES = [("KLA", "Klaipėdos apskritis"), ("TAU", "Tauragės apskritis")]

# code, name, county, population 2025, yearly change, system, seat (genitive), city branches,
# rural branches, service points, number of schools
MUNICIPALITIES = [
    ("KLM", "Klaipėdos miesto savivaldybė", "KLA", 158_000, +0.004,
     "Klaipėdos miesto savivaldybės viešoji biblioteka", "Klaipėdos",
     ["Kauno g.", "Smiltelės", "Girulių", "Bandužių", "Debreceno", "Melnragės", "Laukininkų",
      "Kalnupės", "Žvejų"], [], [], 30),
    ("KLR", "Klaipėdos rajono savivaldybė", "KLA", 62_300, +0.006,
     "Klaipėdos rajono savivaldybės viešoji biblioteka", "Gargždų",
     ["Priekulės"],
     ["Agluonėnų", "Dauparų", "Dovilų", "Drevernos", "Endriejavo", "Judrėnų", "Jakų",
      "Kretingalės", "Lapių", "Plikių", "Slengių", "Sendvario", "Toleikių", "Veiviržėnų",
      "Vėžaičių", "Venckų", "Kisinių", "Dituvos", "Šilo"],
     ["Ketvergių", "Gropiškių", "Radailių", "Ramučių", "Jurginų", "Kvietinių"], 12),
    ("KRE", "Kretingos rajono savivaldybė", "KLA", 39_800, -0.006,
     "Kretingos Motiejaus Valančiaus viešoji biblioteka", "Kretingos",
     ["Salantų"],
     ["Darbėnų", "Kartenos", "Kūlupėnų", "Kurmaičių", "Laukžemės", "Lazdininkų",
      "Grūšlaukės", "Jokūbavo", "Žalgirio", "Kalnalio", "Budrių", "Raguviškių",
      "Mikoliškių", "Vydmantų", "Erlėnų", "Imbarės"],
     ["Šukės", "Abakų", "Genčų", "Auksūdžio", "Pryšmančių", "Kluonalių"], 10),
    ("PAL", "Palangos miesto savivaldybė", "KLA", 18_100, +0.010,
     "Palangos miesto savivaldybės viešoji biblioteka", "Palangos",
     ["Šventosios", "Būtingės", "Vanagupės"], [], [], 4),
    ("SKU", "Skuodo rajono savivaldybė", "KLA", 15_200, -0.015,
     "Skuodo rajono savivaldybės viešoji biblioteka", "Skuodo",
     [], ["Ylakių", "Mosėdžio", "Lenkimų", "Barstyčių", "Aleksandrijos", "Notėnų", "Šačių",
          "Rukuižių", "Daukšaičių", "Kalvių", "Puodkalių"],
     ["Ignalinos", "Gėsalų", "Luknių", "Plaušinių"], 5),
    ("NER", "Neringos savivaldybė", "KLA", 3_900, +0.004,
     "Neringos savivaldybės viešoji biblioteka", "Nidos",
     ["Juodkrantės", "Preilos"], [], [], 1),
    ("SIL", "Šilutės rajono savivaldybė", "KLA", 36_700, -0.012,
     "Šilutės Fridricho Bajoraičio viešoji biblioteka", "Šilutės",
     [], ["Rusnės", "Kintų", "Žemaičių Naumiesčio", "Juknaičių", "Švėkšnos", "Usėnų",
          "Vainuto", "Saugų", "Gardamo", "Katyčių", "Degučių", "Vilkyčių", "Pašyšių",
          "Traksėdžio", "Macikų", "Grabupių", "Laukstėnų", "Stemplių", "Šyšgirių"],
     ["Armalėnų", "Inkaklių", "Žibų", "Ramučių", "Bikavėnų", "Kuršių", "Rupkalvių"], 11),
    ("TAU", "Tauragės rajono savivaldybė", "TAU", 38_600, -0.009,
     "Tauragės Ievos Simonaitytės viešoji biblioteka", "Tauragės",
     ["Skaudvilės"],
     ["Batakių", "Lauksargių", "Mažonų", "Žygaičių", "Gaurės", "Pagramančio", "Adakavo",
      "Kunigiškių", "Lomių", "Dacijonų", "Eičių", "Baltrušaičių", "Taurų", "Sartininkų",
      "Vidgirių", "Pašaltuonio"],
     ["Trepų", "Meškų", "Stulgių", "Dauglaukio", "Tarailių", "Kęsčių"], 11),
    ("JUR", "Jurbarko rajono savivaldybė", "TAU", 25_400, -0.014,
     "Jurbarko Antano Giedraičio-Giedriaus viešoji biblioteka", "Jurbarko",
     ["Smalininkų"],
     ["Seredžiaus", "Eržvilko", "Veliuonos", "Girdžių", "Juodaičių", "Raudonės",
      "Skirsnemunės", "Šimkaičių", "Viešvilės", "Vadžgirio", "Pašvenčio", "Klišių",
      "Stakių", "Kalvelių", "Rotulių"],
     ["Paantvardžio", "Lybiškių", "Mituvos", "Antkalniškių"], 8),
    ("PAG", "Pagėgių savivaldybė", "TAU", 6_900, -0.018,
     "Pagėgių savivaldybės Vydūno viešoji biblioteka", "Pagėgių",
     [], ["Vilkyškių", "Natkiškių", "Stoniškių", "Lumpėnų", "Piktupėnų", "Šilgalių", "Žukų"],
     ["Bitėnų", "Mociškių", "Kulmenų"], 3),
    ("SLA", "Šilalės rajono savivaldybė", "TAU", 20_900, -0.013,
     "Šilalės rajono savivaldybės viešoji biblioteka", "Šilalės",
     ["Kvėdarnos"],
     ["Kaltinėnų", "Laukuvos", "Pajūrio", "Bijotų", "Didkiemio", "Žadeikių", "Upynos",
      "Tenenių", "Obelyno", "Šiauduvos", "Pavandenės", "Palentinio", "Kiaunorių"],
     ["Gūbriškių", "Kalnujų", "Vingininkų", "Girdiškės", "Jucaičių"], 7),
]

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
       ("Gediminas", "Čiurlys"), ("Mindaugas", "Lukošius"), ("Arūnas", "Jonaitis")]
POSITIONS = ["vyresnioji bibliotekininkė", "bibliotekininkė", "metodininkė",
             "filialo vedėja", "skyriaus vedėja", "vyriausioji bibliotekininkė"]


def _population(base: int, change: float, year: int) -> int:
    return round(base / (1 + change) ** (2025 - year))


def _code_number(text: str, digits: int = 9) -> str:
    return f"{zlib.crc32(text.encode()) % 10**digits:0{digits}d}"


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
    for index, (code, name, county, population, change, system_name, seat, city, rural,
                points, school_count) in enumerate(MUNICIPALITIES):
        municipality = Municipality.objects.create(code=code, name=name,
                                                   county=counties[county])
        MunicipalityPopulation.objects.bulk_create(
            MunicipalityPopulation(municipality=municipality, year=year,
                                   population=_population(population, change, year))
            for year in range(2014, 2026))
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
        number = 0
        branches = []
        for kind, places in ((LibraryKind.CITY_BRANCH, city), (LibraryKind.RURAL_BRANCH, rural)):
            for place in places:
                number += 1
                closed = date(2021, 12, 31) if number == 7 and kind == "rural_branch" else None
                branch = Library.objects.create(
                    code=f"SVB-{code}-F{number:02d}", name=f"{place} filialas",
                    kind=kind, parent=central, municipality=municipality,
                    address=f"{place.replace(' g.', ' gatvė')} {number}",
                    email=f"f{number:02d}@{slug}.biblioteka.demo.lt",
                    opened=date(1955 + number, 1, 1), closed=closed)
                branches.append(branch)
                libraries.append(branch)
        for point_number, place in enumerate(points, start=1):
            parent = branches[point_number % len(branches)] if branches else central
            libraries.append(Library.objects.create(
                code=f"SVB-{code}-P{point_number:02d}", name=f"{place} paslaugų punktas",
                kind=LibraryKind.SERVICE_POINT, parent=parent, municipality=municipality,
                address=place, opened=date(2005 + point_number, 9, 1)))
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
            first, last = (MEN if (index + offset) % 9 == 0 else WOMEN)[
                (index * 5 + offset * 11) % (len(MEN) if (index + offset) % 9 == 0
                                             else len(WOMEN))]
            people.append(Person(
                first_name=first, last_name=last,
                position="direktorė" if offset == 0 and count == 3 else
                POSITIONS[(index + offset) % len(POSITIONS)],
                library=library, email=f"{library.code.lower()}.{offset + 1}@demo.lt",
                phone=f"+370 6{_code_number(library.code + str(offset), 7)}",
                education=list(Education.values)[(index + offset) % 4]))
    people.append(Person(first_name="Jonas", last_name="Lektorius",
                         position="lektorius, Vilniaus universitetas",
                         email="lektorius@demo.lt", education=Education.HIGHER_OTHER))
    Person.objects.bulk_create(people)
    for user in (director, school_librarian, branch_librarian):
        first, _sep, last = user.full_name.partition(" ")
        Person.objects.create(first_name=first, last_name=last, user=user,
                              library=user.memberships.first().library, email=user.email,
                              position="direktorė" if user is director else "bibliotekininkė")
    outlets = sum(1 for lib in libraries if lib.is_outlet)
    out.write(f"  territory: {len(MUNICIPALITIES)} municipalities, {outlets} outlets, "
              f"{len(schools)} school libraries, {len(people) + 3} people, "
              "6 librarian accounts")
