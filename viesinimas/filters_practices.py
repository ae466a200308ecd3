"""The catalogue's filter: words, a tag, a library, a municipality, the audience.

The search is case- and diacritic-insensitive on SQLite and PostgreSQL alike, as the
knowledge base's (``konsultacijos.filters_knowledge``): each typed word becomes a regular
expression whose every letter is a class of its cases and its Lithuanian variants
("senjoru" → ``[sSšŠ][eEęĘėĖ]njor[uUųŲūŪ]``), so "SENJORŲ", "senjorų" and "senjoru"
find one another; every word must be found (in any of the texts)."""

import re
import unicodedata

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Municipality
from portalas.ordering import lt_order
from viesinimas.models import Practice, PracticeStatus, Theme

# A letter typed with or without its diacritic finds both spellings.
LITHUANIAN_VARIANTS = {"a": "aą", "c": "cč", "e": "eęė", "i": "iį", "s": "sš", "u": "uųū",
                       "z": "zž"}
MAX_WORDS = 8
MAX_WORD_LENGTH = 40
WORD = re.compile(r"\w+")
#: The texts a search reads.
SEARCHED = ("title", "summary", "what", "audience", "how", "results", "partners")


def _letter_class(char: str) -> str:
    base = unicodedata.normalize("NFD", char)[0]
    variants = set(LITHUANIAN_VARIANTS.get(base, base)) | {char}
    variants |= {v.upper() for v in variants if len(v.upper()) == 1}
    if len(variants) == 1:
        return re.escape(char)
    return "[" + "".join(sorted(variants)) + "]"


def search_words(text: str) -> list[str]:
    """The words of a search (two letters or more, at most eight), case-folded."""
    words = []
    for word in WORD.findall(unicodedata.normalize("NFC", text or "").casefold()):
        word = word[:MAX_WORD_LENGTH]
        if len(word) >= 2 and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def word_pattern(word: str) -> str:
    return "".join(_letter_class(char) for char in word)


def search(queryset, text: str, fields=SEARCHED):
    """Rows whose texts hold every word (in any case, with or without diacritics)."""
    for word in search_words(text):
        pattern = word_pattern(word)
        found = Q()
        for name in fields:
            found |= Q(**{f"{name}__iregex": pattern})
        queryset = queryset.filter(found)
    return queryset


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="filter_words")
    tag = django_filters.ModelChoiceFilter(field_name="themes", queryset=Theme.objects.none(),
                                           label=_("Tag"), empty_label=_("All tags"))
    library = django_filters.ModelChoiceFilter(queryset=Library.objects.none(),
                                               label=_("Library"),
                                               empty_label=_("All libraries"))
    municipality = django_filters.ModelChoiceFilter(
        field_name="library__municipality", queryset=Municipality.objects.none(),
        label=_("Municipality"), empty_label=_("All municipalities"))
    audience = django_filters.CharFilter(label=_("For whom"), method="filter_audience")

    class Meta:
        model = Practice
        fields = ["q", "tag", "library", "municipality", "audience"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        published = Practice.objects.filter(status=PracticeStatus.PUBLISHED)
        self.filters["tag"].queryset = Theme.objects.visible_to(request.user).filter(
            Q(active=True) | Q(practices__in=published)).distinct().order_by("order", "name")
        self.filters["library"].queryset = Library.objects.filter(
            pk__in=published.values("library")).order_by(lt_order("name"))
        self.filters["municipality"].queryset = Municipality.objects.filter(
            pk__in=published.values("library__municipality")).order_by(lt_order("name"))
        self.filters["library"].field.label_from_instance = lambda library: library.name

    def filter_words(self, queryset, name, value):
        return search(queryset, value)

    def filter_audience(self, queryset, name, value):
        return search(queryset, value, fields=("audience",))
