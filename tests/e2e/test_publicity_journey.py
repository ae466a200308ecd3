"""Publicity and good practice in a real browser, on the demo data (issue 21): the Darbėnai
branch's librarian enters a public library event and describes a good practice with two
photos (one carrying a GPS location, which the portal strips), confirming the consent of
the people in them, and hands it for review; staff publish it; Tauragė's director says
"we did it too"; the territory's calendar (on a laptop and on a phone) shows the event
beside a training, the public page and its iCalendar feed (no sign-in) show it; staff log a
press article from its link (read by the fetcher from a local server); staff compose a
newsletter with the practice, preview it and send it. Pages are checked with axe and for
sideways scrolling. Screenshots go to var/screenshots/ (130–139)."""

import http.server
import io
import re
import threading
from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from PIL import ExifTags, Image
from playwright.sync_api import expect

from bibliotekos.models import Library
from mokymai.models import EventStatus, Session
from paskyros.models import User
from portalas import notifications
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in
from viesinimas import fetcher, views_publicity
from viesinimas.models import (
    ActivityEvent,
    Adoption,
    Newsletter,
    NewsletterStatus,
    Practice,
    PracticeStatus,
    Publication,
    PublicationChannel,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BRANCH_LIBRARIAN = "filialas@demo.lt"          # Darbėnų filialas (SVB-KRE-F02)
STAFF = "darbuotojas@demo.lt"
TAURAGE_DIRECTOR = "direktorius.tau@demo.lt"   # Tauragės rajono savivaldybės viešoji biblioteka
EVENT_TITLE = "Kalėdinių atvirukų dirbtuvės šeimoms Darbėnuose"
PRACTICE_TITLE = "Žemaitiškų pasakų vakarai su seneliais"
ARTICLE_TITLE = "Darbėnų bibliotekoje seneliai seka žemaitiškas pasakas"
GPS = 0x8825


def _page(browser, live_server, email=None, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    if email:
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
    return page


def _clean(page, where: str) -> None:
    assert not axe_violations(page), (where, axe_violations(page))
    assert not overflow(page), (where, overflow(page))


def _photo(path, colour, *, gps: bool):
    """A small JPEG; with ``gps`` it carries a location in its EXIF (Palanga's pier)."""
    image = Image.new("RGB", (640, 480), colour)
    for x in range(0, 640, 40):                       # stripes: not one flat colour
        image.paste((255, 255, 255), (x, 0, x + 8, 480))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Fotoaparatas"
    if gps:
        exif[GPS] = {ExifTags.GPS.GPSLatitudeRef: "N",
                     ExifTags.GPS.GPSLatitude: (55.0, 55.0, 12.5),
                     ExifTags.GPS.GPSLongitudeRef: "E",
                     ExifTags.GPS.GPSLongitude: (21.0, 3.0, 20.0)}
    image.save(path, "JPEG", exif=exif, quality=85)
    if gps:                                           # the test's own premise
        assert Image.open(path).getexif().get_ifd(GPS), "the fixture photo has no GPS"
    return path


def _unfolded(ics: str) -> str:
    """iCalendar text with its folded lines joined (RFC 5545, 3.1)."""
    return re.sub(r"\r?\n[ \t]", "", ics)


class _ArticleServer:
    """A local news site serving one article with Open Graph metadata."""

    def __init__(self, title: str, published: str):
        html = (f"<!doctype html><html lang='lt'><head><meta charset='utf-8'>"
                f"<title>Pajūrio naujienos</title>"
                f"<meta property='og:title' content='{title}'>"
                f"<meta property='og:site_name' content='Pajūrio naujienos'>"
                f"<meta property='article:published_time' content='{published}'>"
                f"</head><body><h1>{title}</h1></body></html>").encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(html)))
                self.end_headers()
                self.wfile.write(html)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _next_training_session():
    """The next session of a published training (from tomorrow on), whose day the event
    shares so that both show in one month of the calendar."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time(0, 0)))
    session = (Session.objects.filter(starts_at__gte=start,
                                      event__status__in=(EventStatus.PUBLISHED,
                                                         EventStatus.REGISTRATION_CLOSED))
               .select_related("event").order_by("starts_at").first())
    assert session is not None, "the demo data has no upcoming training"
    return session


def test_an_event_a_practice_the_calendar_a_press_article_and_the_newsletter(
        browser, live_server, demo, shot, settings, tmp_path, monkeypatch):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    settings.PUBLICITY_FETCH_LINKS = True
    base = live_server.url
    today = timezone.localdate()
    branch = Library.objects.get(code="SVB-KRE-F02")
    training = _next_training_session()
    event_day = timezone.localtime(training.starts_at).date()

    # 1. the branch's librarian enters an upcoming public event
    librarian = _page(browser, live_server, BRANCH_LIBRARIAN)
    librarian.goto(f"{base}/viesinimas/renginiai/naujas/")
    assert librarian.locator("#id_library option:checked").inner_text() == branch.name
    librarian.fill("#id_title", EVENT_TITLE)
    librarian.select_option("#id_kind", "education")
    librarian.select_option("#id_audience", "families")
    librarian.fill("#id_starts_on", f"{event_day:%Y-%m-%d}")
    librarian.fill("#id_start_time", "16:00")
    librarian.fill("#id_end_time", "18.00")
    librarian.fill("#id_place", "Darbėnų kultūros centro salė")
    librarian.fill("#id_description",
                   "Kuriame **kalėdinius atvirukus** iš senų knygų iliustracijų.\n\n"
                   "- popierius ir klijai – bibliotekos\n- <script>alert(1)</script> nieko")
    themes = librarian.locator("#div_id_themes input[type=checkbox]")
    if themes.count():
        themes.first.check()
    librarian.check("#id_public")
    _clean(librarian, "new event")
    shot(librarian, "130-renginys-naujas")
    librarian.locator("#event-form [type=submit]").first.click()
    librarian.wait_for_url(re.compile(r"/viesinimas/renginiai/\d+/$"))
    event = ActivityEvent.objects.get(title=EVENT_TITLE)
    assert event.library == branch and event.public and event.starts_on == event_day
    assert event.start_time == time(16, 0) and event.end_time == time(18, 0)
    assert event.created_by.email == BRANCH_LIBRARIAN
    main = librarian.locator("main")
    expect(main).to_contain_text(EVENT_TITLE)
    assert "<script>" not in librarian.locator("main").inner_html()   # Markdown, safely
    _clean(librarian, "the event's page")

    # 2. the librarian describes a good practice, adds two photos and hands it for review
    librarian.goto(f"{base}/viesinimas/patirtis/nauja/")
    librarian.fill("#id_title", PRACTICE_TITLE)
    librarian.fill("#id_summary", "Kartą per mėnesį seneliai vaikams seka žemaitiškas pasakas, "
                                  "o vaikai jas iliustruoja.")
    librarian.fill("#id_what", "Pasakų vakarai, kuriuose **kartos susitinka** prie knygos.")
    librarian.fill("#id_audience", "vaikai nuo 6 iki 12 metų ir jų seneliai")
    librarian.fill("#id_how", "1. Susitariame su seniūnijos senjorų klubu.\n"
                              "2. Parenkame pasakas.\n3. Vaikai piešia tai, ką išgirdo.")
    librarian.fill("#id_results", "Per metus – 11 vakarų, 146 dalyviai.")
    librarian.fill("#id_costs", "Arbata ir piešimo priemonės – apie 20 € per vakarą.")
    librarian.fill("#id_started_on", f"{today.replace(year=today.year - 1):%Y-%m-%d}")
    librarian.fill("#id_contact_name", "Onutė Darbėnienė")
    librarian.fill("#id_contact_email", "darbenai@demo.lt")
    tags = librarian.locator("#div_id_themes input[type=checkbox]")
    if tags.count():
        tags.first.check()
    _clean(librarian, "new practice")
    shot(librarian, "131-patirtis-nauja")
    librarian.locator("main form [type=submit]").first.click()
    librarian.wait_for_url(re.compile(r"/viesinimas/patirtis/\d+/$"))
    practice = Practice.objects.get(title=PRACTICE_TITLE)
    assert practice.library == branch and practice.status == PracticeStatus.DRAFT

    located = _photo(tmp_path / "pasaku-vakaras.jpg", (180, 40, 40), gps=True)
    plain = _photo(tmp_path / "vaiku-piesiniai.jpg", (40, 90, 160), gps=False)
    # the first photo from the practice's page (its form is open while there is none)
    librarian.set_input_files("#photo_image", str(located))
    librarian.fill("#photo_caption", "Seneliai seka pasakas bibliotekos skaitykloje")
    librarian.locator("input[name=consent][value=parents]").check()
    librarian.check("#photo_confirm")
    librarian.locator("form[action$='/nuotraukos/nauja/'] [type=submit]").click()
    librarian.wait_for_url(re.compile(r"/viesinimas/patirtis/\d+/#photos$"))
    # the second through the photo page, where the consent is explained
    librarian.goto(f"{base}/viesinimas/patirtis/{practice.pk}/nuotraukos/nauja/")
    librarian.set_input_files("#id_image", str(plain))
    librarian.fill("#id_caption", "Vaikų piešiniai pagal išgirstas pasakas")
    librarian.locator("input[name=consent][value=no_people]").check()
    librarian.check("#id_confirm")
    _clean(librarian, "add a photo")
    shot(librarian, "132-patirtis-nuotrauka-ir-sutikimas")
    librarian.locator("main form [type=submit]").first.click()
    librarian.wait_for_url(re.compile(r"/viesinimas/patirtis/\d+/#photos$"))
    photos = list(practice.photos.order_by("pk"))
    assert len(photos) == 2 and [p.consent for p in photos] == ["parents", "no_people"]
    for photo in photos:
        with photo.image.open("rb") as stored:
            exif = Image.open(io.BytesIO(stored.read())).getexif()
        assert GPS not in exif and not exif.get_ifd(GPS), "the location was not removed"
        assert photo.thumbnail, "no thumbnail was made"
    expect(librarian.locator("#practice-photos figure")).to_have_count(2)
    librarian.locator("form[action$='/perziurai/'] [type=submit]").click()
    expect(librarian.locator(".alert-success")).to_be_visible()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.REVIEW
    _clean(librarian, "the practice handed for review")

    # 3. staff find it in the review queue and publish it
    staff = _page(browser, live_server, STAFF)
    staff.goto(f"{base}/viesinimas/patirtis/darbai/?stage=review")
    staff.locator(f"tr[data-practice='{practice.pk}'] a").click()
    staff.wait_for_url(re.compile(rf"/viesinimas/patirtis/{practice.pk}/$"))
    staff.locator("form:has(input[name=decision][value=publish]) [type=submit]").click()
    expect(staff.locator(".alert-success")).to_be_visible()
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED and practice.reviewed_by.email == STAFF
    # the author heard of it (a notification the librarian cannot turn off)
    assert any(BRANCH_LIBRARIAN in m.to and PRACTICE_TITLE in m.body for m in mail.outbox)
    expect(staff.locator("#practice-photos img")).to_have_count(2)
    _clean(staff, "the published practice")
    shot(staff, "133-patirtis-paskelbta")

    # 4. Tauragė's director says "we did it too", with a note
    director = _page(browser, live_server, TAURAGE_DIRECTOR)
    director.goto(f"{base}/viesinimas/patirtis/?q=žemaitiškų")
    director.get_by_role("link", name=PRACTICE_TITLE).first.click()
    director.wait_for_url(re.compile(rf"/viesinimas/patirtis/{practice.pk}/$"))
    director.locator("#adoptions summary").click()
    director.fill("#adoptions textarea[name=note]",
                  "Pas mus pasakas seka Tauragės senjorų universiteto klausytojai; vaikai "
                  "piešinius išstatė vaikų skyriuje.")
    director.locator("form[action$='/mes-irgi/'] [type=submit]").click()
    director.wait_for_url(re.compile(r"#adoptions$"))
    adoption = Adoption.objects.get(practice=practice)
    assert adoption.library.code.startswith("SVB-TAU") and "senjorų universiteto" in adoption.note
    adoptions = director.locator("#practice-adoptions")
    expect(adoptions).to_contain_text(adoption.library.name)
    expect(adoptions).to_contain_text("senjorų universiteto")
    _clean(director, "the practice with its adoption")
    shot(director, "134-patirtis-mes-irgi")

    # 5. the calendar shows the event beside the training; the public page and feed too
    month = f"{event_day:%Y-%m}"
    librarian.goto(f"{base}/viesinimas/kalendorius/?month={month}")
    grid = librarian.locator("#calendar-grid")
    expect(grid.locator(".calendar-event", has_text=EVENT_TITLE)).to_have_count(1)
    expect(grid.locator(".calendar-entry[data-source='mokymai.events']").first).to_be_visible()
    expect(grid.locator(".calendar-entry", has_text=training.event.title).first).to_be_visible()
    _clean(librarian, "the calendar")
    shot(librarian, "135-kalendorius")
    phone = _page(browser, live_server, BRANCH_LIBRARIAN, phone=True)
    phone.goto(f"{base}/viesinimas/kalendorius/?month={month}")
    agenda = phone.locator("#calendar-agenda")
    expect(agenda.locator(".calendar-event", has_text=EVENT_TITLE)).to_be_visible()
    expect(agenda.locator(".calendar-entry", has_text=training.event.title).first).to_be_visible()
    phone.locator(f"#day-{event_day:%Y%m%d}").scroll_into_view_if_needed()
    _clean(phone, "the calendar on a phone")
    shot(phone, "136-kalendorius-telefone")
    phone.context.close()

    visitor = _page(browser, live_server)                       # no sign-in
    answer = visitor.request.get(f"{base}/viesinimas/viesas.ics")
    assert answer.ok and answer.headers["content-type"].startswith("text/calendar")
    assert f"SUMMARY:{EVENT_TITLE}" in _unfolded(answer.text())
    visitor.goto(f"{base}/viesinimas/viesas/")
    expect(visitor.locator(f"#public-events li[data-event='{event.pk}']")).to_contain_text(
        EVENT_TITLE)
    assert "Onutė" not in visitor.content() and BRANCH_LIBRARIAN not in visitor.content()
    _clean(visitor, "the public page")
    visitor.context.close()

    # 6. staff log a press article from its link (the fetcher reads the local page)
    published = today - timedelta(days=4)
    with _ArticleServer(ARTICLE_TITLE, f"{published:%Y-%m-%d}T09:15:00+02:00") as site:
        allowed = frozenset({("127.0.0.1", site.port)})
        monkeypatch.setattr(views_publicity, "fetch_page_info",
                            lambda url, **kwargs: fetcher.fetch_page_info(url, allow=allowed))
        article_url = f"http://127.0.0.1:{site.port}/naujienos/pasaku-vakarai"
        staff.goto(f"{base}/viesinimas/publikacijos/is-nuorodos/")
        _clean(staff, "the quick entry's link")
        staff.fill("#id_url", article_url)
        staff.locator("#publicity-link-form [type=submit]").click()
        expect(staff.locator("#publicity-fetched .alert-info")).to_be_visible()
    assert staff.input_value("#id_title") == ARTICLE_TITLE
    assert staff.input_value("#id_published_on") == f"{published:%Y-%m-%d}"
    assert staff.input_value("#id_medium") == "Pajūrio naujienos"
    staff.select_option("#id_channel", PublicationChannel.PRESS)
    staff.select_option("#id_libraries", str(branch.pk))
    staff.select_option("#id_practice", str(practice.pk))
    staff.fill("#id_reach", "4200")
    _clean(staff, "the prefilled publication")
    shot(staff, "137-publikacija-is-nuorodos")
    staff.locator("#publicity-form button[value=save]").click()
    staff.wait_for_url(re.compile(r"/viesinimas/publikacijos/\d+/$"))
    publication = Publication.objects.get(url=article_url)
    assert publication.title == ARTICLE_TITLE and publication.published_on == published
    assert publication.medium == "Pajūrio naujienos" and publication.channel == "press"
    assert list(publication.libraries.all()) == [branch] and publication.practice == practice
    expect(staff.locator("main h1")).to_have_text(ARTICLE_TITLE)
    _clean(staff, "the publication's page")

    # 7. staff compose a newsletter with the practice, preview it and send it
    staff.goto(f"{base}/viesinimas/naujienlaiskis/naujas/")
    _clean(staff, "a new issue")
    staff.locator("#newsletter-create-form [type=submit]").click()
    staff.wait_for_url(re.compile(r"/viesinimas/naujienlaiskis/\d+/redaguoti/$"))
    newsletter = Newsletter.objects.filter(status=NewsletterStatus.DRAFT).latest("pk")
    staff.locator("fieldset[data-source='viesinimas.practices'] label",
                  has_text=PRACTICE_TITLE).click()
    _clean(staff, "the composer")
    staff.locator("#newsletter-compose-form button[name=then][value=preview]").click()
    staff.wait_for_url(re.compile(rf"/viesinimas/naujienlaiskis/{newsletter.pk}/perziura/$"))
    practice_link = f"{base}{practice.get_absolute_url()}"
    expect(staff.locator("#preview-html")).to_contain_text(PRACTICE_TITLE)
    expect(staff.locator("#preview-text")).to_contain_text(practice_link)
    _clean(staff, "the e-mail's preview")
    shot(staff, "138-naujienlaiskis-perziura")
    mail.outbox.clear()
    staff.locator("#newsletter-send-form [type=submit]").click()
    staff.wait_for_url(re.compile(rf"/viesinimas/naujienlaiskis/{newsletter.pk}/$"))
    newsletter.refresh_from_db()
    assert newsletter.status == NewsletterStatus.SENT and newsletter.recipients >= 1
    assert len(mail.outbox) == newsletter.recipients
    to_librarian = [m for m in mail.outbox if m.to == [BRANCH_LIBRARIAN]]
    assert len(to_librarian) == 1
    letter = to_librarian[0]
    assert PRACTICE_TITLE in letter.body and practice_link in letter.body
    html = letter.alternatives[0][0]
    assert PRACTICE_TITLE in html and f'href="{practice_link}"' in html
    assert "List-Unsubscribe" in letter.extra_headers
    expect(staff.locator("#newsletter-sent")).to_be_visible()
    # the issue is kept as a web page, which the librarian reads too
    librarian.goto(f"{base}{newsletter.get_absolute_url()}")
    expect(librarian.locator("main .newsletter-item", has_text=PRACTICE_TITLE)).to_be_visible()
    librarian.locator("main .newsletter-item a", has_text=PRACTICE_TITLE).click()
    librarian.wait_for_url(f"{base}{practice.get_absolute_url()}")
    librarian.go_back()
    _clean(librarian, "the issue's web page")
    shot(librarian, "139-naujienlaiskis-issiustas")

    # the e-mail's one-click unsubscribe link works without signing in
    unsubscribe = re.search(rf"{re.escape(base)}/paskyra/pranesimai/atsisakyti/\S+/",
                            letter.body)
    assert unsubscribe, letter.body
    reader = _page(browser, live_server, phone=True)
    reader.goto(unsubscribe.group(0))
    _clean(reader, "the unsubscribe page")
    reader.locator("#unsubscribe-form [type=submit]").click()
    expect(reader.locator("#unsubscribe-done")).to_be_visible()
    _clean(reader, "unsubscribed")
    reader.context.close()
    assert not notifications.wants(User.objects.get(email=BRANCH_LIBRARIAN),
                                   "viesinimas.newsletter")
