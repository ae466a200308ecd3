"""The newsletter: staff compose a periodic digest for the territory's librarians from what
the apps registered as news (``portalas.registry.digest_items``: good practices, upcoming
trainings, calls for applications, library events…) and their own items, and send it by
e-mail; the issue is kept as a web page. Decided here, once; the views and the tasks ask.

- staff (and administrators) compose and send; management reads drafts; everyone signed
  in reads a sent issue;
- an issue is numbered per year (``Naujienlaiškis Nr. 3 (2026 m. gruodis)``); its news is
  gathered since a date, by default the day the last issue went out;
- the items are a snapshot (``NewsletterItem``): what the sources show later does not
  change an issue, and a sent issue is never edited;
- two editors of one draft: the second save is refused (``version``), their typing kept;
- sending moves draft → sending (one conditional move: two clicks send once); the tasks
  deliver in batches, each recipient once (``NewsletterDelivery``), and move it to sent.

An e-mail is in its recipient's language where the text is the portal's (the headings,
the footer); its links are absolute; it carries the one-click unsubscribe link and the
``List-Unsubscribe`` headers of the kind ``viesinimas.newsletter``."""

import hashlib
import logging
import re
from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from portalas import notifications
from portalas.clock import aware
from portalas.registry import digest_items
from viesinimas.models import Newsletter, NewsletterDelivery, NewsletterItem, NewsletterStatus

logger = logging.getLogger("regionas.publicity")

#: The notification kind of the newsletter (declared in ``tasks_newsletter``).
KIND = "viesinimas.newsletter"
#: The source of an item staff typed themselves.
OWN = "news"
#: How far back the first issue looks when no issue has been sent yet.
FIRST_ISSUE_DAYS = 30
#: Candidates of one source shown at most.
PER_SOURCE = 30


class Refused(ValidationError):
    """A change the rules do not allow; the message says why."""


# --- who may do what ------------------------------------------------------------------------

def may_compose(user) -> bool:
    """Department staff (and administrators) compose and send issues."""
    return bool(user.is_authenticated and user.is_active and user.can_manage_territory)


def may_read_drafts(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.sees_whole_territory)


def _compose_only(user) -> None:
    if not may_compose(user):
        raise PermissionDenied


# --- numbers, titles, dates -------------------------------------------------------------------

def last_sent() -> Newsletter | None:
    return (Newsletter.objects.filter(status__in=(NewsletterStatus.SENT,
                                                  NewsletterStatus.SENDING),
                                      sent_at__isnull=False)
            .order_by("-sent_at", "-pk").first())


def default_covers_from(today: date | None = None) -> date:
    """The day the last issue went out; before the first issue, a month back."""
    previous = last_sent()
    if previous is not None:
        return timezone.localtime(previous.sent_at).date()
    return (today or timezone.localdate()) - timedelta(days=FIRST_ISSUE_DAYS)


def default_title(number: int, day: date) -> str:
    """``Naujienlaiškis Nr. 3 (2026 m. gruodis)``, in the portal's language (an issue is
    written in it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Newsletter No. %(number)s (%(year)s %(month)s)") % {
            "number": number, "year": day.year, "month": MONTHS[day.month]}


def _next_number(year: int) -> int:
    return (Newsletter.objects.filter(year=year).aggregate(n=Max("number"))["n"] or 0) + 1


def create_newsletter(*, by, covers_from: date | None = None, intro: str = "",
                      title: str = "", today: date | None = None) -> Newsletter:
    """A new draft issue: the next number of the year, the title made from it unless one
    is given, news since ``covers_from`` (default: the last issue's day)."""
    _compose_only(by)
    today = today or timezone.localdate()
    covers_from = covers_from or default_covers_from(today)
    if covers_from > today:
        raise Refused({"covers_from": _("The news cannot start after today.")})
    for attempt in range(5):
        number = _next_number(today.year)
        try:
            with transaction.atomic():
                return Newsletter.objects.create(
                    number=number, year=today.year,
                    title=title.strip() or default_title(number, today), intro=intro,
                    covers_from=covers_from, created_by=by)
        except IntegrityError:  # someone took the number meanwhile: the next one
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


# --- candidates: what the registered sources offer --------------------------------------------

def _moment(value) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return aware(value, time(12, 0))
    return None


def candidate_key(source: str, title: str, url: str) -> str:
    digest = hashlib.sha256(f"{source}\n{title}\n{url}".encode()).hexdigest()[:16]
    return f"{source}:{digest}"


def candidates(newsletter: Newsletter, *, user) -> list[dict]:
    """What every registered digest source offers since the issue's date, as ``user`` (the
    composing staff member) may see it, by source; an item already in the issue (same
    source and link) is marked ``taken``. A source that fails is logged and listed as
    ``failed`` (with no items), so one broken section never stops the issue."""
    since = aware(newsletter.covers_from, time(0, 0))
    taken = {(item.source, item.url) for item in newsletter.items.all()}
    groups = []
    for source in sorted(digest_items.all(), key=lambda s: (s.order, s.name)):
        with translation.override(settings.LANGUAGE_CODE):  # the issue's language
            section = str(source.label)[:100]
        rows = []
        try:
            with transaction.atomic():          # a savepoint: a failed query stays inside
                offered = list(source.items(since, user) or [])[:PER_SOURCE]
        except Exception:  # noqa: BLE001 — any app's source; the others still compose
            logger.exception("newsletter %s: digest source %s failed", newsletter.pk,
                             source.name)
            groups.append({"name": source.name, "label": source.label, "items": [],
                           "failed": True})
            continue
        for found in offered:
            title = str(found.get("title") or "").strip()[:300]
            if not title:
                continue
            url = str(found.get("url") or "")[:500]
            rows.append({"key": candidate_key(source.name, title, url), "title": title,
                         "text": str(found.get("text") or "").strip(), "url": url,
                         "date": found.get("date"), "source": source.name,
                         "section": section,
                         "taken": (source.name, url) in taken})
        if rows:
            groups.append({"name": source.name, "label": source.label, "items": rows})
    return groups


# --- the draft: fields, items, picked candidates ----------------------------------------------

def _locked(pk: int, seen_version: int | None) -> Newsletter:
    current = Newsletter.objects.select_for_update().get(pk=pk)
    if current.status != NewsletterStatus.DRAFT:
        raise Refused(_("This issue has been sent: it is kept as it went out and is not "
                        "edited."), code="sent")
    if seen_version is not None and current.version != seen_version:
        raise Refused(_("Someone else changed this issue while you were editing it."),
                      code="stale")
    return current


def delete_draft(*, newsletter: Newsletter, by) -> None:
    """Throw away a draft issue (its items with it); a sent issue stays as it went out.
    Its number is free again for the next issue of the year."""
    _compose_only(by)
    with transaction.atomic():
        current = _locked(newsletter.pk, None)
        number = f"{current.year}/{current.number}"
        current.delete()
    logger.info("newsletter draft %s deleted by user %s", number, by.pk)


def save_draft(*, newsletter: Newsletter, by, seen_version: int | None, title: str,
               intro: str, covers_from: date, items: list[dict] = (),
               picked: list[dict] = ()) -> Newsletter:
    """Save a draft as the composer left it: its title, introduction and date; its items
    (``{"pk", "title", "text", "url", "order", "delete"}``, a new one without ``pk``) and
    the candidates ticked (``{"source", "section", "title", "text", "url"}``, added after
    the others). Refused for a sent issue, and when someone saved it after ``seen_version``
    (the caller keeps the typing)."""
    _compose_only(by)
    if covers_from > timezone.localdate():
        raise Refused({"covers_from": _("The news cannot start after today.")})
    with transaction.atomic():
        current = _locked(newsletter.pk, seen_version)
        current.title, current.intro, current.covers_from = title.strip(), intro, covers_from
        current.version += 1
        current.save()
        stored = {item.pk: item for item in current.items.all()}
        kept = []
        for row in items:
            item = stored.pop(row.get("pk"), None) if row.get("pk") else None
            if row.get("delete"):
                if item is not None:
                    item.delete()
                continue
            if item is None:  # a new item, or one the other editor removed: kept as typed
                item = NewsletterItem(newsletter=current, source=row.get("source") or OWN,
                                      section=row.get("section", "")[:100])
            item.title, item.text = row["title"].strip()[:300], row.get("text", "")
            item.url = (row.get("url") or "")[:500]
            kept.append((row.get("order") or 0, len(kept), item))
        kept += [(item.order, len(kept) + n, item) for n, item in enumerate(stored.values())]
        ordered = [item for _order, _n, item in sorted(kept, key=lambda k: (k[0], k[1]))]
        taken = {(item.source, item.url) for item in ordered}
        for row in picked:
            if (row["source"], row["url"]) in taken:
                continue
            taken.add((row["source"], row["url"]))
            ordered.append(NewsletterItem(newsletter=current, source=row["source"],
                                          section=row["section"][:100],
                                          title=row["title"][:300], text=row["text"],
                                          url=row["url"][:500]))
        for position, item in enumerate(ordered, start=1):
            item.order = position * 10
            item.save()
    return current


# --- sending ------------------------------------------------------------------------------------

def recipients():
    """Who gets the newsletter: active accounts of the roles the kind is for (librarians,
    staff, management) with an address, but those who turned it off."""
    from paskyros.models import User

    roles = notifications.kind(KIND).roles
    people = User.objects.filter(is_active=True).exclude(email="")
    if roles:
        people = people.filter(role__in=roles)
    return notifications.wanting(people, KIND).order_by("pk")


def _queue(newsletter_id: int) -> None:
    """The delivery task, after commit (the demo data replaces this: it sends nothing)."""
    from viesinimas import tasks_newsletter

    transaction.on_commit(lambda: tasks_newsletter.send_newsletter.delay(newsletter_id))


def start_sending(*, newsletter: Newsletter, by, seen_version: int | None = None) -> Newsletter:
    """Draft → sending (once, whoever clicks twice), then the task delivers after commit.
    An issue stuck in sending (a worker lost) is handed to the task again: each recipient
    still gets it once."""
    _compose_only(by)
    with transaction.atomic():
        current = Newsletter.objects.select_for_update().get(pk=newsletter.pk)
        if current.status == NewsletterStatus.SENT:
            raise Refused(_("This issue has already been sent."), code="sent")
        if current.status == NewsletterStatus.DRAFT:
            if seen_version is not None and current.version != seen_version:
                raise Refused(_("Someone changed this issue after you opened it: look at it "
                                "again before sending."), code="stale")
            if not current.items.exists():
                raise Refused(_("Add at least one item before sending."), code="empty")
            current.status = NewsletterStatus.SENDING
            current.sent_at = timezone.now()
            current.version += 1
            current.save()
        _queue(current.pk)
    logger.info("newsletter %s: sending started by user %s", current.pk, by.pk)
    return current


def finish_if_delivered(newsletter_id: int) -> bool:
    """Sending → sent once nobody is left to send to; ``recipients`` counts the sent."""
    with transaction.atomic():
        current = (Newsletter.objects.select_for_update()
                   .filter(pk=newsletter_id, status=NewsletterStatus.SENDING).first())
        if current is None or current.deliveries.filter(sent_at__isnull=True).exists():
            return False
        current.status = NewsletterStatus.SENT
        current.recipients = current.deliveries.filter(sent_at__isnull=False).count()
        current.save()
    logger.info("newsletter %s sent to %s people", newsletter_id, current.recipients)
    return True


def progress(newsletter: Newsletter) -> dict:
    """How many were sent of how many (while sending)."""
    deliveries = NewsletterDelivery.objects.filter(newsletter=newsletter)
    return {"sent": deliveries.filter(sent_at__isnull=False).count(),
            "total": deliveries.count()}


# --- the issue as text and HTML ------------------------------------------------------------------

def absolute(url: str) -> str:
    """A portal path made absolute (``PORTAL_BASE_URL``); an http(s) address as it is;
    anything else dropped."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return settings.PORTAL_BASE_URL + url
    if re.match(r"https?://", url, re.IGNORECASE):
        return url
    return ""


_RELATIVE_HREF = re.compile(r'href="/(?!/)')


def absolute_links(html: str) -> str:
    """Every portal-relative ``href`` of rendered Markdown made absolute (an e-mail is read
    outside the portal)."""
    return _RELATIVE_HREF.sub(f'href="{settings.PORTAL_BASE_URL}/', html)


def heading(item: NewsletterItem) -> str:
    """The section an item is shown under, in the active language: the source's label
    when the source is registered, "News" for the composer's own, else the stored one."""
    if item.source in digest_items:
        return str(digest_items.get(item.source).label)
    if item.source == OWN or not item.section:
        return _("News")
    return item.section


def sections(items, *, absolute_urls: bool = False) -> list[dict]:
    """The items in their order, grouped under their headings (consecutive items of one
    heading form one section), each with its ``link``."""
    shown = []
    for item in items:
        link = absolute(item.url) if absolute_urls else (item.url if absolute(item.url) else "")
        shown.append({"item": item, "heading": heading(item), "link": link,
                      "title": item.title, "text": item.text})
    return [{"heading": name, "items": list(rows)}
            for name, rows in groupby(shown, key=lambda row: row["heading"])]


def _plain(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def message(newsletter: Newsletter, items, user, *, connection=None) -> EmailMultiAlternatives:
    """One person's e-mail (text and HTML), in their language, with absolute links, the
    unsubscribe link and the List-Unsubscribe headers, from ``DEFAULT_FROM_EMAIL``."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "newsletter": newsletter, "user": user,
            "sections": sections(items, absolute_urls=True),
            "web_url": settings.PORTAL_BASE_URL + newsletter.get_absolute_url(),
            "archive_url": settings.PORTAL_BASE_URL + reverse("viesinimas:newsletter_list"),
            "unsubscribe_url": notifications.unsubscribe_url(user, KIND),
            "preferences_url": notifications.preferences_url(),
            "base_url": settings.PORTAL_BASE_URL,
        }
        subject = render_to_string("viesinimas/newsletter_email_subject.txt", context)
        text = render_to_string("viesinimas/newsletter_email.txt", context)
        html = render_to_string("viesinimas/newsletter_email.html", context)
    email = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body=_plain(text),
        from_email=settings.DEFAULT_FROM_EMAIL, to=[user.email],
        headers=notifications.list_unsubscribe_headers(user, KIND), connection=connection)
    email.attach_alternative(absolute_links(html), "text/html")
    return email
