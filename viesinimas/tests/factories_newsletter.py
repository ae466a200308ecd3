"""Newsletter issues for tests: a draft or a sent issue with a few items, and people who
get it."""

from datetime import timedelta

from django.utils import timezone

from tests.factories import UserFactory
from viesinimas.models import Newsletter, NewsletterItem, NewsletterStatus

ITEMS = [
    ("mokymai.upcoming", "Upcoming trainings", "Skaitmeninio raštingumo seminaras",
     "2026-03-12 · Kretinga", "/mokymai/1/"),
    ("projektai.calls", "Calls for applications", "LKT kvietimas: kultūros projektai",
     "Terminas 2026-04-01", "/projektai/kvietimai/1/"),
    ("news", "", "Bibliotekų savaitė prasideda balandžio 23 d.",
     "Kviečiame registruoti renginius **kalendoriuje**.", "https://www.lnb.lt/"),
]


def make_newsletter(*, by=None, status=NewsletterStatus.DRAFT, items: int = 3,
                    number: int | None = None, year: int | None = None, title: str = "",
                    sent_days_ago: int = 10, covers_from=None, intro: str = "") -> Newsletter:
    """An issue with ``items`` items (cycling through ``ITEMS``); a sent one ``sent_days_ago``
    days ago."""
    year = year or timezone.localdate().year
    if number is None:
        number = (Newsletter.objects.filter(year=year).count() or 0) + 1
    sent = status != NewsletterStatus.DRAFT
    newsletter = Newsletter.objects.create(
        number=number, year=year, title=title or f"Naujienlaiškis Nr. {number} ({year} m.)",
        intro=intro or "Sveiki, kolegos! Trumpai apie tai, kas nauja regione.",
        covers_from=covers_from or timezone.localdate() - timedelta(days=sent_days_ago + 30),
        status=status, created_by=by,
        sent_at=timezone.now() - timedelta(days=sent_days_ago) if sent else None)
    for n in range(items):
        source, section, item_title, text, url = ITEMS[n % len(ITEMS)]
        NewsletterItem.objects.create(newsletter=newsletter, source=source, section=section,
                                      title=f"{item_title}" if n < len(ITEMS)
                                      else f"{item_title} ({n + 1})",
                                      text=text, url=url, order=(n + 1) * 10)
    return newsletter


def make_readers(count: int, *, role: str = "librarian", prefix: str = "skaitytojas",
                 **fields) -> list:
    return [UserFactory(role=role, email=f"{prefix}{n}@test.lt", **fields)
            for n in range(count)]
