"""The knowledge base's list filter: words looked up in the question and the answer, the
topic, and — for the whole-territory roles — the stage of the work (published, drafts and
review, withdrawn). Everyone else reads the published entries only.

The search is the kit's (``portalas.search``): case- and diacritic-insensitive on SQLite
and PostgreSQL alike, so "ŽINIOS", "žinios" and "zinios" find one another; the page
highlights the same words with the same expression, so what is marked is what was found.
"""

import re

import django_filters
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from konsultacijos.models import EntryStatus, Topic
from portalas.search import highlighter, search_words, word_pattern
from portalas.search import search as search_words_in

__all__ = ["highlight", "highlighter", "search", "search_words", "word_pattern"]

# The stages the whole-territory roles pick from; everyone else sees the published ones.
PUBLISHED, WORK, REVIEW, ARCHIVED = "published", "work", "review", "archived"
STAGES = [(PUBLISHED, _("Published")), (WORK, _("Drafts and review")),
          (REVIEW, _("Waiting for review")), (ARCHIVED, _("Withdrawn from the base"))]
STAGE_STATUSES = {
    PUBLISHED: (EntryStatus.PUBLISHED,),
    WORK: (EntryStatus.DRAFT, EntryStatus.REVIEW),
    REVIEW: (EntryStatus.REVIEW,),
    ARCHIVED: (EntryStatus.ARCHIVED,),
}


def search(queryset, text: str):
    """Entries whose question or answer holds every word (in any case, with or without
    diacritics)."""
    return search_words_in(queryset, text, ("question", "answer"))


def highlight(text: str, pattern: re.Pattern | None, *, paragraphs: bool = True
              ) -> SafeString:
    """``text`` escaped, the found words in ``<mark>``, line breaks kept (paragraphs as
    ``<p>``, or ``<br>`` only where a paragraph may not stand, e.g. in a ``<summary>``)."""
    parts, position = [], 0
    if pattern is not None:
        for match in pattern.finditer(text):
            if match.start() == match.end():
                continue
            parts.append(escape(text[position:match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            position = match.end()
    parts.append(escape(text[position:]))
    html = "".join(parts)
    if paragraphs:
        return mark_safe(linebreaks(html))  # noqa: S308 - every piece escaped above
    html = re.sub(r"\r\n|\r|\n", "<br>", html.strip())
    return mark_safe(html)  # noqa: S308 - every piece escaped above


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words in the question or answer"))
    topic = django_filters.ModelChoiceFilter(queryset=Topic.objects.none(), label=_("Topic"),
                                             empty_label=_("All topics"))
    stage = django_filters.ChoiceFilter(choices=STAGES, label=_("Stage"), empty_label=None)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user
        self.filters["topic"].queryset = Topic.objects.visible_to(user)
        self.whole_territory = user.sees_whole_territory
        if not self.whole_territory:
            del self.filters["stage"]
        self.before_topic = None

    def stage_value(self) -> str:
        if not self.whole_territory or not self.is_bound:
            return PUBLISHED
        value = getattr(self.form, "cleaned_data", {}).get("stage")
        return value if value in STAGE_STATUSES else PUBLISHED

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        queryset = queryset.filter(status__in=STAGE_STATUSES[self.stage_value()])
        queryset = search(queryset, data.get("q") or "")
        self.before_topic = queryset
        if data.get("topic") is not None:
            queryset = queryset.filter(topic=data["topic"])
        return queryset
