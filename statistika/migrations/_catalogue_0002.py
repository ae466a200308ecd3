"""The default catalogue as migration 0002 installs it: sections, indicators, formulas and
checks, frozen on the day the migration stopped reading ``statistika.catalogue_data``.

Never edit this file. The live catalogue for fresh test databases and the demo is
``statistika/catalogue_data.py``; a change to the default catalogue of an existing database
is a new data migration. (The leading underscore keeps Django from taking this module for a
migration.)
"""

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
        "name_lt": "Kilnojamosios bibliotekos",
        "name_en": "Mobile libraries",
        "help_lt": (
            "Sistemos kilnojamųjų bibliotekų (bibliobusų) skaičius metų pabaigoje. Jei nebuvo, "
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
    # --- Apsilankymai (Visits) ---
    {
        "code": "visits",
        "section": "visits",
        "order": 10,
        "name_lt": "Apsilankymai",
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
        "name_lt": "Elektroninių išteklių naudojimas (atsisiuntimai)",
        "name_en": "E-resource use (downloads)",
        "help_lt": (
            "Atsisiųsti ar peržiūrėti elektroninių išteklių ir duomenų bazių dokumentai, "
            "skaičiuojami pagal kultūros ministro 2020 m. įsakymą Nr. 767. Jei nebuvo, įrašykite "
            "0; jei nežinoma, pažymėkite „nežinoma“."
        ),
        "help_en": (
            "Documents downloaded or viewed from electronic resources and databases, counted as "
            "set by the Minister of Culture's order No. 767 (2020). Enter 0 if there were none; "
            "mark “not known” if unknown."
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
        "name_lt": "Renginių lankytojai",
        "name_en": "Event attendance",
        "help_lt": (
            "Bibliotekos renginių dalyvių skaičius per ataskaitinius metus. Nuo 2020 m. virtualių "
            "renginių dalyviai įskaičiuojami ir į virtualius apsilankymus."
        ),
        "help_en": (
            "Number of people attending the library's events during the reporting year. Since 2020 "
            "virtual event attendance is also counted in virtual visits."
        ),
        "unit": "asm.",
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
    # --- Finansai (Finance) ---
    {
        "code": "income_total",
        "section": "finance",
        "order": 10,
        "name_lt": "Pajamos iš viso",
        "name_en": "Total income",
        "help_lt": (
            "Visos per ataskaitinius metus gautos bibliotekos lėšos eurais. Pajamos ir išlaidos "
            "nurodomos atskirai, jų balansas nereikalaujamas. Suma nurodoma sveikais eurais."
        ),
        "help_en": (
            "All funds received by the library during the reporting year, in euros. Income and "
            "expenses are reported separately; no balance is required. In whole euros."
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
        "name_en": "of which other income",
        "help_lt": (
            "Pajamos už mokamas paslaugas, parama ir kitos lėšos. Jei nebuvo, įrašykite 0; jei "
            "nežinoma, pažymėkite „nežinoma“. Suma nurodoma sveikais eurais."
        ),
        "help_en": (
            "Income from paid services, sponsorship and other sources. Enter 0 if there were none; "
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
        "name_lt": "Profesionalų dalis",
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
]

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
        "message_lt": "Savivaldybės lėšos negali viršyti visų pajamų.",
        "message_en": "Municipal funds cannot exceed total income.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_state_le_income_total",
        "expression": "income_state <= income_total",
        "message_lt": "Valstybės biudžeto lėšos negali viršyti visų pajamų.",
        "message_en": "State budget funds cannot exceed total income.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_projects_le_income_total",
        "expression": "income_projects <= income_total",
        "message_lt": "Projektinės lėšos negali viršyti visų pajamų.",
        "message_en": "Project funding cannot exceed total income.",
        "severity": "error",
        "valid_from": 1990,
    },
    {
        "code": "income_other_le_income_total",
        "expression": "income_other <= income_total",
        "message_lt": "Kitos lėšos negali viršyti visų pajamų.",
        "message_en": "Other income cannot exceed total income.",
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
        "message_lt": "Pajamų pagal šaltinius suma negali viršyti visų pajamų.",
        "message_en": "The income sources together cannot exceed total income.",
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
        "message_lt": "Renginių lankytojų mažiau nei renginių.",
        "message_en": "Fewer event attendees than events.",
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
]
