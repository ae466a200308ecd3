"""Demo partners and agreements: a dozen partners of the demo territory — Lithuanian and
foreign libraries, a museum, a municipality, a school, an NGO, a local newspaper — with
their contacts (consent noted), eight agreements (one expiring within three weeks, one
expired, one without a set end) and some 25 contact-log entries, linked to the demo
projects, trainings and publications where they exist. Written through the services, dated
relative to today; idempotent (left alone when partners exist)."""

from datetime import timedelta

from django.utils import timezone

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, AgreementKind, ContactKind, ContactLog, Partner
from bibliotekos.models import Library, Organisation, OrganisationKind, Person
from paskyros.models import User

K = OrganisationKind
# (name, short name, kind, country, website, library codes, years a partner, areas,
#  contact (first, last, position, role, e-mail))
PARTNERS = [
    ("Latvijas Nacionālā bibliotēka", "LNB", K.LIBRARY_FOREIGN, "LV", "https://www.lnb.lv",
     ["SVB-KRE"], 6, "Patirties mainai, bendri skaitymo projektai, stažuotės.",
     ("Inese", "Bērziņa", "Tarptautinių ryšių vadovė", "koordinatorė", "inese.berzina@lnb.lv")),
    ("Liepājas Centrālā zinātniskā bibliotēka", "LCZB", K.LIBRARY_FOREIGN, "LV",
     "https://www.liepajasbiblioteka.lv", ["SVB-KRE", "SVB-KRE-F02"], 8,
     "Pasienio bibliotekų bendradarbiavimas, kraštotyra, vaikų skaitymo akcijos.",
     ("Dace", "Kalniņa", "Direktorė", "direktorė", "dace.kalnina@liepaja.lv")),
    ("Kretingos muziejus", "", K.MUSEUM, "LT", "https://www.kretingosmuziejus.lt",
     ["SVB-KRE"], 10, "Kraštotyros vakarai, bendros parodos.",
     ("Vida", "Kontautienė", "Edukacijos skyriaus vedėja", "edukatorė",
      "edukacija@kretingosmuziejus.lt")),
    ("Kretingos rajono savivaldybės administracija", "KRSA", K.MUNICIPALITY, "LT",
     "https://www.kretinga.lt", ["SVB-KRE"], 12, "Kultūros programos, bibliotekų finansavimas.",
     ("Rasa", "Jonušienė", "Kultūros skyriaus vedėja", "kuruojanti specialistė",
      "rasa.jonusiene@kretinga.lt")),
    ("Kretingos Simono Daukanto progimnazija", "", K.SCHOOL, "LT", "", ["SVB-KRE"], 4,
     "Pamokos bibliotekoje, skaitymo skatinimas.",
     ("Laima", "Stonkienė", "Lietuvių kalbos mokytoja", "kontaktinis asmuo", "")),
    ("Asociacija „Žemaičių kraštas“", "", K.NGO, "LT", "", ["SVB-KRE", "SVB-TAU"], 3,
     "Tarmių vakarai, kraštotyros leidiniai.",
     ("Petras", "Mockus", "Pirmininkas", "pirmininkas", "")),
    ("Pajūrio naujienos", "", K.MEDIA, "LT", "https://www.pajurionaujienos.com",
     ["SVB-KRE"], 5, "Bibliotekų renginių viešinimas.",
     ("Eglė", "Rimkutė", "Žurnalistė", "kultūros žurnalistė", "egle@pajurionaujienos.com")),
    ("Lietuvos nacionalinė Martyno Mažvydo biblioteka", "LNB", K.LIBRARY_LT, "LT",
     "https://www.lnb.lt", [], 15, "Metodinė pagalba, statistika, kvalifikacijos tobulinimas.",
     ("Jurgita", "Adomaitienė", "Bibliotekų plėtros skyriaus vedėja", "metodininkė",
      "jurgita.adomaitiene@lnb.lt")),
    ("Klaipėdos apskrities viešoji I. Simonaitytės biblioteka", "KAVB", K.LIBRARY_LT, "LT",
     "https://www.klavb.lt", [], 9, "Regioninės bibliotekos bendri projektai.",
     ("Audronė", "Petrauskienė", "Projektų vadovė", "projektų koordinatorė",
      "audrone@klavb.lt")),
    ("Tauragės kultūros centras", "", K.MUSEUM, "LT", "", ["SVB-TAU"], 2,
     "Bendri renginiai, Knygų savaitė.", None),
    ("Šilutės Hugo Šojaus muziejus", "", K.MUSEUM, "LT", "", ["SVB-SIL"], 5,
     "Mažosios Lietuvos paveldo edukacijos.", None),
    ("Biblioteka Publiczna w Sejnach", "", K.LIBRARY_FOREIGN, "PL", "", ["SVB-JUR"], 1,
     "Lenkijos ir Lietuvos pasienio bibliotekų mainai.", None),
]

# (partner index, number, kind, title, days from start to today (started ago), days until
#  end from today (None: no end), subject, obligations)
AGREEMENTS = [
    (0, "BS-2021/04", AgreementKind.AGREEMENT, "Bendradarbiavimo sutartis su LNB (Latvija)",
     1300, 400, "Patirties mainai, stažuotės ir bendri skaitymo projektai.",
     "Kasmet keistis bent dviem stažuotėmis; bendrai rengti paraiškas."),
    (1, "BS-2022/11", AgreementKind.AGREEMENT, "Pasienio bibliotekų bendradarbiavimo sutartis",
     900, 18, "Bendros vaikų skaitymo akcijos ir kraštotyros projektai.",
     "Šalys dalijasi metodine medžiaga ir kviečia į renginius."),
    (2, "M-2019/02", AgreementKind.MEMORANDUM, "Memorandumas dėl kraštotyros veiklos",
     2000, None, "Bendros parodos ir edukacijos apie Kretingos kraštą.",
     "Muziejus teikia eksponatus, biblioteka – patalpas ir viešinimą."),
    (3, "S-2023/15", AgreementKind.CONTRACT, "Sutartis dėl kultūros programos finansavimo",
     700, -20, "Savivaldybės kultūros programos lėšos bibliotekų renginiams.",
     "Biblioteka atsiskaito už lėšų panaudojimą iki metų pabaigos."),
    (4, "BS-2024/03", AgreementKind.AGREEMENT, "Sutartis dėl pamokų bibliotekoje",
     300, 365, "Skaitymo skatinimo pamokos progimnazijos mokiniams.", ""),
    (6, "KS-2025/01", AgreementKind.INTENT, "Ketinimų protokolas dėl renginių viešinimo",
     200, 200, "Bibliotekų renginių viešinimas laikraštyje ir jo svetainėje.", ""),
    (7, "BS-2018/07", AgreementKind.AGREEMENT, "Bendradarbiavimo sutartis su LNB",
     2500, 90, "Metodinė pagalba ir duomenų teikimas.", "Kasmet teikti statistiką."),
    (11, "", AgreementKind.MEMORANDUM, "Memorandum of cooperation (Sejny)",
     -10, 720, "Pasienio bibliotekų mainai.", ""),
]

LOG_TEXTS = [
    (ContactKind.MEETING, "Susitikimas dėl bendro projekto idėjos ir paraiškos rengimo."),
    (ContactKind.VISIT, "Partnerių vizitas: aplankytos Kretingos ir Darbėnų bibliotekos."),
    (ContactKind.CALL, "Vaizdo skambutis: aptartas vasaros skaitymo akcijos planas."),
    (ContactKind.LETTER, "Išsiųstas kvietimas į regioninę konferenciją."),
    (ContactKind.JOINT, "Bendras renginys – kraštotyros vakaras bibliotekoje."),
    (ContactKind.EXCHANGE, "Patirties mainai: bibliotekininkų stažuotė pas partnerius."),
]


def load(out) -> None:
    if Partner.objects.exists():
        out.write("  partners: already there, left alone")
        return
    staff = User.objects.filter(email="darbuotojas@demo.lt").first()
    if staff is None:
        out.write("  partners: no demo territory, none loaded")
        return
    counts = _load(staff)
    out.write(f"  partners: {counts['partners']} partners, {counts['contacts']} contacts, "
              f"{counts['agreements']} agreements, {counts['log']} contact-log entries")


def _organisation(name, short, kind, country, website) -> Organisation:
    found = Organisation.objects.filter(name__iexact=name, country=country).first()
    return found or Organisation.objects.create(name=name, short_name=short, kind=kind,
                                                country=country, website=website)


def _load(staff) -> dict:
    today = timezone.localdate()
    libraries = {lib.code: lib for lib in Library.objects.filter(
        code__in={code for row in PARTNERS for code in row[5]})}
    counts = {"partners": 0, "contacts": 0, "agreements": 0, "log": 0}
    partners = []
    for name, short, kind, country, website, codes, years, areas, contact in PARTNERS:
        partner = services.create_partner(
            by=staff, organisation=_organisation(name, short, kind, country, website),
            areas=areas, since=today.replace(month=1, day=1) - timedelta(days=365 * years),
            libraries=[libraries[c] for c in codes if c in libraries])
        partners.append(partner)
        counts["partners"] += 1
        if contact:
            first, last, position, role, email = contact
            person = Person.objects.filter(first_name=first, last_name=last,
                                           organisation=partner.organisation).first()
            consent = bool(email)
            services.add_contact(
                partner=partner, by=staff, person=person,
                new_person=None if person else {"first_name": first, "last_name": last,
                                                "position": position, "email": email},
                role=role, consent=consent,
                consent_on=today - timedelta(days=200) if consent else None,
                consent_note="sutikimas el. paštu" if consent else "")
            counts["contacts"] += 1
    for index, number, kind, title, started, until, subject, obligations in AGREEMENTS:
        starts = today - timedelta(days=started)
        services.create_agreement(
            Agreement(number=number, kind=kind, title=title, subject=subject,
                      obligations=obligations, starts_on=starts, signed_on=starts,
                      ends_on=None if until is None else today + timedelta(days=until),
                      responsible=staff if index != 3 else None),
            by=staff, partners=[partners[index]], libraries=list(partners[index].libraries.all()))
        counts["agreements"] += 1
    counts["log"] = _log(staff, partners, today)
    return counts


def _linkables():
    from mokymai.models import TrainingEvent
    from projektai.models import Project
    from viesinimas.models import Publication

    return (list(Project.objects.order_by("pk")[:6]),
            list(TrainingEvent.objects.order_by("pk")[:6]),
            list(Publication.objects.order_by("pk")[:6]))


def _log(staff, partners, today) -> int:
    projects, events, publications = _linkables()
    made = 0
    for number in range(25):
        partner = partners[number % len(partners)]
        kind, summary = LOG_TEXTS[number % len(LOG_TEXTS)]
        entry = ContactLog(partner=partner, happened_on=today - timedelta(days=7 + number * 23),
                           kind=kind, summary=summary)
        if number % 4 == 0 and projects:
            entry.project = projects[(number // 4) % len(projects)]
        if number % 5 == 1 and events:
            entry.event = events[(number // 5) % len(events)]
        if number % 6 == 2 and publications:
            entry.publication = publications[(number // 6) % len(publications)]
        services.add_log(entry, by=staff, libraries=list(partner.libraries.all())[:2])
        made += 1
    return made
