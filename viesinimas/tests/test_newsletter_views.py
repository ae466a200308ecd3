"""The newsletter's pages: who reaches what (a draft is a 404 to a librarian, composing a 403),
the composer (edit, tick, two editors), the preview, sending from the page, the home panel,
and query budgets constant in the number of issues and items."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portalas.registry import digest_item, menu, restore, snapshot
from portalas.testing import count_queries, query_budget
from viesinimas import services_newsletter as service
from viesinimas.models import Newsletter, NewsletterItem, NewsletterStatus
from viesinimas.tests.factories_newsletter import make_newsletter

pytestmark = pytest.mark.django_db


def _url(name, issue=None):
    return reverse(f"viesinimas:{name}", args=[issue.pk] if issue else [])


@pytest.fixture
def draft(staff):
    return make_newsletter(by=staff, title="Gruodžio numeris")


@pytest.fixture
def sent(staff):
    return make_newsletter(by=staff, status=NewsletterStatus.SENT, title="Lapkričio numeris")


@pytest.fixture
def fake_source():
    state = snapshot()
    digest_item("tests.fake", label="Bandomasis šaltinis", order=1, items=lambda since, user: [
        {"title": "Jurbarko bibliotekos kraštotyros klubas", "date": date(2026, 1, 5),
         "url": "/viesinimas/patirtis/3/", "text": "Susitinka kas mėnesį."}])
    yield
    restore(state)


# --- who reaches what ----------------------------------------------------------------------------

def test_every_signed_in_user_reads_a_sent_issue_and_the_archive(client_a, client_b, sent,
                                                                  draft):
    for client in (client_a, client_b):
        assert client.get(_url("newsletter_detail", sent)).status_code == 200
        listed = client.get(_url("newsletter_list")).context["object_list"]
        assert list(listed) == [sent]


def test_a_draft_is_a_404_to_a_librarian_on_every_route(client_a, draft):
    for name in ("newsletter_detail", "newsletter_update", "newsletter_preview"):
        assert client_a.get(_url(name, draft)).status_code == 404, name
    assert client_a.post(_url("newsletter_send", draft)).status_code == 404
    assert client_a.post(_url("newsletter_update", draft), {"title": "X"}).status_code == 404


def test_a_librarian_cannot_compose_preview_or_send(client_a, sent):
    assert client_a.get(_url("newsletter_create")).status_code == 403
    assert client_a.post(_url("newsletter_create"), {}).status_code == 403
    assert client_a.get(_url("newsletter_update", sent)).status_code == 403
    assert client_a.get(_url("newsletter_preview", sent)).status_code == 403
    assert client_a.post(_url("newsletter_send", sent)).status_code == 403


def test_management_reads_drafts_and_their_preview_but_does_not_compose(manager_client, draft):
    assert manager_client.get(_url("newsletter_detail", draft)).status_code == 200
    assert manager_client.get(_url("newsletter_preview", draft)).status_code == 200
    assert manager_client.get(_url("newsletter_create")).status_code == 403
    assert manager_client.get(_url("newsletter_update", draft)).status_code == 403
    assert manager_client.post(_url("newsletter_send", draft)).status_code == 403
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.DRAFT and not mail.outbox


def test_strangers_are_sent_to_sign_in(client, sent):
    response = client.get(_url("newsletter_detail", sent))
    assert response.status_code == 302 and "prisijungti" in response["Location"]


def test_the_menu_offers_the_newsletter(client_a, librarian_a):
    assert "viesinimas:newsletter_list" in menu
    response = client_a.get(reverse("home"))
    assert _url("newsletter_list") in response.content.decode()


# --- creating and composing ----------------------------------------------------------------------

def test_staff_create_an_issue_and_land_in_the_composer(staff_client, staff):
    response = staff_client.get(_url("newsletter_create"))
    assert response.status_code == 200
    assert response.context["form"].initial["covers_from"] == service.default_covers_from()
    response = staff_client.post(_url("newsletter_create"), {
        "covers_from": "2026-01-01", "title": "", "intro": "Sveiki!"})
    issue = Newsletter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("newsletter_update", issue)
    assert issue.number == 1 and issue.covers_from == date(2026, 1, 1)
    assert issue.created_by == staff


def test_a_future_news_date_is_refused_on_the_form(staff_client):
    tomorrow = timezone.localdate().replace(year=timezone.localdate().year + 1)
    response = staff_client.post(_url("newsletter_create"), {"covers_from": tomorrow})
    assert response.status_code == 200 and response.context["form"].errors["covers_from"]
    assert not Newsletter.objects.exists()


def _compose_data(issue, **changes):
    items = list(issue.items.all())
    data = {"title": issue.title, "intro": issue.intro,
            "covers_from": issue.covers_from.isoformat(), "version": issue.version,
            "items-TOTAL_FORMS": len(items) + 2, "items-INITIAL_FORMS": len(items),
            "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000}
    for n, item in enumerate(items):
        data.update({f"items-{n}-pk": item.pk, f"items-{n}-order": item.order,
                     f"items-{n}-title": item.title, f"items-{n}-text": item.text,
                     f"items-{n}-url": item.url})
    data.update(changes)
    return data


def test_the_composer_saves_edits_own_news_and_ticked_news(staff_client, staff, draft,
                                                          fake_source):
    response = staff_client.get(_url("newsletter_update", draft))
    assert response.status_code == 200
    (group,) = [g for g in response.context["groups"] if g["name"] == "tests.fake"]
    key = group["items"][0]["key"]
    data = _compose_data(draft, **{
        "items-0-title": "Pataisytas pavadinimas", "items-1-DELETE": "on",
        "items-3-title": "Mūsų naujiena", "items-3-order": "1",
        "items-3-url": "https://www.lnb.lt/", "pick": [key], "then": "preview"})
    response = staff_client.post(_url("newsletter_update", draft), data)
    assert response.status_code == 302
    assert response["Location"] == _url("newsletter_preview", draft)
    titles = list(draft.items.values_list("title", flat=True))
    assert titles == ["Mūsų naujiena", "Pataisytas pavadinimas",
                      "Bibliotekų savaitė prasideda balandžio 23 d.",
                      "Jurbarko bibliotekos kraštotyros klubas"]


def test_a_bad_link_is_refused_and_nothing_is_saved(staff_client, draft):
    data = _compose_data(draft, **{"items-0-url": "javascript:alert(1)",
                                   "items-0-title": "Kita"})
    response = staff_client.post(_url("newsletter_update", draft), data)
    assert response.status_code == 200
    assert response.context["formset"].forms[0].errors["url"]
    assert not NewsletterItem.objects.filter(title="Kita").exists()


def test_the_second_of_two_editors_is_refused_and_keeps_their_typing(staff_client, staff,
                                                                    draft, administrator):
    opened = _compose_data(draft)
    service.save_draft(newsletter=draft, by=administrator, seen_version=draft.version,
                       title="Administratorės", intro="", covers_from=draft.covers_from,
                       items=[])
    response = staff_client.post(_url("newsletter_update", draft),
                                 {**opened, "title": "Mano pavadinimas"})
    assert response.status_code == 200
    assert b'id="newsletter-errors"' in response.content
    assert "Mano pavadinimas" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Administratorės"
    assert response.context["version"] == draft.version      # saving again overwrites
    again = staff_client.post(_url("newsletter_update", draft),
                              {**opened, "title": "Mano pavadinimas",
                               "version": draft.version})
    assert again.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Mano pavadinimas"


def test_editing_a_sent_issue_is_refused(staff_client, sent):
    response = staff_client.get(_url("newsletter_update", sent))
    assert response.status_code == 302 and response["Location"] == _url("newsletter_detail",
                                                                         sent)
    response = staff_client.post(_url("newsletter_update", sent),
                                 _compose_data(sent, title="Pakeista"))
    assert response.status_code == 302
    sent.refresh_from_db()
    assert sent.title == "Lapkričio numeris"


# --- preview and sending -------------------------------------------------------------------------

def test_the_preview_shows_the_e_mail_as_text_and_html_with_its_headers(staff_client, draft,
                                                                        settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    response = staff_client.get(_url("newsletter_preview", draft))
    assert response.status_code == 200
    html = response.content.decode()
    email = response.context["message"]
    assert email.subject.endswith("Gruodžio numeris")
    assert "List-Unsubscribe" in html and "List-Unsubscribe=One-Click" in html
    assert 'id="preview-text"' in html and 'id="preview-html"' in html
    assert "https://regionas.example.lt/mokymai/1/" in html
    assert 'id="newsletter-send-form"' in html


def test_staff_send_from_the_page_and_the_issue_is_kept_as_a_web_page(
        staff_client, staff, librarian_a, draft, client_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url("newsletter_send", draft),
                                     {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.SENT and draft.recipients == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([staff.email, librarian_a.email])
    page = client_a.get(draft.get_absolute_url())
    assert page.status_code == 200 and b'id="newsletter-sent"' in page.content
    assert "Skaitmeninio raštingumo seminaras" in page.content.decode()
    assert staff_client.get(_url("newsletter_send", draft)).status_code == 405


def test_sending_a_page_opened_before_someone_changed_the_issue_is_refused(staff_client, staff,
                                                                           draft):
    response = staff_client.post(_url("newsletter_send", draft),
                                 {"version": draft.version - 1})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == NewsletterStatus.DRAFT and not mail.outbox


def test_the_librarians_home_page_shows_the_latest_issue(client_a, sent, draft):
    older = make_newsletter(status=NewsletterStatus.SENT, sent_days_ago=60,
                            title="Senas numeris")
    html = client_a.get(reverse("home")).content.decode()
    assert 'id="home-newsletter-latest"' in html and sent.get_absolute_url() in html
    assert older.title not in html and draft.title not in html


def test_no_issue_no_home_panel(client_a, draft):
    assert b'id="home-newsletter"' not in client_a.get(reverse("home")).content


# --- query budgets --------------------------------------------------------------------------------

def _issues(count: int, staff):
    start = Newsletter.objects.count()
    for n in range(start, start + count):
        make_newsletter(by=staff, status=NewsletterStatus.SENT, number=100 + n,
                        title=f"Numeris {n}")


@pytest.mark.parametrize("name", ["staff", "librarian"])
def test_the_archive_costs_the_same_for_3_and_30_issues(staff, staff_client, client_a, name):
    client = staff_client if name == "staff" else client_a
    _issues(3, staff)
    small = count_queries(lambda: client.get(_url("newsletter_list")))
    _issues(27, staff)
    with query_budget(small, "the archive with 30 issues"):
        response = client.get(_url("newsletter_list"))
    assert len(response.context["object_list"]) == 25
    assert small <= 12


def test_an_issue_costs_the_same_with_3_and_30_items(staff, client_a, staff_client):
    few = make_newsletter(by=staff, status=NewsletterStatus.SENT, items=3)
    many = make_newsletter(by=staff, status=NewsletterStatus.SENT, items=30, number=50)
    for client in (client_a, staff_client):
        small = count_queries(lambda c=client: c.get(_url("newsletter_detail", few)))
        with query_budget(small, "an issue of 30 items"):
            client.get(_url("newsletter_detail", many))
        assert small <= 12


def test_the_composer_and_the_preview_cost_the_same_with_3_and_30_items(staff, staff_client):
    few = make_newsletter(by=staff, items=3)
    many = make_newsletter(by=staff, items=30, number=50)
    for name in ("newsletter_update", "newsletter_preview", "newsletter_detail"):
        small = count_queries(lambda n=name: staff_client.get(_url(n, few)))
        with query_budget(small, f"{name} of 30 items"):
            assert staff_client.get(_url(name, many)).status_code == 200
        assert small <= 30, name


def test_the_librarians_home_panel_costs_two_queries(librarian_a, client_a, staff):
    from django.test import RequestFactory

    from viesinimas.panels_newsletter import latest_newsletter

    make_newsletter(by=staff, status=NewsletterStatus.SENT, items=30)
    request = RequestFactory().get("/")
    request.user = librarian_a
    assert count_queries(lambda: latest_newsletter(request)) == 2


def test_the_archive_exports_and_opens_back(staff_client, sent, draft):
    import io

    from openpyxl import load_workbook

    response = staff_client.get(_url("newsletter_list"), {"export": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    titles = {row[0] for row in rows[1:]}
    assert titles == {sent.title, draft.title}
    sent_row = next(row for row in rows if row[0] == sent.title)
    assert sent_row[2].date() == timezone.localtime(sent.sent_at).date()


def test_a_page_of_the_archive_and_of_an_issue_as_every_role_stays_small(
        staff, staff_client, manager_client, client_a):
    issue = make_newsletter(by=staff, status=NewsletterStatus.SENT, items=10)
    for client in (staff_client, manager_client, client_a):
        for url in (_url("newsletter_list"), _url("newsletter_detail", issue)):
            with query_budget(12, url):
                assert client.get(url).status_code == 200


# --- deleting a draft ----------------------------------------------------------------------------

def test_staff_delete_a_draft_and_its_number_is_free_again(staff_client, staff, draft):
    NewsletterItem.objects.create(newsletter=draft, section="Naujienos", title="Sveikinimas")
    number, year = draft.number, draft.year
    page = staff_client.get(_url("newsletter_detail", draft)).content.decode()
    assert 'id="newsletter-delete-form"' in page
    response = staff_client.post(_url("newsletter_delete", draft))
    assert response.status_code == 302 and response["Location"] == _url("newsletter_list")
    assert not Newsletter.objects.filter(pk=draft.pk).exists()
    assert not NewsletterItem.objects.filter(newsletter_id=draft.pk).exists()
    again = service.create_newsletter(by=staff)
    assert (again.year, again.number) == (year, number)


def test_a_sent_issue_is_not_deleted_and_others_may_not_delete(staff_client, manager_client,
                                                              client_a, sent, draft):
    response = staff_client.post(_url("newsletter_delete", sent))
    assert response.status_code == 302 and Newsletter.objects.filter(pk=sent.pk).exists()
    assert 'id="newsletter-delete-form"' not in staff_client.get(
        _url("newsletter_detail", sent)).content.decode()
    assert manager_client.post(_url("newsletter_delete", draft)).status_code == 403
    assert client_a.post(_url("newsletter_delete", draft)).status_code == 404
    assert client_a.post(_url("newsletter_delete", sent)).status_code == 403
    assert staff_client.get(_url("newsletter_delete", draft)).status_code == 405
    assert Newsletter.objects.filter(pk=draft.pk).exists()


def test_a_digest_source_that_fails_is_marked_and_the_composer_still_works(
        staff_client, draft, fake_source, caplog):
    from django.db import connection

    def broken(since, user):
        with connection.cursor() as cursor:     # a failed query, as a real bug would make
            cursor.execute("SELECT * FROM no_such_table_here")
        return []

    state = snapshot()
    digest_item("tests.broken", label="Sugedęs šaltinis", order=2, items=broken)
    try:
        response = staff_client.get(_url("newsletter_update", draft))
    finally:
        restore(state)
    assert response.status_code == 200
    groups = {group["name"]: group for group in response.context["groups"]}
    assert groups["tests.broken"]["failed"] and groups["tests.broken"]["items"] == []
    assert groups["tests.fake"]["items"]                       # the others still offered
    assert "could not be read" in response.content.decode() or \
        "nepavyko" in response.content.decode()
    assert "digest source tests.broken failed" in caplog.text
