"""Demo newsletter: two issues sent in earlier months (kept as web pages, with who they went
to) and this month's draft, composed by the department's staff member from what the portal
offers now — the published good practices, the trainings open for registration, the calls
and the libraries' events — with an introduction and a news item of their own.

Everything goes through ``services_newsletter`` as staff would do it; nothing is e-mailed
(the delivery task is not queued: the demo marks the past issues delivered itself)."""

from contextlib import contextmanager
from datetime import date, time, timedelta

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from paskyros.models import User
from portalas.clock import aware
from viesinimas import services_newsletter as service
from viesinimas.models import Newsletter, NewsletterDelivery

STAFF = "darbuotojas@demo.lt"


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _past_issues() -> list[dict]:
    return [
        {"months_back": 2,
         "intro": "Sveiki, kolegos!\n\nRudenį bibliotekos grįžta prie skaitymo skatinimo: "
                  "šiame numeryje – Tauragės ir Kretingos bibliotekų patirtis, artėjantys "
                  "skyriaus mokymai ir priminimas apie metinę statistiką.",
         "items": [
             ("viesinimas.practices", "Gerosios patirties aprašai",
              "Tauragės viešoji biblioteka: „Knygų lagaminas“ senjorų namams",
              "Bibliotekininkės kas mėnesį nuveža knygų rinkinį į socialinės globos namus ir "
              "kartu su gyventojais aptaria, kas perskaityta. Aprašas – su lagamino turinio "
              "sąrašu ir susitarimo su globos namais pavyzdžiu.", "viesinimas:practice_list"),
             ("viesinimas.practices", "Gerosios patirties aprašai",
              "Kretingos rajono Darbėnų filialas: šeimų skaitymo vakarai",
              "Kartą per mėnesį tėvai su vaikais skaito garsiai ir kuria knygelių "
              "iliustracijas. Per pusmetį dalyvavo 26 šeimos.", "viesinimas:practice_list"),
             ("mokymai.upcoming", "Artėjantys mokymai",
              "Bibliotekos renginių viešinimas socialiniuose tinkluose",
              "Praktinis seminaras: kaip planuoti įrašus, fotografuoti renginius ir matuoti "
              "pasiekiamumą. Registracija portale.", "mokymai:event_list"),
             ("projektai.calls", "Kvietimai teikti paraiškas",
              "Lietuvos kultūros taryba: bibliotekų programos kvietimas",
              "Paraiškas galima teikti iki mėnesio pabaigos. Skyrius konsultuoja rengiant "
              "paraiškas – rašykite per portalą.", "projektai:call_list"),
             ("news", "", "Metinė statistika: ataskaitų formos jau atvertos",
              "Ataskaitas už praėjusius metus pildykite portale; iškilus klausimams "
              "kreipkitės į skyriaus darbuotojus.", "statistika:report_list"),
         ]},
        {"months_back": 1,
         "intro": "Sveiki!\n\nŠį mėnesį dalijamės Jurbarko ir Šilalės bibliotekų sumanymais, "
                  "kviečiame į mokymus ir primename apie **Bibliotekų savaitę** – "
                  "registruokite savo renginius teritorijos kalendoriuje.",
         "items": [
             ("viesinimas.practices", "Gerosios patirties aprašai",
              "Jurbarko viešoji biblioteka: kraštotyros popietės su vietos bendruomene",
              "Gyventojai atneša senas nuotraukas, bibliotekininkai jas skaitmenina ir kartu "
              "užrašo prisiminimus. Surinkta per 300 nuotraukų.", "viesinimas:practice_list"),
             ("viesinimas.events", "Bibliotekų renginiai",
              "Šilalės viešoji biblioteka: Bibliotekų savaitės atidarymas",
              "Susitikimas su kraštiečiu rašytoju ir knygų mainų mugė.",
              "viesinimas:event_list"),
             ("mokymai.upcoming", "Artėjantys mokymai",
              "Skaitmeninio raštingumo mokymai senjorams: kaip juos organizuoti",
              "Dviejų dalių seminaras filialų bibliotekininkams: užsiėmimų planai, "
              "priemonės ir dalyvių pritraukimas.", "mokymai:event_list"),
             ("news", "", "Naujiena portale: el. pašto nuostatos",
              "Kiekvienas galite pasirinkti, kokius portalo laiškus gaunate – naujienlaiškio "
              "galite atsisakyti vienu paspaudimu.", "paskyros:notifications"),
         ]},
    ]


@contextmanager
def _no_emails():
    queue = service._queue
    service._queue = lambda newsletter_id: None
    try:
        yield
    finally:
        service._queue = queue


def _months_back(today: date, months: int) -> date:
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, min(today.day, 15))


def _sent_issue(staff, spec: dict, today: date) -> Newsletter:
    day = _months_back(today, spec["months_back"])
    issue = service.create_newsletter(by=staff, today=day, covers_from=day - timedelta(days=30),
                                      intro=spec["intro"])
    rows = [{"pk": None, "order": n, "source": source, "section": section, "title": title,
             "text": text, "url": _url(url_name)}
            for n, (source, section, title, text, url_name) in enumerate(spec["items"])]
    issue = service.save_draft(newsletter=issue, by=staff, seen_version=issue.version,
                               title=issue.title, intro=issue.intro,
                               covers_from=issue.covers_from, items=rows)
    service.start_sending(newsletter=issue, by=staff, seen_version=issue.version)
    moment = aware(day, time(10, 0))
    NewsletterDelivery.objects.bulk_create(
        NewsletterDelivery(newsletter=issue, user=user, sent_at=moment)
        for user in service.recipients())
    service.finish_if_delivered(issue.pk)
    Newsletter.objects.filter(pk=issue.pk).update(sent_at=moment, created_at=moment)
    return Newsletter.objects.get(pk=issue.pk)


def _draft(staff) -> Newsletter:
    """This month's issue, composed from what the portal offers since the last one."""
    issue = service.create_newsletter(
        by=staff, intro="Sveiki, kolegos!\n\nDalijamės naujausiais gerosios patirties "
                        "aprašais ir kviečiame į artėjančius mokymus. Laukiame ir jūsų "
                        "naujienų – rašykite skyriui.")
    wanted = {"viesinimas.practices": 3, "mokymai.upcoming": 3, "projektai.calls": 2,
              "viesinimas.events": 2}
    picked = []
    for group in service.candidates(issue, user=staff):
        picked += [row for row in group["items"] if not row["taken"]][:wanted.get(
            group["name"], 0)]
    own = {"pk": None, "order": 1, "title": "Skyriaus konsultacijos – ir nuotoliu",
           "text": "Nuo šio mėnesio metodinės konsultacijos vyksta ir vaizdo skambučiu: "
                   "užsiregistruokite portale, skiltyje „Konsultacijos“.",
           "url": _url("konsultacijos:question_create")}
    return service.save_draft(newsletter=issue, by=staff, seen_version=issue.version,
                              title=issue.title, intro=issue.intro,
                              covers_from=issue.covers_from, items=[own], picked=picked)


def load(out) -> None:
    if Newsletter.objects.exists():
        out.write("  newsletter: already there, left alone")
        return
    staff = User.objects.get(email=STAFF)
    today = timezone.localdate()
    with _no_emails():
        sent = [_sent_issue(staff, spec, today) for spec in _past_issues()]
        draft = _draft(staff)
    out.write(f"  newsletter: {len(sent)} issues sent (to {sent[-1].recipients} people), "
              f"a draft of {draft.items.count()} items")
