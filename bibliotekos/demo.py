"""A demo territory: Klaipėda and Tauragė counties, served by the Klaipėda county library.

Names of municipalities and places are real; library details, people and e-mail addresses
are invented (the domain demo.lt is reserved for the demo).
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

# code, name, county, population 2025, yearly change, system name, seat, branches
MUNICIPALITIES = [
    ("KLM", "Klaipėdos miesto savivaldybė", "KLA", 160_500, +0.004,
     "Klaipėdos miesto savivaldybės viešoji biblioteka", "Klaipėda",
     [("city_branch", "Kauno g. filialas"), ("city_branch", "Smiltelės filialas"),
      ("city_branch", "Girulių filialas"), ("city_branch", "Bandužių filialas"),
      ("city_branch", "Debreceno filialas")]),
    ("KLR", "Klaipėdos rajono savivaldybė", "KLA", 62_300, +0.006,
     "Klaipėdos rajono savivaldybės viešoji biblioteka", "Gargždai",
     [("city_branch", "Priekulės filialas"), ("rural_branch", "Dovilų filialas"),
      ("rural_branch", "Veiviržėnų filialas"), ("rural_branch", "Endriejavo filialas"),
      ("rural_branch", "Agluonėnų filialas"), ("service_point", "Ketvergių paslaugų punktas")]),
    ("KRE", "Kretingos rajono savivaldybė", "KLA", 39_800, -0.006,
     "Kretingos Motiejaus Valančiaus viešoji biblioteka", "Kretinga",
     [("city_branch", "Salantų filialas"), ("rural_branch", "Darbėnų filialas"),
      ("rural_branch", "Kartenos filialas"), ("rural_branch", "Kurmaičių filialas"),
      ("rural_branch", "Žalgirio filialas"), ("rural_branch", "Šventosios filialas"),
      ("service_point", "Jokūbavo paslaugų punktas"), ("mobile", "Bibliobusas")]),
    ("PAL", "Palangos miesto savivaldybė", "KLA", 18_100, +0.010,
     "Palangos miesto savivaldybės viešoji biblioteka", "Palanga",
     [("city_branch", "Šventosios filialas"), ("city_branch", "Būtingės filialas")]),
    ("SKU", "Skuodo rajono savivaldybė", "KLA", 15_200, -0.015,
     "Skuodo rajono savivaldybės viešoji biblioteka", "Skuodas",
     [("rural_branch", "Ylakių filialas"), ("rural_branch", "Mosėdžio filialas"),
      ("rural_branch", "Lenkimų filialas"), ("rural_branch", "Barstyčių filialas")]),
    ("NER", "Neringos savivaldybė", "KLA", 3_900, +0.004,
     "Neringos savivaldybės viešoji biblioteka", "Nida",
     [("city_branch", "Juodkrantės filialas")]),
    ("SIL", "Šilutės rajono savivaldybė", "KLA", 36_700, -0.012,
     "Šilutės Fridricho Bajoraičio viešoji biblioteka", "Šilutė",
     [("rural_branch", "Rusnės filialas"), ("rural_branch", "Kintų filialas"),
      ("rural_branch", "Žemaičių Naumiesčio filialas"), ("rural_branch", "Juknaičių filialas"),
      ("rural_branch", "Švėkšnos filialas"), ("service_point", "Usėnų paslaugų punktas")]),
    ("TAU", "Tauragės rajono savivaldybė", "TAU", 38_600, -0.009,
     "Tauragės Ievos Simonaitytės viešoji biblioteka", "Tauragė",
     [("rural_branch", "Skaudvilės filialas"), ("rural_branch", "Batakių filialas"),
      ("rural_branch", "Lauksargių filialas"), ("rural_branch", "Mažonų filialas"),
      ("rural_branch", "Žygaičių filialas")]),
    ("JUR", "Jurbarko rajono savivaldybė", "TAU", 25_400, -0.014,
     "Jurbarko Antano Giedraičio-Giedriaus viešoji biblioteka", "Jurbarkas",
     [("rural_branch", "Seredžiaus filialas"), ("rural_branch", "Eržvilko filialas"),
      ("rural_branch", "Smalininkų filialas"), ("rural_branch", "Veliuonos filialas")]),
    ("PAG", "Pagėgių savivaldybė", "TAU", 6_900, -0.018,
     "Pagėgių savivaldybės Vydūno viešoji biblioteka", "Pagėgiai",
     [("rural_branch", "Vilkyškių filialas"), ("rural_branch", "Natkiškių filialas"),
      ("rural_branch", "Stoniškių filialas")]),
    ("SLA", "Šilalės rajono savivaldybė", "TAU", 20_900, -0.013,
     "Šilalės rajono savivaldybės viešoji biblioteka", "Šilalė",
     [("rural_branch", "Kaltinėnų filialas"), ("rural_branch", "Kvėdarnos filialas"),
      ("rural_branch", "Laukuvos filialas"), ("rural_branch", "Pajūrio filialas")]),
]

SCHOOLS = [  # municipality, school, its library (the genitive is not derivable by rule)
    ("KLM", "Klaipėdos „Ąžuolyno“ gimnazija", "Klaipėdos „Ąžuolyno“ gimnazijos biblioteka"),
    ("KLM", "Klaipėdos Vydūno gimnazija", "Klaipėdos Vydūno gimnazijos biblioteka"),
    ("KLM", "Klaipėdos Simono Dacho progimnazija",
     "Klaipėdos Simono Dacho progimnazijos biblioteka"),
    ("KLR", "Gargždų „Minijos“ progimnazija", "Gargždų „Minijos“ progimnazijos biblioteka"),
    ("KRE", "Kretingos Simono Daukanto progimnazija",
     "Kretingos Simono Daukanto progimnazijos biblioteka"),
    ("KRE", "Kretingos Jurgio Pabrėžos universitetinė gimnazija",
     "Kretingos Jurgio Pabrėžos universitetinės gimnazijos biblioteka"),
    ("PAL", "Palangos senoji gimnazija", "Palangos senosios gimnazijos biblioteka"),
    ("SKU", "Skuodo Pranciškaus Žadeikio gimnazija",
     "Skuodo Pranciškaus Žadeikio gimnazijos biblioteka"),
    ("SIL", "Šilutės Vydūno gimnazija", "Šilutės Vydūno gimnazijos biblioteka"),
    ("TAU", "Tauragės „Žalgirių“ gimnazija", "Tauragės „Žalgirių“ gimnazijos biblioteka"),
    ("TAU", "Tauragės Martyno Mažvydo progimnazija",
     "Tauragės Martyno Mažvydo progimnazijos biblioteka"),
    ("JUR", "Jurbarko Antano Sodeikos gimnazija", "Jurbarko Antano Sodeikos gimnazijos biblioteka"),
    ("SLA", "Šilalės Simono Gaudešiaus gimnazija",
     "Šilalės Simono Gaudešiaus gimnazijos biblioteka"),
    ("PAG", "Pagėgių Algimanto Mackaus gimnazija",
     "Pagėgių Algimanto Mackaus gimnazijos biblioteka"),
]

FIRST_NAMES = ["Aušra", "Daiva", "Rasa", "Irena", "Jolanta", "Kristina", "Lina", "Vilma",
               "Eglė", "Živilė", "Ona", "Audronė", "Gintarė", "Žydrūnas", "Šarūnas"]
LAST_NAMES = ["Petrauskienė", "Jankauskienė", "Stankevičienė", "Kazlauskienė", "Žukauskienė",
              "Čepulienė", "Šimkutė", "Butkienė", "Rimkienė", "Ūsienė", "Balčiūnienė",
              "Vasiliauskienė", "Norkienė", "Paulauskas", "Šeputis"]
POSITIONS = ["direktorė", "vyresnioji bibliotekininkė", "bibliotekininkė",
             "metodininkė", "filialo vedėja"]


def _population(base: int, change: float, year: int) -> int:
    return round(base / (1 + change) ** (2025 - year))


def load(out) -> None:
    counties = {code: County.objects.create(code=code, name=name) for code, name in COUNTIES}
    county_library = Library.objects.create(
        code="KAVB", name="Klaipėdos apskrities viešoji Ievos Simonaitytės biblioteka",
        kind=LibraryKind.COUNTY, company_code="190771124",
        address="Herkaus Manto g. 25, LT-92236 Klaipėda", email="info@kavb.demo.lt",
        phone="+370 46 000 000", director="Daiva Vasiliauskienė", opened=date(1950, 1, 1))
    libraries = [county_library]
    systems = {}
    for person_index, (code, name, county, population, change, system_name, seat,
                       branches) in enumerate(MUNICIPALITIES):
        municipality = Municipality.objects.create(code=code, name=name,
                                                   county=counties[county])
        MunicipalityPopulation.objects.bulk_create(
            MunicipalityPopulation(municipality=municipality, year=year,
                                   population=_population(population, change, year))
            for year in range(2014, 2026))
        slug = code.lower()
        system = Library.objects.create(
            code=f"SVB-{code}", name=system_name, kind=LibraryKind.SYSTEM,
            municipality=municipality, company_code=f"1{zlib.crc32(code.encode()) % 10**8:08d}",
            address=f"{seat}, centrinė g. 1", email=f"info@{slug}.biblioteka.demo.lt",
            phone="+370 400 00000", director=f"{FIRST_NAMES[person_index % 15]} "
            f"{LAST_NAMES[person_index % 15]}", opened=date(1950, 1, 1))
        systems[code] = system
        central = Library.objects.create(
            code=f"SVB-{code}-C", name=f"{system_name} (centrinė biblioteka)",
            kind=LibraryKind.CENTRAL, parent=system, municipality=municipality,
            address=system.address, email=system.email, opened=date(1950, 1, 1))
        libraries += [system, central]
        for number, (kind, branch_name) in enumerate(branches, start=1):
            place = branch_name.replace(" filialas", "").replace(" paslaugų punktas", "")
            closed = date(2021, 12, 31) if (code, number) == ("SKU", 4) else None
            libraries.append(Library.objects.create(
                code=f"SVB-{code}-F{number:02d}", name=f"{system_name.split(' ')[0]} "
                f"{'r. ' if kind == 'rural_branch' else ''}{branch_name}", kind=kind,
                parent=central if kind != "mobile" else system, municipality=municipality,
                address=f"{place}", email=f"f{number:02d}@{slug}.biblioteka.demo.lt",
                opened=date(1960 + number, 1, 1), closed=closed))
    schools = []
    for number, (code, school, library_name) in enumerate(SCHOOLS, start=1):
        schools.append(Library.objects.create(
            code=f"MB-{code}-{number:03d}", name=library_name, kind=LibraryKind.SCHOOL,
            school_name=school, municipality=Municipality.objects.get(code=code),
            email=f"biblioteka{number}@mokykla.demo.lt", opened=date(1990, 9, 1)))
    libraries += schools

    # Librarians: the demo director of a whole system and a school librarian.
    director = User.objects.create_user(
        email="bibliotekininkas@demo.lt", password=DEMO_PASSWORD, full_name="Aušra Petrauskienė",
        role=Role.LIBRARIAN)
    Membership.objects.create(user=director, library=systems["KRE"],
                              role=Membership.Role.DIRECTOR)
    school_librarian = User.objects.create_user(
        email="mokykla@demo.lt", password=DEMO_PASSWORD, full_name="Živilė Šimkutė",
        role=Role.LIBRARIAN)
    Membership.objects.create(user=school_librarian, library=schools[4],
                              role=Membership.Role.LIBRARIAN)
    branch_librarian = User.objects.create_user(
        email="filialas@demo.lt", password=DEMO_PASSWORD, full_name="Rasa Čepulienė",
        role=Role.LIBRARIAN)
    Membership.objects.create(
        user=branch_librarian, library=Library.objects.get(code="SVB-KRE-F01"),
        role=Membership.Role.LIBRARIAN)
    for code in ("TAU", "JUR", "SIL"):
        manager = User.objects.create_user(
            email=f"direktorius.{code.lower()}@demo.lt", password=DEMO_PASSWORD,
            full_name=f"{FIRST_NAMES[len(code) + ord(code[0]) % 9]} "
            f"{LAST_NAMES[ord(code[1]) % 15]}", role=Role.LIBRARIAN)
        Membership.objects.create(user=manager, library=systems[code],
                                  role=Membership.Role.DIRECTOR)

    # People who work in the libraries (the identity trainings and consultations use).
    people = []
    for index, library in enumerate(libraries):
        if library.kind in {LibraryKind.SYSTEM, LibraryKind.MOBILE}:
            continue
        first, last = FIRST_NAMES[index % 15], LAST_NAMES[(index * 7) % 15]
        people.append(Person(
            first_name=first, last_name=last, position=POSITIONS[index % len(POSITIONS)],
            library=library, email=f"darbuotojas{index}@{library.code.lower()}.demo.lt",
            education=list(Education.values)[index % 4]))
    people.append(Person(first_name="Jonas", last_name="Lektorius",
                         position="lektorius, Vilniaus universitetas",
                         email="lektorius@demo.lt", education=Education.HIGHER_OTHER))
    Person.objects.bulk_create(people)
    for user in (director, school_librarian, branch_librarian):
        first, _sep, last = user.full_name.partition(" ")
        Person.objects.create(first_name=first, last_name=last, user=user,
                              library=user.memberships.first().library, email=user.email,
                              position="direktorė" if user is director else "bibliotekininkė")
    out.write(f"  territory: {len(MUNICIPALITIES)} municipalities, {len(libraries)} libraries, "
              f"{len(people) + 3} people, 6 librarian accounts")
