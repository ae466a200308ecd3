"""Sending a newsletter: batches, each recipient once (also when a batch is retried),
those who turned it off or left skipped, and the e-mail itself — absolute links, the
unsubscribe link and headers, the recipient's language, from DEFAULT_FROM_EMAIL."""

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from portalas.notifications import set_preference, unsubscribe_url
from viesinimas import tasks_newsletter
from viesinimas.models import NewsletterDelivery, NewsletterStatus
from viesinimas.services_newsletter import KIND, message, recipients, start_sending
from viesinimas.tests.factories_newsletter import make_newsletter, make_readers

pytestmark = pytest.mark.django_db

BASE = "https://regionas.example.lt"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.DEFAULT_FROM_EMAIL = "Regionas <naujienos@regionas.example.lt>"


def _sending(staff, **fields):
    issue = make_newsletter(by=staff, **fields)
    issue.status = NewsletterStatus.SENDING
    issue.save()
    return issue


def _addresses():
    return sorted(address for message in mail.outbox for address in message.to)


class FlakyBackend(EmailBackend):
    """The locmem backend whose ``fail_on``-th message (counted over all instances) fails
    as an SMTP server that went away would."""

    fail_on = None
    count = 0

    def send_messages(self, messages):
        for email in messages:
            FlakyBackend.count += 1
            if FlakyBackend.count == FlakyBackend.fail_on:
                raise OSError("connection lost")
            super().send_messages([email])
        return len(messages)


# --- who gets it -------------------------------------------------------------------------------

def test_active_librarians_staff_and_management_who_want_it_get_it(
        staff, manager, administrator, librarian_a, librarian_b):
    make_readers(1, is_active=False, prefix="isejes")
    set_preference(user=librarian_b, key=KIND, enabled=False)
    assert set(recipients()) == {staff, manager, librarian_a}


def test_the_issue_goes_out_in_batches_each_person_once(staff, monkeypatch):
    monkeypatch.setattr(tasks_newsletter, "BATCH_SIZE", 2)
    readers = make_readers(5)
    issue = _sending(staff)
    batches = []
    real = tasks_newsletter.send_newsletter_batch.delay

    def delay(newsletter_id, user_ids):
        batches.append(list(user_ids))
        return real(newsletter_id, user_ids)

    monkeypatch.setattr(tasks_newsletter.send_newsletter_batch, "delay", delay)
    assert tasks_newsletter.send_newsletter(issue.pk) == 3
    assert [len(batch) for batch in batches] == [2, 2, 2]
    expected = sorted([staff.email] + [reader.email for reader in readers])
    assert _addresses() == expected
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENT and issue.recipients == 6
    assert not NewsletterDelivery.objects.filter(sent_at__isnull=True).exists()
    assert tasks_newsletter.send_newsletter(issue.pk) == 0        # sent: nothing more
    for batch in batches:
        assert tasks_newsletter.send_newsletter_batch(issue.pk, batch) == 0
    assert _addresses() == expected


def test_a_batch_retried_after_a_failure_sends_nobody_twice(staff, settings):
    settings.EMAIL_BACKEND = f"{__name__}.FlakyBackend"
    FlakyBackend.count, FlakyBackend.fail_on = 0, 3
    readers = make_readers(4)
    issue = _sending(staff)
    NewsletterDelivery.objects.bulk_create(
        NewsletterDelivery(newsletter=issue, user=user) for user in [staff, *readers])
    batch = sorted(user.pk for user in [staff, *readers])
    with pytest.raises(OSError):
        tasks_newsletter.send_newsletter_batch.run(issue.pk, batch)   # the third one fails
    assert len(mail.outbox) == 2
    assert NewsletterDelivery.objects.filter(sent_at__isnull=False).count() == 2
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENDING
    assert tasks_newsletter.send_newsletter_batch.run(issue.pk, batch) == 3    # the retry
    assert tasks_newsletter.send_newsletter_batch.run(issue.pk, batch) == 0    # once more
    assert _addresses() == sorted(user.email for user in [staff, *readers])
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENT and issue.recipients == 5


def test_someone_who_turned_it_off_meanwhile_is_skipped(staff, librarian_a, librarian_b,
                                                        monkeypatch):
    issue = _sending(staff)
    monkeypatch.setattr(tasks_newsletter.send_newsletter_batch, "delay",
                        lambda *args: None)          # the batches wait in the queue…
    tasks_newsletter.send_newsletter(issue.pk)
    set_preference(user=librarian_b, key=KIND, enabled=False)   # …while one unsubscribes
    librarian_a.is_active = False
    librarian_a.save()
    ids = list(NewsletterDelivery.objects.values_list("user_id", flat=True))
    assert tasks_newsletter.send_newsletter_batch(issue.pk, ids) == 1
    assert _addresses() == [staff.email]
    issue.refresh_from_db()
    assert issue.status == NewsletterStatus.SENT and issue.recipients == 1


def test_unsubscribed_users_are_not_sent_the_issue(staff, librarian_a, librarian_b,
                                                   django_capture_on_commit_callbacks):
    set_preference(user=librarian_b, key=KIND, enabled=False)
    issue = make_newsletter(by=staff)
    with django_capture_on_commit_callbacks(execute=True):
        start_sending(newsletter=issue, by=staff)
    assert _addresses() == sorted([staff.email, librarian_a.email])
    assert not NewsletterDelivery.objects.filter(user=librarian_b).exists()


# --- the e-mail ----------------------------------------------------------------------------------

def test_the_e_mail_has_absolute_links_the_unsubscribe_link_and_headers(
        staff, librarian_a, django_capture_on_commit_callbacks):
    issue = make_newsletter(by=staff,
                            intro="Žr. [mokymus](/mokymai/) ir [LNB](https://www.lnb.lt/).")
    with django_capture_on_commit_callbacks(execute=True):
        start_sending(newsletter=issue, by=staff)
    email = next(m for m in mail.outbox if m.to == [librarian_a.email])
    assert email.from_email == "Regionas <naujienos@regionas.example.lt>"
    assert email.subject == f"[Regionas] {issue.title}"
    link = unsubscribe_url(librarian_a, KIND)
    assert email.extra_headers["List-Unsubscribe"] == f"<{link}>"
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    message = email.message()
    assert message["List-Unsubscribe"] == f"<{link}>"
    text = email.body
    html, mimetype = email.alternatives[0]
    assert mimetype == "text/html"
    for body in (text, html):
        assert link in body
        assert f"{BASE}/mokymai/1/" in body and f"{BASE}/projektai/kvietimai/1/" in body
        assert f"{BASE}/viesinimas/naujienlaiskis/{issue.pk}/" in body
        assert f"{BASE}/paskyra/pranesimai/" in body
        assert "https://www.lnb.lt/" in body
    assert 'href="/' not in html
    assert f'href="{BASE}/mokymai/"' in html        # a link in the Markdown introduction
    assert "Skaitmeninio raštingumo seminaras" in text
    assert "<strong>kalendoriuje</strong>" in html   # Markdown of an item's text


def test_each_person_gets_the_portals_texts_in_their_language(staff, librarian_a):
    librarian_a.language = "en"
    librarian_a.save()
    issue = make_newsletter(by=staff)
    english = message(issue, list(issue.items.all()), librarian_a)
    assert "Unsubscribe (one click):" in english.body
    assert "UPCOMING TRAININGS" in english.body and "CALLS FOR APPLICATIONS" in english.body
    assert issue.title in english.subject          # the issue's own words stay as written


def test_the_html_escapes_what_staff_typed(staff, librarian_a):
    issue = make_newsletter(by=staff, items=1, intro="<script>alert(1)</script>")
    issue.items.update(title="<b>Pavadinimas</b>", text="<img src=x onerror=alert(1)>")
    html = message(issue, list(issue.items.all()), librarian_a).alternatives[0][0]
    assert "<script>" not in html and "<img" not in html and "<b>Pavadinimas" not in html
