"""The newsletter's services: numbering and titles, the news gathered from every registered
digest source as the composer sees it, the draft (items, order, own news, ticked news, two
editors), and the move to sending."""

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from mokymai.models import EventStatus
from mokymai.tests.factories import make_event
from portalas.clock import aware
from portalas.registry import digest_item, digest_items, restore, snapshot
from viesinimas import services_newsletter as service
from viesinimas.models import Newsletter, NewsletterItem, NewsletterStatus
from viesinimas.tests.factories_newsletter import make_newsletter

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_source():
    """A registered digest source that records how it was asked."""
    state = snapshot()
    asked = []

    def items(since, user):
        asked.append((since, user))
        return [{"title": "Kretingos bibliotekos skaitymų maratonas", "date": date(2026, 1, 5),
                 "url": "/viesinimas/patirtis/7/", "text": "Visą parą skaitėme garsiai."},
                {"title": "", "url": "/ignored/"}]           # no title: left out

    digest_item("tests.fake", label="Bandomasis šaltinis", items=items, order=1)
    yield asked
    restore(state)


# --- numbers, titles, dates -------------------------------------------------------------------

def test_issues_are_numbered_per_year_and_titled_by_number_and_month(staff):
    day = date(2026, 12, 3)
    first = service.create_newsletter(by=staff, today=day, covers_from=date(2026, 11, 1))
    second = service.create_newsletter(by=staff, today=day, covers_from=date(2026, 11, 1))
    make_newsletter(year=2027, number=1)
    assert (first.year, first.number, second.number) == (2026, 1, 2)
    with translation.override("lt"):
        translated = translation.gettext("Newsletter No. %(number)s (%(year)s %(month)s)")
    assert "2026" in second.title and "gruodis" in second.title and "2" in second.title
    if translated != "Newsletter No. %(number)s (%(year)s %(month)s)":  # catalogue compiled
        assert second.title == "Naujienlaiškis Nr. 2 (2026 m. gruodis)"
    assert second.created_by == staff and second.status == NewsletterStatus.DRAFT


def test_a_title_typed_by_the_composer_is_kept(staff):
    issue = service.create_newsletter(by=staff, title="  Vasaros numeris ")
    assert issue.title == "Vasaros numeris"


def test_news_since_defaults_to_the_day_the_last_issue_went_out(staff):
    today = timezone.localdate()
    assert service.default_covers_from(today) == today - timedelta(days=30)
    make_newsletter(status=NewsletterStatus.SENT, sent_days_ago=40)
    last = make_newsletter(status=NewsletterStatus.SENT, sent_days_ago=12)
    make_newsletter()  # a draft does not count
    assert service.default_covers_from(today) == timezone.localtime(last.sent_at).date()
    assert service.create_newsletter(by=staff).covers_from == service.default_covers_from()


def test_news_since_a_day_after_today_is_refused(staff):
    with pytest.raises(service.Refused) as refusal:
        service.create_newsletter(by=staff, covers_from=timezone.localdate() + timedelta(days=1))
    assert "covers_from" in refusal.value.error_dict
    assert not Newsletter.objects.exists()


def test_only_staff_compose(librarian_a, manager, administrator):
    for person in (librarian_a, manager):
        with pytest.raises(PermissionDenied):
            service.create_newsletter(by=person)
    assert service.create_newsletter(by=administrator).number == 1


# --- candidates ---------------------------------------------------------------------------------

def test_candidates_come_from_every_registered_source_as_the_composer_sees_them(
        staff, fake_source):
    issue = make_newsletter(items=0, covers_from=date(2026, 1, 1))
    groups = service.candidates(issue, user=staff)
    names = [group["name"] for group in groups]
    assert names[0] == "tests.fake"
    assert fake_source == [(aware(date(2026, 1, 1), time(0, 0)), staff)]
    (row,) = groups[0]["items"]
    assert row["title"] == "Kretingos bibliotekos skaitymų maratonas"
    assert row["url"] == "/viesinimas/patirtis/7/" and not row["taken"]
    assert row["key"] == service.candidate_key("tests.fake", row["title"], row["url"])
    assert len(digest_items.all()) >= 3  # statistics, calls, trainings, and this one


def test_the_trainings_open_for_registration_are_offered(staff):
    event = make_event(title="Skaitmeninio raštingumo seminaras")
    make_event(title="Juodraštis", status=EventStatus.DRAFT)
    make_event(title="Registracija baigėsi",
               registration_closes=timezone.now() - timedelta(hours=1))
    issue = make_newsletter(items=0)
    trainings = next(g for g in service.candidates(issue, user=staff)
                     if g["name"] == "mokymai.upcoming")
    assert [row["title"] for row in trainings["items"]] == [event.title]
    assert trainings["items"][0]["url"] == f"/mokymai/{event.pk}/"


def test_a_candidate_already_in_the_issue_is_marked_taken(staff, fake_source):
    issue = make_newsletter(items=0)
    NewsletterItem.objects.create(newsletter=issue, source="tests.fake", title="Kitaip",
                                  url="/viesinimas/patirtis/7/")
    groups = service.candidates(issue, user=staff)
    assert groups[0]["items"][0]["taken"]


# --- the draft ------------------------------------------------------------------------------------

def _rows(issue):
    return [{"pk": item.pk, "order": item.order, "title": item.title, "text": item.text,
             "url": item.url} for item in issue.items.all()]


def _save(issue, by, **changes):
    values = {"newsletter": issue, "by": by, "seen_version": issue.version,
              "title": issue.title, "intro": issue.intro, "covers_from": issue.covers_from,
              "items": _rows(issue)}
    values.update(changes)
    return service.save_draft(**values)


def test_the_composer_edits_reorders_removes_adds_and_picks(staff, fake_source):
    issue = make_newsletter(by=staff, items=3)
    first, second, third = issue.items.all()
    rows = _rows(issue)
    rows[0].update(order=35, text="Pataisytas tekstas")
    rows[1]["delete"] = True
    rows.append({"pk": None, "order": 5, "title": "Mūsų naujiena", "text": "Sveikiname!",
                 "url": "https://www.lnb.lt/"})
    picked = [row for group in service.candidates(issue, user=staff) for row in group["items"]
              if group["name"] == "tests.fake"]
    saved = _save(issue, staff, items=rows, picked=picked, intro="Naujas įvadas")
    items = list(saved.items.all())
    assert [item.title for item in items] == ["Mūsų naujiena", third.title, first.title,
                                              "Kretingos bibliotekos skaitymų maratonas"]
    assert [item.order for item in items] == [10, 20, 30, 40]
    assert items[0].source == service.OWN and items[2].text == "Pataisytas tekstas"
    assert items[3].source == "tests.fake" and items[3].section == "Bandomasis šaltinis"
    assert not NewsletterItem.objects.filter(pk=second.pk).exists()
    assert saved.intro == "Naujas įvadas" and saved.version == issue.version + 1


def test_items_are_a_snapshot_that_later_changes_of_the_source_do_not_touch(staff,
                                                                              fake_source):
    issue = make_newsletter(items=0)
    picked = service.candidates(issue, user=staff)[0]["items"]
    _save(issue, staff, items=[], picked=picked)
    state = snapshot()
    try:
        digest_item("tests.fake", label="Kitas", items=lambda since, user: [])
        item = issue.items.get()
    finally:
        restore(state)
    assert item.title == "Kretingos bibliotekos skaitymų maratonas"


def test_a_ticked_item_is_added_once(staff, fake_source):
    issue = make_newsletter(items=0)
    picked = service.candidates(issue, user=staff)[0]["items"]
    _save(issue, staff, items=[], picked=picked + picked)
    issue.refresh_from_db()
    _save(issue, staff, picked=picked)
    assert issue.items.count() == 1


def test_the_second_of_two_editors_is_refused_and_nothing_of_theirs_is_saved(staff,
                                                                           administrator):
    issue = make_newsletter(items=2)
    opened = issue.version
    _save(issue, staff, title="Pirmojo redaktoriaus")
    with pytest.raises(service.Refused) as refusal:
        _save(issue, administrator, seen_version=opened, title="Antrojo redaktoriaus")
    assert refusal.value.code == "stale"
    issue.refresh_from_db()
    assert issue.title == "Pirmojo redaktoriaus"


def test_a_sent_issue_is_never_edited(staff):
    for status in (NewsletterStatus.SENDING, NewsletterStatus.SENT):
        issue = make_newsletter(status=status)
        with pytest.raises(service.Refused) as refusal:
            _save(issue, staff, title="Pakeista")
        assert refusal.value.code == "sent"
        issue.refresh_from_db()
        assert issue.title != "Pakeista"


def test_a_librarian_or_manager_cannot_save_a_draft(librarian_a, manager):
    issue = make_newsletter()
    for person in (librarian_a, manager):
        with pytest.raises(PermissionDenied):
            _save(issue, person, title="Ne")


# --- to sending -----------------------------------------------------------------------------------

def test_an_empty_issue_is_not_sent(staff):
    issue = make_newsletter(items=0)
    with pytest.raises(service.Refused) as refusal:
        service.start_sending(newsletter=issue, by=staff)
    assert refusal.value.code == "empty"


def test_sending_moves_the_draft_once_and_refuses_a_stale_or_sent_issue(
        staff, django_capture_on_commit_callbacks):
    issue = make_newsletter()
    with pytest.raises(service.Refused):
        service.start_sending(newsletter=issue, by=staff, seen_version=issue.version - 1)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        service.start_sending(newsletter=issue, by=staff, seen_version=issue.version)
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING and issue.sent_at is not None
    assert len(queued) == 1
    with django_capture_on_commit_callbacks(execute=True):  # resumed: still one delivery each
        service.start_sending(newsletter=issue, by=staff)
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENT
    with pytest.raises(service.Refused) as refusal:
        service.start_sending(newsletter=issue, by=staff)
    assert refusal.value.code == "sent"


def test_the_web_links_stay_relative_and_the_e_mail_links_become_absolute(settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    assert service.absolute("/mokymai/1/") == "https://regionas.example.lt/mokymai/1/"
    assert service.absolute("https://www.lnb.lt/") == "https://www.lnb.lt/"
    assert service.absolute("javascript:alert(1)") == ""
    assert service.absolute("//evil.example/") == ""
    html = service.absolute_links('<a href="/x/">x</a> <a href="https://y/">y</a>')
    assert html == '<a href="https://regionas.example.lt/x/">x</a> <a href="https://y/">y</a>'
