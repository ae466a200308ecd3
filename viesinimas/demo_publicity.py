"""Demo publicity log: about forty publications of this year about the department's and the
territory libraries' work — the regional newspapers (Pajūrio naujienos in Kretinga, Tauragės
kurjeris, Šilalės artojas, Jurbarko šviesa), radio and television, the Library's website,
the libraries' Facebook posts, news portals and the department's newsletter — some about
the demo events and good practices (loaded before this), with the reach where a medium
tells it.

Dates are of this year up to today (a date still to come falls back a year). Everything
goes through ``viesinimas.services_publicity`` as the department's staff member
(``darbuotojas@demo.lt``)."""

from datetime import date, timedelta

from django.utils import timezone

from bibliotekos.models import Library, LibraryKind
from paskyros.models import User
from viesinimas import services_publicity as services
from viesinimas.models import (
    ActivityEvent,
    Practice,
    PracticeStatus,
    Publication,
    PublicationChannel,
)

P = PublicationChannel
LIBRARY_SITE = "Klaipėdos apskrities viešoji I. Simonaitytės biblioteka"

# (month, day, channel, medium, title, libraries, reach, link, what it is about).
# A library is (municipality code, place): None the system, "school" its first school
# library, a place its branch ("Darbėnų" → Darbėnų filialas).
ENTRIES = [
    (1, 14, P.PRESS, "Pajūrio naujienos", "Kretingos bibliotekoje – Sausio 13-osios "
     "atminimo popietė", [("KRE", None)], 4200, "", "Laisvės gynėjų dienos minėjimas"),
    (1, 22, P.SOCIAL, "Facebook: Tauragės Birutės Baltrušaitytės viešoji biblioteka",
     "Žiemos skaitymai su Skaudvilės mokiniais", [("TAU", "Skaudvilės")], 860,
     "https://www.facebook.com/tauragesbiblioteka/posts/skaudvile-skaitymai", ""),
    (1, 29, P.LIBRARY_WEBSITE, LIBRARY_SITE, "Regiono bibliotekininkai mokėsi rengti "
     "projektų paraiškas", [], 640, "https://www.klavb.lt/naujienos/projektu-paraiskos", ""),
    (2, 6, P.PRESS, "Tauragės kurjeris", "Biblioteka kviečia senjorus į skaitmeninio "
     "raštingumo užsiėmimus", [("TAU", None)], 3100, "", "Skaitmeninio raštingumo kursai "
     "senjorams"),
    (2, 16, P.PRESS, "Šilalės artojas", "Vasario 16-ąją Šilalės bibliotekoje skambėjo "
     "poezija", [("SLA", None)], 2500, "", "Valstybės atkūrimo dienos poezijos skaitymai"),
    (2, 24, P.RADIO, "LRT radijas, laida „Ryto allegro“", "Kaimo bibliotekos – "
     "bendruomenės namai: pokalbis su Darbėnų bibliotekininke", [("KRE", "Darbėnų")],
     None, "", ""),
    (3, 3, P.SOCIAL, "Facebook: Kretingos Motiejaus Valančiaus viešoji biblioteka",
     "Knygų Kalėdos tęsiasi: padovanota 300 knygų", [("KRE", None)], 1450,
     "https://www.facebook.com/kretingosbiblioteka/posts/knygu-dovanos", ""),
    (3, 11, P.PRESS, "Jurbarko šviesa", "Jurbarke paminėta Lietuvos nepriklausomybės "
     "atkūrimo diena", [("JUR", None)], 2200, "", ""),
    (3, 19, P.WEBSITE, "Tauragiškių balsas", "Lauksargių bibliotekoje – kraštiečių knygų "
     "paroda", [("TAU", "Lauksargių")], 980, "https://www.tauragiskiubalsas.lt/kultura/"
     "lauksargiu-paroda", ""),
    (3, 27, P.NEWSLETTER, "Skyriaus naujienlaiškis", "Kovo naujienos: mokymai, kvietimai "
     "ir gerosios patirties aprašai", [], 210, "", ""),
    (4, 2, P.SOCIAL, "Facebook: Šilalės rajono savivaldybės viešoji biblioteka",
     "Tarptautinė vaikų knygos diena Kvėdarnoje", [("SLA", "Kvėdarnos")], 720,
     "https://www.facebook.com/silalesbiblioteka/posts/vaiku-knygos-diena", ""),
    (4, 14, P.TV, "Tauragės televizija", "Reportažas: kaip biblioteka moko senjorus naudotis "
     "išmaniuoju telefonu", [("TAU", None)], 5400, "", "Skaitmeninio raštingumo kursai "
     "senjorams"),
    (4, 22, P.PRESS, "Pajūrio naujienos", "Bibliotekų savaitė Kretingos krašte: nuo "
     "protmūšio iki susitikimų su rašytojais", [("KRE", None), ("KRE", "Darbėnų"),
                                                 ("KRE", "Kartenos")], 4300, "",
     "Bibliotekų savaitė"),
    (4, 24, P.LIBRARY_WEBSITE, LIBRARY_SITE, "Bibliotekų savaitė regione: 11 savivaldybių "
     "bibliotekų renginiai", [("KRE", None), ("TAU", None), ("JUR", None), ("SLA", None)],
     1280, "https://www.klavb.lt/naujienos/biblioteku-savaite-regione", "Bibliotekų savaitė"),
    (4, 25, P.PRESS, "Jurbarko šviesa", "Bibliotekų savaitė Jurbarke: knygų mainai ir "
     "garsiniai skaitymai", [("JUR", None), ("JUR", "Smalininkų")], 2100, "",
     "Bibliotekų savaitė"),
    (4, 28, P.RADIO, "Žemaitijos radijas", "Pokalbis apie Bibliotekų savaitę Šilalėje",
     [("SLA", None)], None, "", "Bibliotekų savaitė"),
    (5, 8, P.SOCIAL, "Facebook: Kretingos Motiejaus Valančiaus viešoji biblioteka",
     "Mokyklos bibliotekoje – Motinos dienos dirbtuvės", [("KRE", "school")], 530,
     "https://www.facebook.com/kretingosbiblioteka/posts/motinos-diena", ""),
    (5, 20, P.PRESS, "Šilalės artojas", "Laukuvos bibliotekininkė pelnė rajono "
     "kultūros premiją", [("SLA", "Laukuvos")], 2400, "", ""),
    (5, 29, P.WEBSITE, "15min.lt", "Regionų bibliotekos kviečia vaikus į vasaros skaitymo "
     "iššūkį", [("KRE", None), ("TAU", None)], 18500,
     "https://www.15min.lt/kultura/naujiena/vasaros-skaitymo-issukis", "Vasaros skaitymo "
     "iššūkis"),
    (6, 5, P.PRESS, "Tauragės kurjeris", "Vasaros skaitymo iššūkis prasideda: "
     "registruojasi jau 200 vaikų", [("TAU", None)], 3000, "", "Vasaros skaitymo iššūkis"),
    (6, 17, P.LIBRARY_WEBSITE, LIBRARY_SITE, "Gerąja patirtimi dalijosi Kretingos ir "
     "Tauragės bibliotekininkai", [("KRE", None), ("TAU", None)], 730,
     "https://www.klavb.lt/naujienos/geroji-patirtis-birzelis", ""),
    (6, 26, P.SOCIAL, "Facebook: Jurbarko rajono savivaldybės viešoji biblioteka",
     "Seredžiaus filiale – Joninių vakaronė su bendruomene", [("JUR", "Seredžiaus")], 610,
     "https://www.facebook.com/jurbarkobiblioteka/posts/jonines-seredziuje", ""),
    (7, 6, P.PRESS, "Jurbarko šviesa", "Valstybės dienos skaitymai Veliuonos bibliotekoje",
     [("JUR", "Veliuonos")], 1900, "", ""),
    (7, 15, P.WEBSITE, "Kretingos rajono savivaldybės svetainė", "Salantų bibliotekoje "
     "atnaujinta vaikų erdvė", [("KRE", "Salantų")], 1150,
     "https://www.kretinga.lt/naujienos/salantu-biblioteka-vaiku-erdve", ""),
    (7, 30, P.SOCIAL, "Instagram: Šilalės rajono savivaldybės viešoji biblioteka",
     "Skaitome lauke: vasaros knygų skaitykla prie bibliotekos", [("SLA", None)], 390,
     "https://www.instagram.com/p/silales-skaitykla-lauke", ""),
    (8, 12, P.RADIO, "LRT Klasika", "Regiono bibliotekos vasarą: skaitymo iššūkio "
     "tarpiniai rezultatai", [], None, "", "Vasaros skaitymo iššūkis"),
    (8, 27, P.PRESS, "Pajūrio naujienos", "Kartenos bibliotekoje – kraštotyros rinkinio "
     "pristatymas", [("KRE", "Kartenos")], 3900, "", "Kraštotyros rinkinys"),
    (9, 2, P.SOCIAL, "Facebook: Tauragės Birutės Baltrušaitytės viešoji biblioteka",
     "Rugsėjo 1-oji: biblioteka sveikina mokinius ir kviečia registruotis", [("TAU", None)],
     940, "https://www.facebook.com/tauragesbiblioteka/posts/rugsejo-1", ""),
    (9, 16, P.LIBRARY_WEBSITE, LIBRARY_SITE, "Metodinė diena: bibliotekų statistika ir "
     "veiklos planavimas", [], 520, "https://www.klavb.lt/naujienos/metodine-diena", ""),
    (9, 26, P.PRESS, "Šilalės artojas", "Kultūros naktis Šilalės bibliotekoje sutraukė "
     "šimtus lankytojų", [("SLA", None)], 2600, "", ""),
    (10, 3, P.TV, "Jurbarko televizija", "Smalininkų bibliotekoje – susitikimas su "
     "rašytoju", [("JUR", "Smalininkų")], 2800, "", ""),
    (10, 14, P.PRESS, "Tauragės kurjeris", "Batakių bibliotekoje – senjorų klubo "
     "dešimtmetis", [("TAU", "Batakių")], 2900, "", ""),
    (10, 21, P.WEBSITE, "kretingiskiai.lt", "Darbėnų bibliotekoje – rudens kraštotyros "
     "popietė", [("KRE", "Darbėnų")], 870, "https://www.kretingiskiai.lt/kultura/"
     "darbenu-krastotyra", "Kraštotyros popietė"),
    (10, 30, P.NEWSLETTER, "Skyriaus naujienlaiškis", "Rudens naujienos: gerosios "
     "patirties aprašai ir artėjantys mokymai", [], 230, "", ""),
    (11, 6, P.SOCIAL, "Facebook: Jurbarko rajono savivaldybės viešoji biblioteka",
     "Eržvilko filiale – protmūšis jaunimui", [("JUR", "Eržvilko")], 480,
     "https://www.facebook.com/jurbarkobiblioteka/posts/erzvilko-protmusis", ""),
    (11, 13, P.PRESS, "Pajūrio naujienos", "Mokyklos bibliotekininkė: kaip sudominti "
     "paauglius knyga", [("KRE", "school")], 4100, "", ""),
    (11, 20, P.RADIO, "Žemaitijos radijas", "Kaimo bibliotekos ir bendruomenės: Kalniškių "
     "patirtis", [("KRE", "Kalniškių")], None, "", ""),
    (11, 27, P.LIBRARY_WEBSITE, LIBRARY_SITE, "Apdovanoti aktyviausi regiono "
     "bibliotekininkai", [("KRE", None), ("SLA", "Laukuvos")], 990,
     "https://www.klavb.lt/naujienos/apdovanojimai", ""),
    (12, 1, P.PRESS, "Šilalės artojas", "Kalėdinių knygų mugė Kaltinėnuose",
     [("SLA", "Kaltinėnų")], 2300, "", ""),
    (12, 2, P.SOCIAL, "Facebook: Kretingos Motiejaus Valančiaus viešoji biblioteka",
     "Adventiniai skaitymai vaikams bibliotekoje", [("KRE", None)], 760,
     "https://www.facebook.com/kretingosbiblioteka/posts/adventas", ""),
]


def _libraries() -> dict:
    """The demo libraries the entries name, by (municipality code, place)."""
    found = {}
    for library in Library.objects.filter(municipality__code__in={"KRE", "TAU", "JUR", "SLA"},
                                          closed__isnull=True).select_related("municipality"):
        code = library.municipality.code
        if library.kind == LibraryKind.SYSTEM:
            found[(code, None)] = library
        elif library.kind == LibraryKind.SCHOOL:
            found.setdefault((code, "school"), library)
        elif library.name.endswith(" filialas"):
            found.setdefault((code, library.name.removesuffix(" filialas")), library)
    school = Library.objects.filter(code="MB-KRE-001").first()
    if school is not None:
        found[("KRE", "school")] = school
    return found


def _day(month: int, day: int, today: date) -> date:
    """This year's day, or last year's when it is still to come."""
    chosen = date(today.year, month, day)
    return chosen if chosen <= today else date(today.year - 1, month, day)


NEWSPAPERS = {"KRE": "Pajūrio naujienos", "TAU": "Tauragės kurjeris",
              "SLA": "Šilalės artojas", "JUR": "Jurbarko šviesa", "SIL": "Šilutės naujienos",
              "SKU": "Mūsų žodis", "KLR": "Banga", "PAL": "Palangos tiltas",
              "KLM": "Klaipėda"}
ABOUT_EVENTS = 3          # of the past events, reported; of the coming ones, announced


def _about_practices(entries: list) -> int:
    """A few publications are about a published good practice of a library they name."""
    practices = list(Practice.objects.filter(status=PracticeStatus.PUBLISHED)
                     .order_by("pk")[:10])
    linked = 0
    for index, (publication, libraries) in enumerate(entries):
        ids = {library.pk for library in libraries}
        practice = next((p for p in practices if p.library_id in ids), None)
        if practice is not None and index % 3 == 0 and linked < 4:
            publication.practice = practice
            linked += 1
    return linked


def _about_events(today: date) -> list:
    """Reports of the latest demo events and announcements of the coming ones: in the
    library's local newspaper after the event, on its Facebook page before it."""
    made = []
    events = ActivityEvent.objects.filter(cancelled_at__isnull=True).select_related(
        "library__municipality")
    past = events.filter(starts_on__lte=today).order_by("-starts_on")[:ABOUT_EVENTS]
    for event in past:
        code = event.library.municipality.code if event.library.municipality else ""
        made.append((Publication(
            published_on=min(event.starts_on + timedelta(days=2), today), channel=P.PRESS,
            medium=NEWSPAPERS.get(code, "Regiono laikraštis"), title=event.title,
            reach=2500, activity=event), [event.library]))
    coming = events.filter(starts_on__gt=today,
                           starts_on__lte=today + timedelta(days=30)).order_by("starts_on")
    for event in coming[:ABOUT_EVENTS]:
        made.append((Publication(
            published_on=today - timedelta(days=1), channel=P.SOCIAL,
            medium=f"Facebook: {event.library.name}", title=f"Kviečiame: {event.title}",
            reach=400, activity=event), [event.library]))
    return made


def load(out) -> None:
    if Publication.objects.exists():
        out.write("  publicity: already there, left alone")
        return
    staff = User.objects.filter(email="darbuotojas@demo.lt").first()
    if staff is None:
        out.write("  publicity: no demo staff member, left out")
        return
    today = timezone.localdate()
    libraries = _libraries()
    made = []
    for month, day, channel, medium, title, named, reach, link, about in ENTRIES:
        chosen = [libraries[key] for key in named if key in libraries]
        if named and not chosen:
            continue
        made.append((Publication(published_on=_day(month, day, today), channel=channel,
                                 medium=medium, title=title, url=link, reach=reach,
                                 about=about), chosen))
    about_practices = _about_practices(made)
    events = _about_events(today)
    made += events
    for publication, chosen in made:
        services.create_publication(publication, libraries=chosen, by=staff)
    out.write(f"  publicity: {len(made)} publications ({len(events)} about events, "
              f"{about_practices} about good practices)")
