"""Default catalogue of the annual library statistics: sections, indicators, formulas and
checks, as plain data (no Django imports here). ``install_default_catalogue`` installs it
where tests need it; migration 0002 installs its own frozen copy
(``migrations/_catalogue_0002.py``) and migration 0010 adds the 2024 rows and renames
(``migrations/_catalogue_0010.py``), so a change here does not change what they install.

Codes are stable identifiers used by imports, exports, formulas and checks. Names and
help texts are bilingual. ``lnb_code`` values are placeholders in a "B" + three digits
pattern (hundreds and tens by section); LNB's real codes are loaded by the department as
``LnbCode`` rows valid from a year on (the "LNB codes" page, ``statistics_lnb_codes``).
Indicators added in 2024 have no code until then. Formulas and checks are data valid from
1990; a form change adds a new version.

Sources of the 2024 additions (names, definitions, what the forms ask):

- Culture Minister order ĮV-948 of 7 December 2023 re-issuing order ĮV-695 ("Dėl bibliotekų
  veiklos statistinių ataskaitų formų patvirtinimo"), based on ISO 2789:2022; forms apply
  from reporting year 2024, data due to LNB by 10 February:
  https://www.e-tar.lt/rs/legalact/ceba971094f411eea5a28c81c82193a8/
  and LNB's notice of the new forms as republished by the Klaipėda county library:
  https://klavb.lt/naujienos-regionui/487/nuo-2024-metu-keiciasi-biblioteku-veiklos-statistiniu-ataskaitu-formos:1198
- LNB, "Statistika (bibliotekininkui)": virtual visits include virtual event attendance since
  24 November 2020; e-resource use is counted under Culture Minister order No. 767 of
  16 June 2020 ("Naudojimosi bibliotekos elektroniniais ištekliais ir paslaugomis apskaitos
  tvarkos aprašas"); only money is reported as funds received; funds and expenses need not
  balance: https://www.lnb.lt/informacijos-mokslu-specialistams/profesine-edukacija-konsultacijos/statistika-bibliotekininkui
  https://h176.lnb.lt/paslaugos/bibliotekoms/profesine-edukacija-konsultacijos/statistika-bibliotekininkui
  https://www.lnb.lt/naujienos/5580-patvirtintas-naudojimosi-bibliotekos-elektroniniais-istekliais-ir-paslaugomis-apskaitos-tvarkos-aprasas
- LNB's yearly summaries (internet sessions, public computers and internet access,
  part-time staff, libraries without employees, downloads per resident and per user):
  https://www.lnb.lt/naujienos/9761-per-praejusius-metus-lietuvoje-isaugo-biblioteku-lankytoju-skaicius
  https://docslib.org/doc/1470336/lithuanian-libraries-in-2012-2-633-libraries-or-by-61-library
- County analyses the derived indicators follow (residents, users and visits per library;
  professional librarians of whom part-time): Klaipėda county library, 2021 and 2022
  https://klavb.lt/naujienos-regionui/487/klaipedos-ir-taurages-apskriciu-savivaldybiu-viesuju-biblioteku-statistika:611
  https://klavb.lt/naujienos-regionui/487/2022-m.-klaipedos-ir-taurages-apskriciu-savivaldybiu-viesuju-biblioteku-statistika:1033

The forms themselves are Excel annexes of ĮV-948 that were not available as text: every
name or definition not checked against them says "(patikslinti)" / "(confirm)" in its help.
"""

from decimal import Decimal

# Library kinds (bibliotekos.models.LibraryKind values).
_PUBLIC = [
    "county", "system", "central", "city_branch", "rural_branch", "service_point", "mobile",
]
_ALL = [*_PUBLIC, "school"]
# Outlets with premises of their own (a mobile library has none).
_PREMISES = [kind for kind in _ALL if kind != "mobile"]
# Kinds with a population of their own service area.
_RESIDENTS = ["county", "system", "central", "city_branch", "rural_branch", "service_point"]
# Answered once for the whole library (a system or the regional library itself).
_SYSTEM_ONLY = ["county", "system"]
_STAFF = [*_SYSTEM_ONLY, "school"]

SECTIONS = [
    {"code": "network", "name_lt": "Tinklas", "name_en": "Network", "order": 10},
    {"code": "users", "name_lt": "Vartotojai", "name_en": "Users", "order": 20},
    {"code": "visits", "name_lt": "Apsilankymai", "name_en": "Visits", "order": 30},
    {"code": "collection", "name_lt": "Fondas", "name_en": "Collection", "order": 40},
    {"code": "loans", "name_lt": "Išduotis", "name_en": "Loans", "order": 50},
    {"code": "events", "name_lt": "Renginiai", "name_en": "Events", "order": 60},
    {"code": "information", "name_lt": "Informacinės paslaugos",
     "name_en": "Information services", "order": 65},
    {"code": "staff", "name_lt": "Darbuotojai", "name_en": "Staff", "order": 70},
    {"code": "technology", "name_lt": "Technologijos", "name_en": "Technology", "order": 80},
    {"code": "finance", "name_lt": "Finansai", "name_en": "Finance", "order": 90},
    {"code": "premises", "name_lt": "Patalpos", "name_en": "Premises", "order": 100},
    {"code": "population", "name_lt": "Aptarnaujami gyventojai", "name_en": "Population served",
     "order": 110},
    {"code": "derived", "name_lt": "Santykiniai rodikliai", "name_en": "Derived indicators",
     "order": 120},
]

INDICATORS = [
    # --- Tinklas (Network) ---
    {
        "code": "outlets_central",
        "section": "network",
        "order": 10,
        "name_lt": "Centrinės bibliotekos",
        "name_en": "Central libraries",
        "help_lt": (
            "Sistemos centrinių bibliotekų skaičius metų pabaigoje (paprastai 1). Jei nebuvo, "
            "įrašykite 0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Number of central libraries in the system at the end of the year (usually 1). Enter 0 "
            "if there were none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B101",
        "derived": False,
    },
    {
        "code": "outlets_city",
        "section": "network",
        "order": 20,
        "name_lt": "Miesto filialai",
        "name_en": "City branches",
        "help_lt": (
            "Sistemos miesto filialų skaičius metų pabaigoje. Jei nebuvo, įrašykite 0; jei "
            "nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Number of city branches in the system at the end of the year. Enter 0 if there were "
            "none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B102",
        "derived": False,
    },
    {
        "code": "outlets_rural",
        "section": "network",
        "order": 30,
        "name_lt": "Kaimo filialai",
        "name_en": "Rural branches",
        "help_lt": (
            "Sistemos kaimo filialų skaičius metų pabaigoje. Jei nebuvo, įrašykite 0; jei "
            "nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Number of rural branches in the system at the end of the year. Enter 0 if there were "
            "none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B103",
        "derived": False,
    },
    {
        "code": "outlets_service_points",
        "section": "network",
        "order": 40,
        "name_lt": "Paslaugų punktai",
        "name_en": "Service points",
        "help_lt": (
            "Sistemos paslaugų punktų, kuriuose aptarnaujami vartotojai, skaičius metų pabaigoje. "
            "Jei nebuvo, įrašykite 0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Number of service points where users are served, at the end of the year. Enter 0 if "
            "there were none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B104",
        "derived": False,
    },
    {
        "code": "outlets_mobile",
        "section": "network",
        "order": 50,
        "name_lt": "Mobilios bibliotekos",
        "name_en": "Mobile libraries",
        "help_lt": (
            "Sistemos mobilių bibliotekų (bibliobusų) skaičius metų pabaigoje. Jei nebuvo, "
            "įrašykite 0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Number of mobile libraries (bookmobiles) in the system at the end of the year. Enter "
            "0 if there were none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B105",
        "derived": False,
    },
    # --- Vartotojai (Users) ---
    {
        "code": "users_registered",
        "section": "users",
        "order": 10,
        "name_lt": "Registruoti vartotojai",
        "name_en": "Registered users",
        "help_lt": (
            "Asmenys, per ataskaitinius metus įregistruoti ar perregistruoti bibliotekoje (nauji "
            "ir perregistruoti vartotojai). Tas pats asmuo tame pačiame padalinyje skaičiuojamas "
            "vieną kartą."
        ),
        "help_en": (
            "People registered or re-registered at the library during the reporting year (new and "
            "re-registered users). A person is counted once per outlet."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B111",
        "derived": False,
    },
    {
        "code": "users_children",
        "section": "users",
        "order": 20,
        "name_lt": "Iš jų vaikai (iki 14 m.)",
        "name_en": "of which children (under 14)",
        "help_lt": (
            "Registruoti vartotojai vaikai iki 14 metų. Įeina į registruotų vartotojų skaičių."
        ),
        "help_en": "Registered users who are children under 14. Included in registered users.",
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": "users_registered",
        "change_threshold_pct": 30,
        "lnb_code": "B112",
        "derived": False,
    },
    {
        "code": "users_new",
        "section": "users",
        "order": 30,
        "name_lt": "Iš jų nauji vartotojai",
        "name_en": "of which newly registered",
        "help_lt": (
            "Asmenys, per ataskaitinius metus bibliotekoje įregistruoti pirmą kartą. Įeina į "
            "registruotų vartotojų skaičių."
        ),
        "help_en": (
            "People registered at the library for the first time during the reporting year. "
            "Included in registered users."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": "users_registered",
        "change_threshold_pct": 30,
        "lnb_code": "B113",
        "derived": False,
    },
    {
        "code": "users_pupils",
        "section": "users",
        "order": 40,
        "name_lt": "Iš jų mokiniai",
        "name_en": "of which pupils",
        "help_lt": (
            "Registruoti vartotojai – mokyklos mokiniai. Įeina į registruotų vartotojų skaičių."
        ),
        "help_en": "Registered users who are pupils of the school. Included in registered users.",
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["school"],
        "recorded_at": "outlet",
        "part_of": "users_registered",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "users_teachers",
        "section": "users",
        "order": 50,
        "name_lt": "Iš jų mokytojai",
        "name_en": "of which teachers",
        "help_lt": (
            "Registruoti vartotojai – mokytojai ir kiti pedagogai. Įeina į registruotų vartotojų "
            "skaičių. Ar įskaičiuojami kiti mokyklos darbuotojai – patikslinti pagal LNB formą "
            "(patikslinti)."
        ),
        "help_en": (
            "Registered users who are teachers and other educators. Included in registered users. "
            "Whether other school staff belong here is to be checked against LNB's form (confirm)."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["school"],
        "recorded_at": "outlet",
        "part_of": "users_registered",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "users_city",
        "section": "users",
        "order": 60,
        "name_lt": "Miesto bibliotekų vartotojai",
        "name_en": "Users of city libraries",
        "help_lt": (
            "Neįrašoma formoje: apskaičiuojama sudėjus centrinės bibliotekos ir miesto filialų "
            "registruotus vartotojus. Mobiliųjų bibliotekų vartotojai nepriskiriami nei miestui, "
            "nei kaimui."
        ),
        "help_en": (
            "Not asked on any form: the registered users of the central library and the city "
            "branches, added up. Users of mobile libraries count as neither city nor rural."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "users_rural",
        "section": "users",
        "order": 70,
        "name_lt": "Kaimo bibliotekų vartotojai",
        "name_en": "Users of rural libraries",
        "help_lt": (
            "Neįrašoma formoje: apskaičiuojama sudėjus kaimo filialų ir paslaugų punktų "
            "registruotus vartotojus."
        ),
        "help_en": (
            "Not asked on any form: the registered users of the rural branches and service points, "
            "added up."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": False,
    },
    # --- Apsilankymai (Visits) ---
    {
        "code": "visits",
        "section": "visits",
        "order": 10,
        "name_lt": "Fiziniai apsilankymai",
        "name_en": "Physical visits",
        "help_lt": (
            "Fiziniai apsilankymai bibliotekoje per ataskaitinius metus; kiekvienas atėjimas "
            "skaičiuojamas atskirai. Virtualūs apsilankymai čia neįskaičiuojami."
        ),
        "help_en": (
            "Physical visits to the library during the reporting year; every visit counts. Virtual "
            "visits are not included here."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B121",
        "derived": False,
    },
    {
        "code": "visits_children",
        "section": "visits",
        "order": 20,
        "name_lt": "Iš jų vaikų apsilankymai",
        "name_en": "of which by children (under 14)",
        "help_lt": "Vaikų iki 14 metų fiziniai apsilankymai. Įeina į visų apsilankymų skaičių.",
        "help_en": "Physical visits by children under 14. Included in all physical visits.",
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": "visits",
        "change_threshold_pct": 30,
        "lnb_code": "B122",
        "derived": False,
    },
    {
        "code": "visits_virtual",
        "section": "visits",
        "order": 30,
        "name_lt": "Virtualūs apsilankymai",
        "name_en": "Virtual visits",
        "help_lt": (
            "Nuotoliniai apsilankymai bibliotekos svetainėje, kataloge ir kitose elektroninėse "
            "paslaugose; nuo 2020 m. įskaičiuojami ir virtualių renginių dalyviai. Skaičiuojami "
            "atskirai nuo fizinių apsilankymų."
        ),
        "help_en": (
            "Remote visits to the library's website, catalogue and other electronic services; "
            "since 2020 they include virtual event attendance. Counted separately from physical "
            "visits."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B123",
        "derived": False,
    },
    {
        "code": "website_visits",
        "section": "visits",
        "order": 40,
        "name_lt": "Apsilankymai bibliotekos interneto svetainėje",
        "name_en": "Website visits",
        "help_lt": (
            "Bibliotekos interneto svetainės apsilankymų (sesijų) skaičius per ataskaitinius metus "
            "pagal svetainės lankomumo statistiką (ISO 2789:2022). Sistema nurodo vieną savo "
            "svetainės skaičių. Naujas rodiklis nuo 2024 m. formų; ar jis įskaičiuojamas ir į "
            "virtualius apsilankymus – patikslinti (patikslinti)."
        ),
        "help_en": (
            "Visits (sessions) to the library's website during the reporting year, from the site's "
            "web analytics (ISO 2789:2022). A system gives one figure for its website. New with "
            "the 2024 forms; whether it is also counted in virtual visits is to be checked "
            "(confirm)."
        ),
        "unit": "apsil.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "valid_from": 2024,
        "lnb_code": "",
        "derived": False,
    },
    # --- Fondas (Collection) ---
    {
        "code": "collection_items",
        "section": "collection",
        "order": 10,
        "name_lt": "Fondas (fiz. vnt.)",
        "name_en": "Collection (physical items)",
        "help_lt": (
            "Dokumentų fondo dydis ataskaitinių metų pabaigoje (gruodžio 31 d.), fiziniais "
            "vienetais."
        ),
        "help_en": (
            "Size of the collection at the end of the reporting year (31 December), in physical "
            "items."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B131",
        "derived": False,
    },
    {
        "code": "collection_titles",
        "section": "collection",
        "order": 20,
        "name_lt": "Fondas (pavadinimai)",
        "name_en": "Collection (titles)",
        "help_lt": "Skirtingų dokumentų pavadinimų skaičius fonde ataskaitinių metų pabaigoje.",
        "help_en": "Number of different titles in the collection at the end of the reporting year.",
        "unit": "pavad.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B132",
        "derived": False,
    },
    {
        "code": "acquired_items",
        "section": "collection",
        "order": 30,
        "name_lt": "Gauta dokumentų (fiz. vnt.)",
        "name_en": "Acquired (physical items)",
        "help_lt": (
            "Per ataskaitinius metus į fondą įtraukti dokumentai (pirkti, gauti dovanų, mainais ir "
            "kt.), fiziniais vienetais."
        ),
        "help_en": (
            "Items added to the collection during the reporting year (bought, donated, exchanged "
            "etc.), in physical items."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B133",
        "derived": False,
    },
    {
        "code": "acquired_titles",
        "section": "collection",
        "order": 40,
        "name_lt": "Gauta dokumentų (pavadinimai)",
        "name_en": "Acquired (titles)",
        "help_lt": (
            "Per ataskaitinius metus gautų dokumentų pavadinimų skaičius. Tai ne gautų fizinių "
            "vienetų dalis, o atskiras skaičius kitais vienetais."
        ),
        "help_en": (
            "Number of titles acquired during the reporting year. Not a part of acquired items but "
            "a separate count in another unit."
        ),
        "unit": "pavad.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B134",
        "derived": False,
    },
    {
        "code": "withdrawn_items",
        "section": "collection",
        "order": 50,
        "name_lt": "Nurašyta dokumentų (fiz. vnt.)",
        "name_en": "Withdrawn (physical items)",
        "help_lt": (
            "Per ataskaitinius metus iš fondo nurašyti dokumentai (susidėvėję, prarasti, pasenę "
            "turiniu ir kt.), fiziniais vienetais."
        ),
        "help_en": (
            "Items withdrawn from the collection during the reporting year (worn out, lost, "
            "outdated etc.), in physical items."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B135",
        "derived": False,
    },
    {
        "code": "acquired_new_titles",
        "section": "collection",
        "order": 45,
        "name_lt": "Iš jų nauji pavadinimai",
        "name_en": "of which new titles",
        "help_lt": (
            "Gautų dokumentų pavadinimai, kurių bibliotekos fonde iki tol nebuvo. Įeina į gautų "
            "pavadinimų skaičių. Nuo 2024 m. formų (patikslinti)."
        ),
        "help_en": (
            "Titles acquired that the library's collection did not hold before. Included in titles "
            "acquired. From the 2024 forms (confirm)."
        ),
        "unit": "pavad.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": "acquired_titles",
        "change_threshold_pct": 30,
        "valid_from": 2024,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "periodical_titles",
        "section": "collection",
        "order": 60,
        "name_lt": "Prenumeruojami periodiniai leidiniai (pavadinimai)",
        "name_en": "Periodical subscriptions (titles)",
        "help_lt": (
            "Per ataskaitinius metus prenumeruotų periodinių leidinių (laikraščių, žurnalų) "
            "pavadinimų skaičius. Sistema nurodo nepasikartojančius pavadinimus: tas pats "
            "leidinys, prenumeruojamas keliems padaliniams, skaičiuojamas vieną kartą."
        ),
        "help_en": (
            "Number of periodical titles (newspapers, magazines) subscribed during the reporting "
            "year. A system gives unique titles: a title subscribed for several outlets counts "
            "once."
        ),
        "unit": "pavad.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "textbook_items",
        "section": "collection",
        "order": 70,
        "name_lt": "Vadovėlių fondas (fiz. vnt.)",
        "name_en": "Textbook stock (items)",
        "help_lt": (
            "Mokyklos bibliotekos vadovėlių fondas metų pabaigoje, fiziniais vienetais. Nurodomas "
            "atskirai; ar vadovėliai įeina ir į dokumentų fondą – patikslinti pagal LNB formą "
            "(patikslinti)."
        ),
        "help_en": (
            "The school library's textbook stock at the end of the year, in physical items. "
            "Reported separately; whether textbooks are also part of the collection is to be "
            "checked against LNB's form (confirm)."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["school"],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    # --- Išduotis (Loans) ---
    {
        "code": "loans",
        "section": "loans",
        "order": 10,
        "name_lt": "Išduotis",
        "name_en": "Loans",
        "help_lt": (
            "Per ataskaitinius metus vartotojams išduoti dokumentai (į namus ir skaityti vietoje), "
            "fiziniais vienetais. Elektroninių išteklių naudojimas nurodomas atskirai."
        ),
        "help_en": (
            "Items lent to users during the reporting year (home loans and in-library use), in "
            "physical items. Use of electronic resources is reported separately."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B141",
        "derived": False,
    },
    {
        "code": "loans_children",
        "section": "loans",
        "order": 20,
        "name_lt": "Iš jos vaikams",
        "name_en": "of which to children (under 14)",
        "help_lt": "Vaikams iki 14 metų išduoti dokumentai. Įeina į visą išduotį.",
        "help_en": "Items lent to children under 14. Included in all loans.",
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": "loans",
        "change_threshold_pct": 30,
        "lnb_code": "B142",
        "derived": False,
    },
    {
        "code": "ill_given",
        "section": "loans",
        "order": 30,
        "name_lt": "TBA išduota kitoms bibliotekoms",
        "name_en": "Interlibrary loans supplied",
        "help_lt": (
            "Dokumentai, tarpbibliotekinio abonemento (TBA) būdu per metus išsiųsti kitoms "
            "bibliotekoms. Jei nebuvo, įrašykite 0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Items supplied to other libraries through interlibrary loan during the year. Enter 0 "
            "if there were none; mark “not known” if unknown."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 50,
        "lnb_code": "B143",
        "derived": False,
    },
    {
        "code": "ill_received",
        "section": "loans",
        "order": 40,
        "name_lt": "TBA gauta iš kitų bibliotekų",
        "name_en": "Interlibrary loans received",
        "help_lt": (
            "Dokumentai, tarpbibliotekinio abonemento (TBA) būdu per metus gauti iš kitų "
            "bibliotekų vartotojams. Jei nebuvo, įrašykite 0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Items received from other libraries through interlibrary loan for users during the "
            "year. Enter 0 if there were none; mark “not known” if unknown."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 50,
        "lnb_code": "B144",
        "derived": False,
    },
    {
        "code": "downloads",
        "section": "loans",
        "order": 50,
        "name_lt": "Atsisiųsti elektroniniai dokumentai",
        "name_en": "Downloads of electronic documents",
        "help_lt": (
            "Iš elektroninių išteklių ir duomenų bazių atsisiųsti ar peržiūrėti turinio vienetai "
            "(dokumentai, straipsniai, knygų skyriai), skaičiuojami pagal kultūros ministro 2020 "
            "m. įsakymą Nr. 767. Duomenų bazių seansai ir paieškos nurodomi atskirai. Jei nebuvo, "
            "įrašykite 0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Content units (documents, articles, book chapters) downloaded or viewed from "
            "electronic resources and databases, counted as set by the Minister of Culture's order "
            "No. 767 (2020). Database sessions and searches are reported separately. Enter 0 if "
            "there were none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 50,
        "lnb_code": "B145",
        "derived": False,
    },
    {
        "code": "loans_pupils",
        "section": "loans",
        "order": 25,
        "name_lt": "Iš jos mokiniams",
        "name_en": "of which to pupils",
        "help_lt": "Mokiniams išduoti dokumentai, fiziniais vienetais. Įeina į išduotį.",
        "help_en": "Items lent to pupils, in physical items. Included in loans.",
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["school"],
        "recorded_at": "outlet",
        "part_of": "loans",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "textbook_loans",
        "section": "loans",
        "order": 27,
        "name_lt": "Vadovėlių išduotis",
        "name_en": "Textbook loans",
        "help_lt": (
            "Per ataskaitinius metus mokiniams ir mokytojams išduoti vadovėliai, fiziniais "
            "vienetais. Nurodoma atskirai nuo išduoties (patikslinti)."
        ),
        "help_en": (
            "Textbooks lent to pupils and teachers during the reporting year, in physical items. "
            "Reported separately from loans (confirm)."
        ),
        "unit": "fiz. vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["school"],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "db_sessions",
        "section": "loans",
        "order": 60,
        "name_lt": "Duomenų bazių seansai",
        "name_en": "Database sessions",
        "help_lt": (
            "Bibliotekos prenumeruojamų ir teikiamų duomenų bazių seansų (sėkmingų prisijungimų) "
            "skaičius, apskaitomas pagal Naudojimosi bibliotekos elektroniniais ištekliais ir "
            "paslaugomis apskaitos tvarkos aprašą (kultūros ministro 2020 m. birželio 16 d. "
            "įsakymas Nr. 767) ir leidėjų COUNTER ataskaitas. Tikslus aprašo rodiklio pavadinimas "
            "– patikslinti (patikslinti)."
        ),
        "help_en": (
            "Sessions (successful log-ins) on the databases the library subscribes to or provides, "
            "counted as the Minister of Culture's order No. 767 of 16 June 2020 and the "
            "publishers' COUNTER reports set. The order's exact name of the measure is to be "
            "checked (confirm)."
        ),
        "unit": "seans.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "valid_from": 2024,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "db_searches",
        "section": "loans",
        "order": 70,
        "name_lt": "Paieškos duomenų bazėse",
        "name_en": "Database searches",
        "help_lt": (
            "Paieškos užklausų bibliotekos prenumeruojamose ir teikiamose duomenų bazėse skaičius, "
            "apskaitomas pagal kultūros ministro 2020 m. įsakymą Nr. 767 ir leidėjų COUNTER "
            "ataskaitas (patikslinti)."
        ),
        "help_en": (
            "Searches run on the databases the library subscribes to or provides, counted as the "
            "Minister of Culture's order No. 767 (2020) and the publishers' COUNTER reports set "
            "(confirm)."
        ),
        "unit": "paieškos",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "valid_from": 2024,
        "lnb_code": "",
        "derived": False,
    },
    # --- Renginiai (Events) ---
    {
        "code": "events",
        "section": "events",
        "order": 10,
        "name_lt": "Renginiai",
        "name_en": "Events",
        "help_lt": (
            "Per ataskaitinius metus bibliotekos surengti renginiai, įskaitant edukacinius "
            "užsiėmimus ir virtualius renginius. Parodos skaičiuojamos atskirai."
        ),
        "help_en": (
            "Events held by the library during the reporting year, including educational sessions "
            "and virtual events. Exhibitions are counted separately."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 50,
        "lnb_code": "B151",
        "derived": False,
    },
    {
        "code": "event_attendance",
        "section": "events",
        "order": 20,
        "name_lt": "Apsilankymai renginiuose",
        "name_en": "Event attendances",
        "help_lt": (
            "Apsilankymų bibliotekos renginiuose skaičius per ataskaitinius metus: kiekvienas "
            "dalyvavimas skaičiuojamas atskirai (tas pats asmuo dviejuose renginiuose – du "
            "apsilankymai). Nuo 2020 m. virtualių renginių dalyviai įskaičiuojami ir į virtualius "
            "apsilankymus."
        ),
        "help_en": (
            "Attendances at the library's events during the reporting year: every attendance "
            "counts (one person at two events is two attendances). Since 2020 virtual event "
            "attendance is also counted in virtual visits."
        ),
        "unit": "apsil.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 50,
        "lnb_code": "B152",
        "derived": False,
    },
    {
        "code": "exhibitions",
        "section": "events",
        "order": 30,
        "name_lt": "Parodos",
        "name_en": "Exhibitions",
        "help_lt": (
            "Per ataskaitinius metus bibliotekoje surengtos parodos. Jei nebuvo, įrašykite 0; jei "
            "nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Exhibitions held by the library during the reporting year. Enter 0 if there were "
            "none; mark “not known” if unknown."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 50,
        "lnb_code": "B153",
        "derived": False,
    },
    {
        "code": "training_sessions",
        "section": "events",
        "order": 40,
        "name_lt": "Vartotojų mokymai",
        "name_en": "User training sessions",
        "help_lt": (
            "Per ataskaitinius metus surengti vartotojų mokymai (informacinio ir skaitmeninio "
            "raštingumo, naudojimosi katalogu, duomenų bazėmis ir pan.), įskaitant nuotolinius; "
            "kiekvienas užsiėmimas skaičiuojamas atskirai. Ar mokymai įskaičiuojami ir į renginius "
            "– patikslinti (patikslinti)."
        ),
        "help_en": (
            "User training sessions held during the reporting year (information and digital "
            "literacy, using the catalogue or databases etc.), online ones included; every session "
            "counts. Whether they are also counted as events is to be checked (confirm)."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "training_participants",
        "section": "events",
        "order": 50,
        "name_lt": "Vartotojų mokymų dalyviai",
        "name_en": "User training attendances",
        "help_lt": (
            "Vartotojų mokymų dalyvių skaičius: kiekvienas dalyvavimas skaičiuojamas atskirai (tas "
            "pats asmuo dviejuose mokymuose – du dalyvavimai)."
        ),
        "help_en": (
            "Attendances at user training: every attendance counts (one person at two sessions is "
            "two attendances)."
        ),
        "unit": "dalyv.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    # --- Informacinės paslaugos (Information services) ---
    {
        "code": "reference_questions",
        "section": "information",
        "order": 10,
        "name_lt": "Informacinės užklausos",
        "name_en": "Reference questions",
        "help_lt": (
            "Vartotojų pateiktos ir atsakytos informacinės užklausos (bibliografinės, "
            "faktografinės, teminės) – bibliotekoje, telefonu, el. paštu ar per „Klausk "
            "bibliotekininko“. Užklausos dėl bibliotekos vietos, darbo laiko ir pan. "
            "neskaičiuojamos (ISO 2789:2022)."
        ),
        "help_en": (
            "Reference questions asked by users and answered (bibliographic, factual, subject) – "
            "at the library, by phone, e-mail or the “Ask a librarian” service. Directional and "
            "administrative questions are not counted (ISO 2789:2022)."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    # --- Darbuotojai (Staff) ---
    {
        "code": "staff",
        "section": "staff",
        "order": 10,
        "name_lt": "Darbuotojai",
        "name_en": "Staff",
        "help_lt": (
            "Visų bibliotekos darbuotojų (ne tik bibliotekininkų) skaičius metų pabaigoje, "
            "fiziniais asmenimis, ne etatais."
        ),
        "help_en": (
            "All library employees (not only librarians) at the end of the year, counted as "
            "persons, not FTE."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B161",
        "derived": False,
    },
    {
        "code": "staff_professional",
        "section": "staff",
        "order": 20,
        "name_lt": "Iš jų profesionalūs bibliotekininkai",
        "name_en": "of which professional librarians",
        "help_lt": (
            "Darbuotojai, einantys bibliotekininko, bibliografo ar kitas profesines bibliotekines "
            "pareigas. Įeina į visų darbuotojų skaičių."
        ),
        "help_en": (
            "Employees in librarian, bibliographer or other professional library posts. Included "
            "in all staff."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": "staff",
        "change_threshold_pct": 30,
        "lnb_code": "B162",
        "derived": False,
    },
    {
        "code": "staff_higher_education",
        "section": "staff",
        "order": 30,
        "name_lt": "Iš jų su aukštuoju išsilavinimu",
        "name_en": "of which with higher education",
        "help_lt": (
            "Darbuotojai, turintys aukštąjį (universitetinį ar koleginį) išsilavinimą. Įeina į "
            "visų darbuotojų skaičių."
        ),
        "help_en": (
            "Employees with higher (university or college) education. Included in all staff."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": "staff",
        "change_threshold_pct": 30,
        "lnb_code": "B163",
        "derived": False,
    },
    {
        "code": "staff_fte",
        "section": "staff",
        "order": 40,
        "name_lt": "Etatai",
        "name_en": "Full-time equivalents (FTE)",
        "help_lt": (
            "Visų darbuotojų užimamų etatų skaičius metų pabaigoje, dviejų skaitmenų po kablelio "
            "tikslumu (pvz., 12,75)."
        ),
        "help_en": (
            "Full-time equivalents held by all employees at the end of the year, to two decimals "
            "(e.g. 12.75)."
        ),
        "unit": "etat.",
        "value_type": "decimal",
        "decimals": 2,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B164",
        "derived": False,
    },
    {
        "code": "staff_professional_part_time",
        "section": "staff",
        "order": 22,
        "name_lt": "Iš jų dirbantys ne visą darbo dieną",
        "name_en": "of which working part-time",
        "help_lt": (
            "Profesionalūs bibliotekininkai, dirbantys ne visą darbo laiką (mažiau nei vienu "
            "etatu). Įeina į profesionalių bibliotekininkų skaičių; ar LNB forma klausia apie "
            "visus darbuotojus – patikslinti (patikslinti)."
        ),
        "help_en": (
            "Professional librarians working part-time (less than one full-time post). Included in "
            "professional librarians; whether LNB's form asks this of all staff is to be checked "
            "(confirm)."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": "staff_professional",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "staff_professional_lis",
        "section": "staff",
        "order": 24,
        "name_lt": "Iš jų su bibliotekininkystės ir informacijos mokslų išsilavinimu",
        "name_en": "of which with library and information science education",
        "help_lt": (
            "Profesionalūs bibliotekininkai, turintys bibliotekininkystės ar informacijos mokslų "
            "(aukštąjį ar aukštesnįjį) išsilavinimą. Įeina į profesionalių bibliotekininkų "
            "skaičių; ar įskaičiuojamas aukštesnysis išsilavinimas – patikslinti (patikslinti)."
        ),
        "help_en": (
            "Professional librarians educated in library or information science (higher or "
            "post-secondary). Included in professional librarians; whether post-secondary "
            "education counts is to be checked (confirm)."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": "staff_professional",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "staff_professional_fte",
        "section": "staff",
        "order": 45,
        "name_lt": "Profesionalių bibliotekininkų etatai",
        "name_en": "Full-time equivalents of professional librarians",
        "help_lt": (
            "Profesionalių bibliotekininkų užimamų etatų skaičius metų pabaigoje, dviejų skaitmenų "
            "po kablelio tikslumu. Įeina į visų etatų skaičių."
        ),
        "help_en": (
            "Full-time equivalents held by professional librarians at the end of the year, to two "
            "decimals. Included in all full-time equivalents."
        ),
        "unit": "etat.",
        "value_type": "decimal",
        "decimals": 2,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": "staff_fte",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "staff_trained",
        "section": "staff",
        "order": 50,
        "name_lt": "Darbuotojai, tobulinę kvalifikaciją",
        "name_en": "Staff who took professional development",
        "help_lt": (
            "Darbuotojai, per ataskaitinius metus dalyvavę kvalifikacijos tobulinimo renginiuose "
            "(mokymuose, seminaruose, stažuotėse, konferencijose); kiekvienas asmuo skaičiuojamas "
            "vieną kartą. Įeina į visų darbuotojų skaičių. Nuo 2024 m. formų (patikslinti)."
        ),
        "help_en": (
            "Employees who took part in professional development (training, seminars, job "
            "shadowing, conferences) during the reporting year; each person counts once. Included "
            "in all staff. From the 2024 forms (confirm)."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": "staff",
        "change_threshold_pct": 30,
        "valid_from": 2024,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "staff_outlet",
        "section": "staff",
        "order": 60,
        "name_lt": "Padalinio darbuotojai",
        "name_en": "Staff of the outlet",
        "help_lt": (
            "Darbuotojų, dirbančių šiame padalinyje (centrinėje bibliotekoje, filiale, paslaugų "
            "punkte, mobilioje bibliotekoje), skaičius metų pabaigoje, fiziniais asmenimis. 0 – "
            "padalinys be darbuotojų (LNB skaičiuoja bibliotekas be darbuotojų). Sistemos visų "
            "darbuotojų skaičius nurodomas atskirai."
        ),
        "help_en": (
            "Employees working at this outlet (the central library, a branch, a service point, a "
            "mobile library) at the end of the year, as persons. 0 means an outlet without staff "
            "(LNB counts libraries without employees). The system's total staff is reported "
            "separately."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["central", "city_branch", "rural_branch", "service_point", "mobile"],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": False,
    },
    # --- Technologijos (Technology) ---
    {
        "code": "computers_public",
        "section": "technology",
        "order": 10,
        "name_lt": "Kompiuterizuotos darbo vietos vartotojams",
        "name_en": "Public computer workstations",
        "help_lt": "Vartotojams skirtų kompiuterizuotų darbo vietų skaičius metų pabaigoje.",
        "help_en": "Number of computer workstations for users at the end of the year.",
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B171",
        "derived": False,
    },
    {
        "code": "computers_internet",
        "section": "technology",
        "order": 20,
        "name_lt": "Iš jų su internetu",
        "name_en": "of which with internet access",
        "help_lt": (
            "Vartotojams skirtos kompiuterizuotos darbo vietos, turinčios interneto prieigą. Įeina "
            "į visų kompiuterizuotų darbo vietų skaičių."
        ),
        "help_en": (
            "Public computer workstations with internet access. Included in all public "
            "workstations."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": "computers_public",
        "change_threshold_pct": 30,
        "lnb_code": "B172",
        "derived": False,
    },
    {
        "code": "internet_sessions",
        "section": "technology",
        "order": 30,
        "name_lt": "Interneto seansai",
        "name_en": "Internet sessions",
        "help_lt": (
            "Vartotojų interneto seansų bibliotekos kompiuterizuotose darbo vietose skaičius per "
            "ataskaitinius metus (ISO 2789:2022). Ar įskaičiuojami seansai per bibliotekos belaidį "
            "internetą – patikslinti (patikslinti)."
        ),
        "help_en": (
            "Users' internet sessions on the library's public workstations during the reporting "
            "year (ISO 2789:2022). Whether sessions on the library's wireless network count is to "
            "be checked (confirm)."
        ),
        "unit": "seans.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_ALL],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "outlets_with_computers",
        "section": "technology",
        "order": 40,
        "name_lt": "Bibliotekos, turinčios kompiuterizuotų darbo vietų vartotojams",
        "name_en": "Outlets with public computers",
        "help_lt": (
            "Sistemos bibliotekų (centrinės bibliotekos, filialų, paslaugų punktų, mobilių "
            "bibliotekų), turinčių bent vieną kompiuterizuotą darbo vietą vartotojams, skaičius "
            "metų pabaigoje."
        ),
        "help_en": (
            "The system's outlets (central library, branches, service points, mobile libraries) "
            "with at least one public computer workstation at the end of the year."
        ),
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "outlets_with_internet",
        "section": "technology",
        "order": 50,
        "name_lt": "Bibliotekos, turinčios interneto prieigą vartotojams",
        "name_en": "Outlets with public internet access",
        "help_lt": (
            "Sistemos bibliotekų, kuriose vartotojai gali naudotis internetu, skaičius metų "
            "pabaigoje."
        ),
        "help_en": "The system's outlets where users can use the internet, at the end of the year.",
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    # --- Finansai (Finance) ---
    {
        "code": "income_total",
        "section": "finance",
        "order": 10,
        "name_lt": "Gautos lėšos iš viso",
        "name_en": "Funds received, total",
        "help_lt": (
            "Visos per ataskaitinius metus gautos bibliotekos lėšos eurais (tik piniginės lėšos). "
            "Gautos lėšos ir išlaidos nurodomos atskirai, jų balansas nereikalaujamas. Suma "
            "nurodoma sveikais eurais."
        ),
        "help_en": (
            "All funds received by the library during the reporting year, in euros (money only). "
            "Funds received and expenses are reported separately; no balance is required. In whole "
            "euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B181",
        "derived": False,
    },
    {
        "code": "income_municipal",
        "section": "finance",
        "order": 20,
        "name_lt": "Iš jų savivaldybės lėšos",
        "name_en": "of which municipal funds",
        "help_lt": (
            "Savivaldybės biudžeto lėšos, gautos per ataskaitinius metus. Suma nurodoma sveikais "
            "eurais."
        ),
        "help_en": (
            "Funds from the municipal budget received during the reporting year. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "income_total",
        "change_threshold_pct": 30,
        "lnb_code": "B182",
        "derived": False,
    },
    {
        "code": "income_state",
        "section": "finance",
        "order": 30,
        "name_lt": "Iš jų valstybės biudžeto lėšos",
        "name_en": "of which state budget funds",
        "help_lt": (
            "Valstybės biudžeto lėšos, gautos per ataskaitinius metus. Suma nurodoma sveikais "
            "eurais."
        ),
        "help_en": (
            "Funds from the state budget received during the reporting year. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "income_total",
        "change_threshold_pct": 30,
        "lnb_code": "B183",
        "derived": False,
    },
    {
        "code": "income_projects",
        "section": "finance",
        "order": 40,
        "name_lt": "Iš jų projektinės lėšos",
        "name_en": "of which project funding",
        "help_lt": (
            "Lėšos, gautos projektams (Lietuvos kultūros tarybos, ES ir kitų programų). Jei "
            "nebuvo, įrašykite 0; jei nežinoma, pažymėkite „nežinoma“. Suma nurodoma sveikais "
            "eurais."
        ),
        "help_en": (
            "Funds received for projects (Lithuanian Council for Culture, EU and other "
            "programmes). Enter 0 if there were none; mark “not known” if unknown. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "income_total",
        "change_threshold_pct": 50,
        "lnb_code": "B184",
        "derived": False,
    },
    {
        "code": "income_other",
        "section": "finance",
        "order": 50,
        "name_lt": "Iš jų kitos lėšos",
        "name_en": "of which other funds",
        "help_lt": (
            "Lėšos už mokamas paslaugas, parama ir kitos lėšos. Jei nebuvo, įrašykite 0; jei "
            "nežinoma, pažymėkite „nežinoma“. Suma nurodoma sveikais eurais."
        ),
        "help_en": (
            "Funds from paid services, sponsorship and other sources. Enter 0 if there were none; "
            "mark “not known” if unknown. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "income_total",
        "change_threshold_pct": 30,
        "lnb_code": "B185",
        "derived": False,
    },
    {
        "code": "expenses_total",
        "section": "finance",
        "order": 60,
        "name_lt": "Išlaidos iš viso",
        "name_en": "Total expenses",
        "help_lt": (
            "Visos bibliotekos išlaidos per ataskaitinius metus eurais. Suma nurodoma sveikais "
            "eurais."
        ),
        "help_en": (
            "All expenses of the library during the reporting year, in euros. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B186",
        "derived": False,
    },
    {
        "code": "expenses_staff",
        "section": "finance",
        "order": 70,
        "name_lt": "Iš jų darbo užmokestis ir socialinis draudimas",
        "name_en": "of which staff costs",
        "help_lt": (
            "Darbo užmokesčio ir socialinio draudimo įmokų išlaidos. Suma nurodoma sveikais "
            "eurais."
        ),
        "help_en": "Salaries and social insurance contributions. In whole euros.",
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "expenses_total",
        "change_threshold_pct": 30,
        "lnb_code": "B187",
        "derived": False,
    },
    {
        "code": "expenses_acquisitions",
        "section": "finance",
        "order": 80,
        "name_lt": "Iš jų dokumentams įsigyti",
        "name_en": "of which acquisitions",
        "help_lt": (
            "Lėšos, išleistos dokumentams (knygoms, periodikai, elektroniniams ištekliams) "
            "įsigyti. Suma nurodoma sveikais eurais."
        ),
        "help_en": (
            "Money spent on acquiring documents (books, periodicals, electronic resources). In "
            "whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "expenses_total",
        "change_threshold_pct": 30,
        "lnb_code": "B188",
        "derived": False,
    },
    {
        "code": "expenses_acq_state",
        "section": "finance",
        "order": 82,
        "name_lt": "Dokumentams įsigyti: valstybės biudžeto lėšos",
        "name_en": "Acquisitions: state budget funds",
        "help_lt": (
            "Valstybės biudžeto lėšos (pvz., Kultūros ministerijos lėšos bibliotekų fondams "
            "papildyti), išleistos dokumentams įsigyti. Įeina į išlaidas dokumentams įsigyti. Suma "
            "nurodoma sveikais eurais."
        ),
        "help_en": (
            "State budget funds (e.g. the Ministry of Culture's funds for library collections) "
            "spent on acquiring documents. Included in acquisition expenses. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "expenses_acquisitions",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "expenses_acq_municipal",
        "section": "finance",
        "order": 84,
        "name_lt": "Dokumentams įsigyti: savivaldybės biudžeto lėšos",
        "name_en": "Acquisitions: municipal budget funds",
        "help_lt": (
            "Savivaldybės biudžeto lėšos, išleistos dokumentams įsigyti. Įeina į išlaidas "
            "dokumentams įsigyti. Suma nurodoma sveikais eurais."
        ),
        "help_en": (
            "Municipal budget funds spent on acquiring documents. Included in acquisition "
            "expenses. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "expenses_acquisitions",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "expenses_acq_other",
        "section": "finance",
        "order": 86,
        "name_lt": "Dokumentams įsigyti: kitos lėšos",
        "name_en": "Acquisitions: other funds",
        "help_lt": (
            "Kitos lėšos (projektų, rėmėjų, už mokamas paslaugas), išleistos dokumentams įsigyti. "
            "Įeina į išlaidas dokumentams įsigyti. Suma nurodoma sveikais eurais."
        ),
        "help_en": (
            "Other funds (projects, sponsors, paid services) spent on acquiring documents. "
            "Included in acquisition expenses. In whole euros."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "expenses_acquisitions",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    # --- Patalpos (Premises) ---
    {
        "code": "area_m2",
        "section": "premises",
        "order": 10,
        "name_lt": "Patalpų plotas",
        "name_en": "Floor area",
        "help_lt": (
            "Bibliotekos (padalinio) naudojamų patalpų plotas metų pabaigoje, kvadratiniais "
            "metrais."
        ),
        "help_en": (
            "Floor area of the premises used by the library (outlet) at the end of the year, in "
            "square metres."
        ),
        "unit": "m²",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_PREMISES],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B191",
        "derived": False,
    },
    {
        "code": "reading_places",
        "section": "premises",
        "order": 20,
        "name_lt": "Vietos vartotojams",
        "name_en": "Reading places",
        "help_lt": "Sėdimos vietos vartotojams skaityti ir dirbti metų pabaigoje.",
        "help_en": "Seats for users to read and work at the end of the year.",
        "unit": "vnt.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_PREMISES],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B192",
        "derived": False,
    },
    {
        "code": "opening_hours_week",
        "section": "premises",
        "order": 30,
        "name_lt": "Darbo valandos per savaitę",
        "name_en": "Opening hours per week",
        "help_lt": (
            "Valandų skaičius per savaitę, kai biblioteka (padalinys) atvira vartotojams pagal "
            "įprastą darbo laiką."
        ),
        "help_en": "Hours per week the library (outlet) is open to users on its regular schedule.",
        "unit": "val.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_PUBLIC],
        "recorded_at": "outlet",
        "part_of": None,
        "change_threshold_pct": 30,
        "lnb_code": "B193",
        "derived": False,
    },
    # --- Aptarnaujami gyventojai (Population served) ---
    {
        "code": "population_served",
        "section": "population",
        "order": 10,
        "name_lt": "Aptarnaujami gyventojai",
        "name_en": "Population served",
        "help_lt": (
            "Savivaldybės viešosios bibliotekos aptarnaujami gyventojai – visi savivaldybės "
            "gyventojai; filialas ar paslaugų punktas nurodo savo aptarnaujamos teritorijos "
            "gyventojų skaičių, jei jis žinomas. Naudojamas rodikliams vienam gyventojui ir "
            "sutelkčiai skaičiuoti."
        ),
        "help_en": (
            "The population served by a municipal public library is the whole municipality; a "
            "branch or service point gives the population of its own service area when known. Used "
            "for per-resident indicators and penetration."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "B201",
        "derived": False,
    },
    {
        "code": "population_children",
        "section": "population",
        "order": 20,
        "name_lt": "Vaikai (0–14 m.)",
        "name_en": "Children (0–14)",
        "help_lt": (
            "Aptarnaujamos teritorijos vaikų nuo 0 iki 14 metų skaičius; sistemai – savivaldybės "
            "vaikų 0–14 m. skaičius pagal Valstybės duomenų agentūrą (metų pradžios ar vidutinis – "
            "patikslinti) (patikslinti). Naudojamas vaikų sutelkčiai skaičiuoti. Įeina į "
            "aptarnaujamų gyventojų skaičių."
        ),
        "help_en": (
            "Children aged 0–14 in the area served; for a system, the municipality's children aged "
            "0–14 from the State Data Agency (whether at the start of the year or the annual "
            "average is to be checked) (confirm). Used for children's penetration. Included in the "
            "population served."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "population_served",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "population_city",
        "section": "population",
        "order": 30,
        "name_lt": "Miesto gyventojai",
        "name_en": "Urban population",
        "help_lt": (
            "Aptarnaujamos teritorijos miesto gyventojų skaičius; sistemai – savivaldybės miestų "
            "gyventojai pagal Valstybės duomenų agentūrą. Įeina į aptarnaujamų gyventojų skaičių."
        ),
        "help_en": (
            "Urban residents of the area served; for a system, the municipality's urban population "
            "from the State Data Agency. Included in the population served."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "population_served",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    {
        "code": "population_rural",
        "section": "population",
        "order": 40,
        "name_lt": "Kaimo gyventojai",
        "name_en": "Rural population",
        "help_lt": (
            "Aptarnaujamos teritorijos kaimo gyventojų skaičius; sistemai – savivaldybės kaimo "
            "gyventojai pagal Valstybės duomenų agentūrą. Įeina į aptarnaujamų gyventojų skaičių."
        ),
        "help_en": (
            "Rural residents of the area served; for a system, the municipality's rural population "
            "from the State Data Agency. Included in the population served."
        ),
        "unit": "asm.",
        "value_type": "count",
        "decimals": 0,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": "population_served",
        "change_threshold_pct": 30,
        "lnb_code": "",
        "derived": False,
    },
    # --- Santykiniai rodikliai (Derived indicators) ---
    {
        "code": "penetration_pct",
        "section": "derived",
        "order": 10,
        "name_lt": "Sutelktis",
        "name_en": "Penetration",
        "help_lt": (
            "Registruotų vartotojų skaičius, padalytas iš aptarnaujamų gyventojų skaičiaus ir "
            "padaugintas iš 100. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir "
            "vardiklių sumų, o ne kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Registered users divided by the population served, times 100. A municipal or regional "
            "value is the sum of numerators divided by the sum of denominators, not the average of "
            "the libraries' values."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "loans_per_user",
        "section": "derived",
        "order": 20,
        "name_lt": "Skaitomumas",
        "name_en": "Loans per user",
        "help_lt": (
            "Išduotis, padalyta iš registruotų vartotojų skaičiaus. Savivaldybės ar regiono "
            "reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų, o ne kaip bibliotekų rodiklių "
            "vidurkis."
        ),
        "help_en": (
            "Loans divided by registered users. A municipal or regional value is the sum of "
            "numerators divided by the sum of denominators, not the average of the libraries' "
            "values."
        ),
        "unit": "fiz. vnt./vart.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_ALL],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "visits_per_user",
        "section": "derived",
        "order": 30,
        "name_lt": "Lankomumas",
        "name_en": "Visits per user",
        "help_lt": (
            "Fizinių apsilankymų skaičius, padalytas iš registruotų vartotojų skaičiaus. "
            "Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų, o ne "
            "kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Physical visits divided by registered users. A municipal or regional value is the sum "
            "of numerators divided by the sum of denominators, not the average of the libraries' "
            "values."
        ),
        "unit": "apsil./vart.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_ALL],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "visits_per_resident",
        "section": "derived",
        "order": 40,
        "name_lt": "Apsilankymai vienam gyventojui",
        "name_en": "Visits per resident",
        "help_lt": (
            "Fizinių apsilankymų skaičius, padalytas iš aptarnaujamų gyventojų skaičiaus. "
            "Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų, o ne "
            "kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Physical visits divided by the population served. A municipal or regional value is "
            "the sum of numerators divided by the sum of denominators, not the average of the "
            "libraries' values."
        ),
        "unit": "apsil./gyv.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "loans_per_resident",
        "section": "derived",
        "order": 50,
        "name_lt": "Išduotis vienam gyventojui",
        "name_en": "Loans per resident",
        "help_lt": (
            "Išduotis, padalyta iš aptarnaujamų gyventojų skaičiaus. Savivaldybės ar regiono "
            "reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų, o ne kaip bibliotekų rodiklių "
            "vidurkis."
        ),
        "help_en": (
            "Loans divided by the population served. A municipal or regional value is the sum of "
            "numerators divided by the sum of denominators, not the average of the libraries' "
            "values."
        ),
        "unit": "fiz. vnt./gyv.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "collection_turnover",
        "section": "derived",
        "order": 60,
        "name_lt": "Fondo apyvarta",
        "name_en": "Collection turnover",
        "help_lt": (
            "Išduotis, padalyta iš fondo dydžio fiziniais vienetais metų pabaigoje: kiek kartų per "
            "metus vidutiniškai išduotas fondo dokumentas. Savivaldybės ar regiono reikšmė "
            "skaičiuojama iš skaitiklių ir vardiklių sumų, o ne kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Loans divided by the collection in physical items at year end: how many times a year "
            "an average item is lent. A municipal or regional value is the sum of numerators "
            "divided by the sum of denominators, not the average of the libraries' values."
        ),
        "unit": "k.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_ALL],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "items_per_resident",
        "section": "derived",
        "order": 70,
        "name_lt": "Aprūpinimas dokumentais vienam gyventojui",
        "name_en": "Items per resident",
        "help_lt": (
            "Fondo dydis fiziniais vienetais, padalytas iš aptarnaujamų gyventojų skaičiaus. "
            "Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų, o ne "
            "kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Collection in physical items divided by the population served. A municipal or "
            "regional value is the sum of numerators divided by the sum of denominators, not the "
            "average of the libraries' values."
        ),
        "unit": "fiz. vnt./gyv.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "items_per_user",
        "section": "derived",
        "order": 80,
        "name_lt": "Aprūpinimas dokumentais vienam vartotojui",
        "name_en": "Items per user",
        "help_lt": (
            "Fondo dydis fiziniais vienetais, padalytas iš registruotų vartotojų skaičiaus. "
            "Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų, o ne "
            "kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Collection in physical items divided by registered users. A municipal or regional "
            "value is the sum of numerators divided by the sum of denominators, not the average of "
            "the libraries' values."
        ),
        "unit": "fiz. vnt./vart.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_ALL],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "renewal_pct",
        "section": "derived",
        "order": 90,
        "name_lt": "Fondo atnaujinimas",
        "name_en": "Collection renewal rate",
        "help_lt": (
            "Per metus gautų dokumentų skaičius fiziniais vienetais, padalytas iš fondo dydžio ir "
            "padaugintas iš 100. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir "
            "vardiklių sumų, o ne kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Items acquired during the year divided by the collection, times 100. A municipal or "
            "regional value is the sum of numerators divided by the sum of denominators, not the "
            "average of the libraries' values."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": [*_ALL],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "withdrawal_pct",
        "section": "derived",
        "order": 100,
        "name_lt": "Nurašymo dalis",
        "name_en": "Withdrawal rate",
        "help_lt": (
            "Per metus nurašytų dokumentų skaičius fiziniais vienetais, padalytas iš fondo dydžio "
            "ir padaugintas iš 100. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir "
            "vardiklių sumų, o ne kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Items withdrawn during the year divided by the collection, times 100. A municipal or "
            "regional value is the sum of numerators divided by the sum of denominators, not the "
            "average of the libraries' values."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": [*_ALL],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "professional_share_pct",
        "section": "derived",
        "order": 110,
        "name_lt": "Profesionalių bibliotekininkų dalis",
        "name_en": "Share of professional librarians",
        "help_lt": (
            "Profesionalių bibliotekininkų skaičius, padalytas iš visų darbuotojų skaičiaus ir "
            "padaugintas iš 100. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir "
            "vardiklių sumų, o ne kaip bibliotekų rodiklių vidurkis."
        ),
        "help_en": (
            "Professional librarians divided by all staff, times 100. A municipal or regional "
            "value is the sum of numerators divided by the sum of denominators, not the average of "
            "the libraries' values."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": [*_STAFF],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "residents_per_outlet",
        "section": "derived",
        "order": 120,
        "name_lt": "Gyventojų skaičius vienai bibliotekai",
        "name_en": "Residents per outlet",
        "help_lt": (
            "Aptarnaujamų gyventojų skaičius, padalytas iš bibliotekų skaičiaus. Bibliotekų "
            "skaičius – centrinių bibliotekų, miesto ir kaimo filialų, paslaugų punktų ir mobilių "
            "bibliotekų suma; sistema turi atsakyti į visus penkis tinklo klausimus (nesant – 0), "
            "kitaip rodiklis neapibrėžtas. Savivaldybės ar regiono reikšmė skaičiuojama iš "
            "skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "The population served divided by the number of outlets. The number of outlets is the "
            "sum of central libraries, city and rural branches, service points and mobile "
            "libraries; a system must answer all five network questions (0 where there are none), "
            "otherwise the ratio is not defined. A municipal or regional value is the sum of "
            "numerators over the sum of denominators."
        ),
        "unit": "gyv.",
        "value_type": "decimal",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "users_per_outlet",
        "section": "derived",
        "order": 130,
        "name_lt": "Vartotojų skaičius vienai bibliotekai",
        "name_en": "Users per outlet",
        "help_lt": (
            "Registruotų vartotojų skaičius, padalytas iš bibliotekų skaičiaus. Bibliotekų "
            "skaičius – centrinių bibliotekų, miesto ir kaimo filialų, paslaugų punktų ir mobilių "
            "bibliotekų suma; sistema turi atsakyti į visus penkis tinklo klausimus (nesant – 0), "
            "kitaip rodiklis neapibrėžtas. Savivaldybės ar regiono reikšmė skaičiuojama iš "
            "skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Registered users divided by the number of outlets. The number of outlets is the sum "
            "of central libraries, city and rural branches, service points and mobile libraries; a "
            "system must answer all five network questions (0 where there are none), otherwise the "
            "ratio is not defined. A municipal or regional value is the sum of numerators over the "
            "sum of denominators."
        ),
        "unit": "vart.",
        "value_type": "decimal",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "visits_per_outlet",
        "section": "derived",
        "order": 140,
        "name_lt": "Apsilankymų skaičius vienai bibliotekai",
        "name_en": "Visits per outlet",
        "help_lt": (
            "Fizinių apsilankymų skaičius, padalytas iš bibliotekų skaičiaus. Bibliotekų skaičius "
            "– centrinių bibliotekų, miesto ir kaimo filialų, paslaugų punktų ir mobilių "
            "bibliotekų suma; sistema turi atsakyti į visus penkis tinklo klausimus (nesant – 0), "
            "kitaip rodiklis neapibrėžtas. Savivaldybės ar regiono reikšmė skaičiuojama iš "
            "skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Physical visits divided by the number of outlets. The number of outlets is the sum of "
            "central libraries, city and rural branches, service points and mobile libraries; a "
            "system must answer all five network questions (0 where there are none), otherwise the "
            "ratio is not defined. A municipal or regional value is the sum of numerators over the "
            "sum of denominators."
        ),
        "unit": "apsil.",
        "value_type": "decimal",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "loans_per_outlet",
        "section": "derived",
        "order": 150,
        "name_lt": "Išduotis vienai bibliotekai",
        "name_en": "Loans per outlet",
        "help_lt": (
            "Išduotis (fiz. vnt.), padalyta iš bibliotekų skaičiaus. Bibliotekų skaičius – "
            "centrinių bibliotekų, miesto ir kaimo filialų, paslaugų punktų ir mobilių bibliotekų "
            "suma; sistema turi atsakyti į visus penkis tinklo klausimus (nesant – 0), kitaip "
            "rodiklis neapibrėžtas. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir "
            "vardiklių sumų."
        ),
        "help_en": (
            "Loans (physical items) divided by the number of outlets. The number of outlets is the "
            "sum of central libraries, city and rural branches, service points and mobile "
            "libraries; a system must answer all five network questions (0 where there are none), "
            "otherwise the ratio is not defined. A municipal or regional value is the sum of "
            "numerators over the sum of denominators."
        ),
        "unit": "fiz. vnt.",
        "value_type": "decimal",
        "decimals": 0,
        "kinds": ["system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "downloads_per_resident",
        "section": "derived",
        "order": 160,
        "name_lt": "Atsisiųsti dokumentai vienam gyventojui",
        "name_en": "Downloads per resident",
        "help_lt": (
            "Atsisiųstų elektroninių dokumentų skaičius, padalytas iš aptarnaujamų gyventojų "
            "skaičiaus. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių "
            "sumų."
        ),
        "help_en": (
            "Downloads of electronic documents divided by the population served. A municipal or "
            "regional value is the sum of numerators over the sum of denominators."
        ),
        "unit": "vnt./gyv.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "downloads_per_user",
        "section": "derived",
        "order": 170,
        "name_lt": "Atsisiųsti dokumentai vienam vartotojui",
        "name_en": "Downloads per user",
        "help_lt": (
            "Atsisiųstų elektroninių dokumentų skaičius, padalytas iš registruotų vartotojų "
            "skaičiaus. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių "
            "sumų."
        ),
        "help_en": (
            "Downloads of electronic documents divided by registered users. A municipal or "
            "regional value is the sum of numerators over the sum of denominators."
        ),
        "unit": "vnt./vart.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "acquisition_eur_per_resident",
        "section": "derived",
        "order": 180,
        "name_lt": "Lėšos dokumentams įsigyti vienam gyventojui",
        "name_en": "Acquisition spending per resident",
        "help_lt": (
            "Išlaidos dokumentams įsigyti (eurais), padalytos iš aptarnaujamų gyventojų skaičiaus. "
            "Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Money spent on acquisitions (euros) divided by the population served. A municipal or "
            "regional value is the sum of numerators over the sum of denominators."
        ),
        "unit": "€/gyv.",
        "value_type": "money",
        "decimals": 2,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "average_document_price",
        "section": "derived",
        "order": 190,
        "name_lt": "Vidutinė įsigyto dokumento kaina",
        "name_en": "Average price of an acquired document",
        "help_lt": (
            "Išlaidos dokumentams įsigyti (eurais), padalytos iš gautų dokumentų (fiz. vnt.) "
            "skaičiaus. Gautų dokumentų skaičius apima ir dovanotus, todėl kaina gali būti mažesnė "
            "nei pirktų; ar analizėse dalijama tik iš pirktų – patikslinti (patikslinti). "
            "Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Money spent on acquisitions (euros) divided by items acquired. Items acquired include "
            "donations, so the figure can be below the price of bought items; whether analyses "
            "divide by bought items only is to be checked (confirm). A municipal or regional value "
            "is the sum of numerators over the sum of denominators."
        ),
        "unit": "€",
        "value_type": "money",
        "decimals": 2,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "acquired_per_1000_residents",
        "section": "derived",
        "order": 200,
        "name_lt": "Gauta dokumentų 1000 gyventojų",
        "name_en": "Acquisitions per 1,000 residents",
        "help_lt": (
            "Gautų dokumentų (fiz. vnt.) skaičius, padalytas iš aptarnaujamų gyventojų skaičiaus "
            "ir padaugintas iš 1000. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir "
            "vardiklių sumų."
        ),
        "help_en": (
            "Items acquired divided by the population served, times 1,000. A municipal or regional "
            "value is the sum of numerators over the sum of denominators."
        ),
        "unit": "fiz. vnt./1000 gyv.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "expenses_per_user",
        "section": "derived",
        "order": 210,
        "name_lt": "Išlaidos vienam vartotojui",
        "name_en": "Expenses per user",
        "help_lt": (
            "Visos išlaidos (eurais), padalytos iš registruotų vartotojų skaičiaus. Savivaldybės "
            "ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Total expenses (euros) divided by registered users. A municipal or regional value is "
            "the sum of numerators over the sum of denominators."
        ),
        "unit": "€/vart.",
        "value_type": "money",
        "decimals": 2,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "expenses_per_visit",
        "section": "derived",
        "order": 220,
        "name_lt": "Išlaidos vienam apsilankymui",
        "name_en": "Expenses per visit",
        "help_lt": (
            "Visos išlaidos (eurais), padalytos iš fizinių apsilankymų skaičiaus. Savivaldybės ar "
            "regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Total expenses (euros) divided by physical visits. A municipal or regional value is "
            "the sum of numerators over the sum of denominators."
        ),
        "unit": "€/apsil.",
        "value_type": "money",
        "decimals": 2,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "events_per_1000_residents",
        "section": "derived",
        "order": 230,
        "name_lt": "Renginiai 1000 gyventojų",
        "name_en": "Events per 1,000 residents",
        "help_lt": (
            "Renginių skaičius, padalytas iš aptarnaujamų gyventojų skaičiaus ir padaugintas iš "
            "1000. Savivaldybės ar regiono reikšmė skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Events divided by the population served, times 1,000. A municipal or regional value "
            "is the sum of numerators over the sum of denominators."
        ),
        "unit": "rengin./1000 gyv.",
        "value_type": "decimal",
        "decimals": 1,
        "kinds": [*_RESIDENTS],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "children_penetration_pct",
        "section": "derived",
        "order": 240,
        "name_lt": "Vaikų sutelktis",
        "name_en": "Children's penetration",
        "help_lt": (
            "Registruotų vartotojų vaikų (iki 14 m.) skaičius, padalytas iš vaikų (0–14 m.) "
            "skaičiaus ir padaugintas iš 100. Savivaldybės ar regiono reikšmė skaičiuojama iš "
            "skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Registered users who are children (under 14) divided by the children aged 0–14, times "
            "100. A municipal or regional value is the sum of numerators over the sum of "
            "denominators."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": [*_SYSTEM_ONLY],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "city_penetration_pct",
        "section": "derived",
        "order": 250,
        "name_lt": "Sutelktis mieste",
        "name_en": "Penetration in cities",
        "help_lt": (
            "Miesto bibliotekų (centrinės ir miesto filialų) registruoti vartotojai, padalyti iš "
            "miesto gyventojų skaičiaus ir padauginti iš 100. Savivaldybės ar regiono reikšmė "
            "skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Registered users of city libraries (the central library and city branches) divided by "
            "the city population, times 100. A municipal or regional value is the sum of numerators"
            " over the sum of denominators."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": ["county", "system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
    {
        "code": "rural_penetration_pct",
        "section": "derived",
        "order": 260,
        "name_lt": "Sutelktis kaime",
        "name_en": "Penetration in rural areas",
        "help_lt": (
            "Kaimo bibliotekų (kaimo filialų ir paslaugų punktų) registruoti vartotojai, padalyti "
            "iš kaimo gyventojų skaičiaus ir padauginti iš 100. Savivaldybės ar regiono reikšmė "
            "skaičiuojama iš skaitiklių ir vardiklių sumų."
        ),
        "help_en": (
            "Registered users of rural libraries (rural branches and service points) divided by the"
            " rural population, times 100. A municipal or regional value is the sum of numerators "
            "over the sum of denominators."
        ),
        "unit": "%",
        "value_type": "percent",
        "decimals": 1,
        "kinds": ["county", "system"],
        "recorded_at": "system",
        "part_of": None,
        "change_threshold_pct": None,
        "lnb_code": "",
        "derived": True,
    },
]

# The smallest change against last year that means something (``change_minimum``), by the
# indicator's unit, and by code where the unit's figure does not fit: a staff FTE moving
# by 0,04 or a branch's loans by 30 is noise whatever its percentage. The same figures as
# migration 0011; derived indicators are not checked against last year.
CHANGE_MINIMUM_BY_UNIT = {
    "etat.": "1", "asm.": "3", "vnt.": "2", "fiz. vnt.": "100", "pavad.": "50",
    "apsil.": "100", "seans.": "100", "paieškos": "100", "dalyv.": "10", "€": "500",
    "m²": "10", "val.": "2"}
CHANGE_MINIMUM_BY_CODE = {
    "users_registered": "20", "users_children": "10", "users_new": "10", "visits": "200",
    "visits_virtual": "200", "loans": "200", "downloads": "200", "event_attendance": "100",
    "collection_items": "500", "population_served": "100", "outlets_central": "1",
    "outlets_city": "1", "outlets_rural": "1", "outlets_service_points": "1",
    "outlets_mobile": "1"}

for _row in INDICATORS:
    if not _row.get("derived"):
        _figure = CHANGE_MINIMUM_BY_CODE.get(_row["code"], CHANGE_MINIMUM_BY_UNIT.get(_row["unit"]))
        _row.setdefault("change_minimum", None if _figure is None else Decimal(_figure))
del _row

FORMULAS = [
    {
        "indicator": "penetration_pct",
        "expression": "users_registered / population_served * 100",
        "valid_from": 1990,
        "note": "Patikrinta su paskelbtu skaičiumi: 811 ÷ 1970 × 100 → 41,2 %.",
    },
    {
        "indicator": "loans_per_user",
        "expression": "loans / users_registered",
        "valid_from": 1990,
        "note": "Patikrinta su šalies 2022 m. rodikliu (16,7).",
    },
    {
        "indicator": "visits_per_user",
        "expression": "visits / users_registered",
        "valid_from": 1990,
        "note": "Patikrinta: 27 430 ÷ 1 850 = 14,8 (spausdinta „15 kartų“).",
    },
    {
        "indicator": "visits_per_resident",
        "expression": "visits / population_served",
        "valid_from": 1990,
        "note": "Patikrinta su šalies 2022 m. rodikliu (6,0).",
    },
    {
        "indicator": "loans_per_resident",
        "expression": "loans / population_served",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "collection_turnover",
        "expression": "loans / collection_items",
        "valid_from": 1990,
        "note": "Numatytoji formulė; patikslinti pagal normatyvinį tekstą.",
    },
    {
        "indicator": "items_per_resident",
        "expression": "collection_items / population_served",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "items_per_user",
        "expression": "collection_items / users_registered",
        "valid_from": 1990,
        "note": "Patikrinta su paskelbtu rodikliu (86).",
    },
    {
        "indicator": "renewal_pct",
        "expression": "acquired_items / collection_items * 100",
        "valid_from": 1990,
        "note": "Numatytoji formulė; patikslinti pagal normatyvinį tekstą.",
    },
    {
        "indicator": "withdrawal_pct",
        "expression": "withdrawn_items / collection_items * 100",
        "valid_from": 1990,
        "note": "Numatytoji formulė; patikslinti pagal normatyvinį tekstą.",
    },
    {
        "indicator": "professional_share_pct",
        "expression": "staff_professional / staff * 100",
        "valid_from": 1990,
        "note": "Patikrinta su šalies 2022 m. rodikliu (78 %).",
    },
    {
        "indicator": "residents_per_outlet",
        "expression": (
            "population_served / (outlets_central + outlets_city + outlets_rural + "
            "outlets_service_points + outlets_mobile)"
        ),
        "valid_from": 1990,
        "note": (
            "Patikrinta su paskelbtu skaičiumi: Klaipėdos ir Tauragės apskritys 2021 m. – 411 946 "
            "gyv. ÷ 193 bibliotekos = 2 134."
        ),
    },
    {
        "indicator": "users_per_outlet",
        "expression": (
            "users_registered / (outlets_central + outlets_city + outlets_rural + "
            "outlets_service_points + outlets_mobile)"
        ),
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "visits_per_outlet",
        "expression": (
            "visits / (outlets_central + outlets_city + outlets_rural + outlets_service_points + "
            "outlets_mobile)"
        ),
        "valid_from": 1990,
        "note": (
            "Kaip Klaipėdos ir Tauragės apskričių 2022 m. analizėje (6 594 apsilankymai vienai iš "
            "192 bibliotekų)."
        ),
    },
    {
        "indicator": "loans_per_outlet",
        "expression": (
            "loans / (outlets_central + outlets_city + outlets_rural + outlets_service_points + "
            "outlets_mobile)"
        ),
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "downloads_per_resident",
        "expression": "downloads / population_served",
        "valid_from": 1990,
        "note": "Kaip LNB skelbia šalies rodiklį (2022 m. – 12 vienam gyventojui).",
    },
    {
        "indicator": "downloads_per_user",
        "expression": "downloads / users_registered",
        "valid_from": 1990,
        "note": "Kaip LNB skelbia šalies rodiklį (2022 m. – 36 vienam vartotojui).",
    },
    {
        "indicator": "acquisition_eur_per_resident",
        "expression": "expenses_acquisitions / population_served",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "average_document_price",
        "expression": "expenses_acquisitions / acquired_items",
        "valid_from": 1990,
        "note": "Numatytoji formulė; patikslinti.",
    },
    {
        "indicator": "acquired_per_1000_residents",
        "expression": "acquired_items / population_served * 1000",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "expenses_per_user",
        "expression": "expenses_total / users_registered",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "expenses_per_visit",
        "expression": "expenses_total / visits",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "events_per_1000_residents",
        "expression": "events / population_served * 1000",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "children_penetration_pct",
        "expression": "users_children / population_children * 100",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "city_penetration_pct",
        "expression": "users_city / population_city * 100",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
    {
        "indicator": "rural_penetration_pct",
        "expression": "users_rural / population_rural * 100",
        "valid_from": 1990,
        "note": "Numatytoji formulė.",
    },
]

RULES = [
    {
        "code": "users_children_le_users_registered",
        "expression": "users_children <= users_registered",
        "message_lt": "Vaikų negali būti daugiau nei visų registruotų vartotojų.",
        "message_en": "Children cannot exceed all registered users.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "users_new_le_users_registered",
        "expression": "users_new <= users_registered",
        "message_lt": "Naujų vartotojų negali būti daugiau nei visų registruotų vartotojų.",
        "message_en": "New users cannot exceed all registered users.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "visits_children_le_visits",
        "expression": "visits_children <= visits",
        "message_lt": "Vaikų apsilankymų negali būti daugiau nei visų apsilankymų.",
        "message_en": "Children's visits cannot exceed all visits.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "loans_children_le_loans",
        "expression": "loans_children <= loans",
        "message_lt": "Išduotis vaikams negali būti didesnė už visą išduotį.",
        "message_en": "Loans to children cannot exceed all loans.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "staff_professional_le_staff",
        "expression": "staff_professional <= staff",
        "message_lt": "Profesionalių bibliotekininkų negali būti daugiau nei visų darbuotojų.",
        "message_en": "Professional librarians cannot exceed all staff.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "staff_higher_education_le_staff",
        "expression": "staff_higher_education <= staff",
        "message_lt": (
            "Darbuotojų su aukštuoju išsilavinimu negali būti daugiau nei visų darbuotojų."
        ),
        "message_en": "Staff with higher education cannot exceed all staff.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "computers_internet_le_computers_public",
        "expression": "computers_internet <= computers_public",
        "message_lt": (
            "Darbo vietų su internetu negali būti daugiau nei visų kompiuterizuotų darbo vietų."
        ),
        "message_en": "Workstations with internet cannot exceed all public workstations.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_municipal_le_income_total",
        "expression": "income_municipal <= income_total",
        "message_lt": "Savivaldybės lėšos negali viršyti visų gautų lėšų.",
        "message_en": "Municipal funds cannot exceed all funds received.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_state_le_income_total",
        "expression": "income_state <= income_total",
        "message_lt": "Valstybės biudžeto lėšos negali viršyti visų gautų lėšų.",
        "message_en": "State budget funds cannot exceed all funds received.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_projects_le_income_total",
        "expression": "income_projects <= income_total",
        "message_lt": "Projektinės lėšos negali viršyti visų gautų lėšų.",
        "message_en": "Project funding cannot exceed all funds received.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_other_le_income_total",
        "expression": "income_other <= income_total",
        "message_lt": "Kitos lėšos negali viršyti visų gautų lėšų.",
        "message_en": "Other funds cannot exceed all funds received.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_staff_le_expenses_total",
        "expression": "expenses_staff <= expenses_total",
        "message_lt": "Darbo užmokesčio išlaidos negali viršyti visų išlaidų.",
        "message_en": "Staff costs cannot exceed total expenses.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_acquisitions_le_expenses_total",
        "expression": "expenses_acquisitions <= expenses_total",
        "message_lt": "Išlaidos dokumentams negali viršyti visų išlaidų.",
        "message_en": "Acquisition expenses cannot exceed total expenses.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_parts_le_income_total",
        "expression": (
            "income_municipal + income_state + income_projects + income_other <= income_total"
        ),
        "message_lt": "Gautų lėšų pagal šaltinius suma negali viršyti visų gautų lėšų.",
        "message_en": "The funds by source together cannot exceed all funds received.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_parts_le_expenses_total",
        "expression": "expenses_staff + expenses_acquisitions <= expenses_total",
        "message_lt": "Darbo užmokesčio ir dokumentų išlaidų suma negali viršyti visų išlaidų.",
        "message_en": "Staff costs and acquisitions together cannot exceed total expenses.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "staff_fte_le_staff_times_1_5",
        "expression": "staff_fte <= staff * 1.5",
        "message_lt": (
            "Etatų skaičius daugiau kaip pusantro karto viršija darbuotojų skaičių – "
            "patikrinkite abu skaičius."
        ),
        "message_en": "FTE are more than 1.5 times the number of staff – check both figures.",
        "severity": "warning",
        "valid_from": 1990,
    },
    {
        "code": "withdrawn_items_le_collection_plus_acquired",
        "expression": "withdrawn_items <= collection_items + acquired_items",
        "message_lt": "Nurašyta daugiau nei fondo ir gautų dokumentų suma – patikrinkite.",
        "message_en": "More withdrawn than the collection plus acquired items: please check.",
        "severity": "warning",
        "valid_from": 1990,
    },
    {
        "code": "event_attendance_ge_events",
        "expression": "event_attendance >= events",
        "message_lt": "Apsilankymų renginiuose mažiau nei renginių.",
        "message_en": "Fewer event attendances than events.",
        "severity": "warning",
        "valid_from": 1990,
    },
    {
        "code": "collection_titles_le_collection_items",
        "expression": "collection_titles <= collection_items",
        "message_lt": "Fondo pavadinimų daugiau nei fizinių vienetų – patikrinkite.",
        "message_en": "More titles than physical items in the collection – please check.",
        "severity": "warning",
        "valid_from": 1990,
    },
    {
        "code": "acquired_titles_le_acquired_items",
        "expression": "acquired_titles <= acquired_items",
        "message_lt": "Gautų pavadinimų daugiau nei gautų fizinių vienetų – patikrinkite.",
        "message_en": "More titles than physical items acquired – please check.",
        "severity": "warning",
        "valid_from": 1990,
    },
    {
        "code": "users_pupils_le_users_registered",
        "expression": "users_pupils <= users_registered",
        "message_lt": "Mokinių negali būti daugiau nei visų registruotų vartotojų.",
        "message_en": "Pupils cannot exceed all registered users.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "users_teachers_le_users_registered",
        "expression": "users_teachers <= users_registered",
        "message_lt": "Mokytojų negali būti daugiau nei visų registruotų vartotojų.",
        "message_en": "Teachers cannot exceed all registered users.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "users_school_parts_le_users_registered",
        "expression": "users_pupils + users_teachers <= users_registered",
        "message_lt": (
            "Mokinių ir mokytojų kartu negali būti daugiau nei visų registruotų vartotojų."
        ),
        "message_en": "Pupils and teachers together cannot exceed all registered users.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "acquired_new_titles_le_acquired_titles",
        "expression": "acquired_new_titles <= acquired_titles",
        "message_lt": "Naujų pavadinimų negali būti daugiau nei visų gautų pavadinimų.",
        "message_en": "New titles cannot exceed all titles acquired.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "loans_pupils_le_loans",
        "expression": "loans_pupils <= loans",
        "message_lt": "Išduotis mokiniams negali būti didesnė už visą išduotį.",
        "message_en": "Loans to pupils cannot exceed all loans.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "training_participants_ge_training_sessions",
        "expression": "training_participants >= training_sessions",
        "message_lt": "Mokymų dalyvių mažiau nei mokymų – patikrinkite.",
        "message_en": "Fewer training attendances than training sessions – please check.",
        "severity": "warning",
        "valid_from": 1990,
    },
    {
        "code": "staff_professional_part_time_le_staff_professional",
        "expression": "staff_professional_part_time <= staff_professional",
        "message_lt": (
            "Ne visą darbo dieną dirbančių profesionalių bibliotekininkų negali būti daugiau nei "
            "visų profesionalių bibliotekininkų."
        ),
        "message_en": (
            "Part-time professional librarians cannot exceed all professional librarians."
        ),
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "staff_professional_lis_le_staff_professional",
        "expression": "staff_professional_lis <= staff_professional",
        "message_lt": (
            "Bibliotekininkų su bibliotekininkystės išsilavinimu negali būti daugiau nei visų "
            "profesionalių bibliotekininkų."
        ),
        "message_en": (
            "Librarians with library science education cannot exceed all professional librarians."
        ),
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "staff_professional_fte_le_staff_fte",
        "expression": "staff_professional_fte <= staff_fte",
        "message_lt": "Profesionalių bibliotekininkų etatų negali būti daugiau nei visų etatų.",
        "message_en": "Professional librarians' FTE cannot exceed all FTE.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "staff_trained_le_staff",
        "expression": "staff_trained <= staff",
        "message_lt": (
            "Kvalifikaciją tobulinusių darbuotojų negali būti daugiau nei visų darbuotojų."
        ),
        "message_en": "Staff who took professional development cannot exceed all staff.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "outlets_with_computers_le_outlets",
        "expression": (
            "outlets_with_computers <= outlets_central + outlets_city + outlets_rural + "
            "outlets_service_points + outlets_mobile"
        ),
        "message_lt": (
            "Bibliotekų su kompiuterizuotomis darbo vietomis negali būti daugiau nei visų sistemos "
            "bibliotekų."
        ),
        "message_en": "Outlets with public computers cannot exceed all the system's outlets.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "outlets_with_internet_le_outlets",
        "expression": (
            "outlets_with_internet <= outlets_central + outlets_city + outlets_rural + "
            "outlets_service_points + outlets_mobile"
        ),
        "message_lt": (
            "Bibliotekų su interneto prieiga negali būti daugiau nei visų sistemos bibliotekų."
        ),
        "message_en": "Outlets with internet access cannot exceed all the system's outlets.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_acq_state_le_expenses_acquisitions",
        "expression": "expenses_acq_state <= expenses_acquisitions",
        "message_lt": (
            "Valstybės biudžeto lėšos dokumentams negali viršyti visų išlaidų dokumentams."
        ),
        "message_en": "State funds for acquisitions cannot exceed all acquisition expenses.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_acq_municipal_le_expenses_acquisitions",
        "expression": "expenses_acq_municipal <= expenses_acquisitions",
        "message_lt": (
            "Savivaldybės biudžeto lėšos dokumentams negali viršyti visų išlaidų dokumentams."
        ),
        "message_en": "Municipal funds for acquisitions cannot exceed all acquisition expenses.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_acq_other_le_expenses_acquisitions",
        "expression": "expenses_acq_other <= expenses_acquisitions",
        "message_lt": "Kitos lėšos dokumentams negali viršyti visų išlaidų dokumentams.",
        "message_en": "Other funds for acquisitions cannot exceed all acquisition expenses.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "expenses_acq_parts_le_expenses_acquisitions",
        "expression": (
            "expenses_acq_state + expenses_acq_municipal + expenses_acq_other <= "
            "expenses_acquisitions"
        ),
        "message_lt": (
            "Lėšų dokumentams pagal šaltinius suma negali viršyti visų išlaidų dokumentams."
        ),
        "message_en": (
            "The acquisition funds by source together cannot exceed all acquisition expenses."
        ),
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "population_children_le_population_served",
        "expression": "population_children <= population_served",
        "message_lt": "Vaikų negali būti daugiau nei visų aptarnaujamų gyventojų.",
        "message_en": "Children cannot exceed the population served.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "population_parts_le_population_served",
        "expression": "population_city + population_rural <= population_served",
        "message_lt": "Miesto ir kaimo gyventojų suma negali viršyti visų aptarnaujamų gyventojų.",
        "message_en": "Urban and rural residents together cannot exceed the population served.",
        "severity": "error",
        "valid_from": 1990,
    },
]
