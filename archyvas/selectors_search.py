"""The archive's search: registered documents (number, title, correspondent, their number,
note, the text of the file) and filed documents (title, kind, note, the text of the file),
one list, newest first.

Words are the kit's (``portalas.search``): any case, with or without diacritics, so
"ataskaita" finds "ATASKAITA" and "zinios" finds "žinios". A registration number ("G-12")
finds that document (and the documents that mention it); a number alone ("12") finds the
documents of that number in every register and the texts where it stands as a number (not
inside "2012"). Every word must be found, each in any field.

Access follows the source: the rows start from ``visible_to(user)`` (management never see a
filed document only staff may, not even counted), and a record restricted after a
person's erasure (GDPR Art. 18) is the department's alone."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.db.models import CharField, F, Q, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from archyvas.models import FiledDocument, RegisterEntry, may_manage
from portalas.registry import fileable_kinds
from portalas.search import MAX_WORDS, search_words, word_pattern

ENTRY, FILED = "entry", "filed"
EVERYWHERE, REGISTERS, ARCHIVE = "", "registers", "filed"
ENTRY_FIELDS = ("title", "correspondent", "their_number", "note", "text")
FILED_FIELDS = ("title", "note", "text")
#: How much text a snippet shows around the first hit (characters each side).
SNIPPET = 90

# "G-12", "S – 5", "SK.1-3": a register's prefix (a letter first) and a number
REGISTRATION = re.compile(r"(?<![\w.()])([^\W\d_][\w.()]{0,9})\s*[-‐–]\s*(\d{1,9})(?!\w)")
# a number on its own, of any length ("5", "2025")
NUMBER = re.compile(r"(?<![^\W\d_])\d{1,20}(?![^\W\d_])")


@dataclass
class Criteria:
    """What the user asked (a valid search form's data)."""

    q: str = ""
    where: str = EVERYWHERE
    register: object = None
    year: int | None = None
    index: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    correspondent: str = ""
    has_file: str = ""

    @property
    def entries_only(self) -> bool:
        return self.where == REGISTERS or self.register is not None or bool(self.correspondent)

    @property
    def filed_only(self) -> bool:
        return self.where == ARCHIVE or bool(self.kind)


@dataclass
class Query:
    """The words of a search: registration numbers, numbers and words."""

    registrations: list[tuple[str, int]] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, text: str) -> "Query":
        query = cls()
        rest = text or ""
        for prefix, number in REGISTRATION.findall(rest)[:MAX_WORDS]:
            query.registrations.append((prefix.casefold(), int(number)))
        rest = REGISTRATION.sub(" ", rest)
        for digits in NUMBER.findall(rest)[:MAX_WORDS]:
            if digits not in query.numbers:
                query.numbers.append(digits)
        query.words = search_words(NUMBER.sub(" ", rest))
        return query

    def __bool__(self) -> bool:
        return bool(self.registrations or self.numbers or self.words)

    def conditions(self, fields, *, numbered: bool, kinds=None) -> list[Q]:
        """One condition per word, each met by any of ``fields`` (a registered document
        also by its number; a filed document also by its kind's name)."""
        found = []
        for prefix, number in self.registrations:
            pattern = word_pattern(prefix) + r"\s*[-‐–]\s*" + str(number) + r"([^0-9]|$)"
            condition = _any(fields, pattern)
            if numbered:
                condition |= Q(register__prefix__iregex=f"^{word_pattern(prefix)}$",
                               number=number)
            found.append(condition)
        for digits in self.numbers:
            condition = _any(fields, f"(^|[^0-9]){digits}([^0-9]|$)")
            if numbered and len(digits) <= 9:
                condition |= Q(number=int(digits))
            found.append(condition)
        for word in self.words:
            condition = _any(fields, word_pattern(word))
            named = [name for name, label in (kinds or {}).items()
                     if re.search(word_pattern(word), str(label), re.IGNORECASE)]
            if named:
                condition |= Q(kind__in=named)
            found.append(condition)
        return found

    def highlighter(self) -> re.Pattern | None:
        """What marks the hits in a text: the same expressions, read by Python."""
        patterns = [word_pattern(p) + r"\s*[-‐–]\s*" + str(n) + r"(?![0-9])"
                    for p, n in self.registrations]
        patterns += [f"(?<![0-9]){digits}(?![0-9])" for digits in self.numbers]
        patterns += [word_pattern(word) for word in self.words]
        if not patterns:
            return None
        return re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)


def _any(fields, pattern: str) -> Q:
    found = Q()
    for name in fields:
        found |= Q(**{f"{name}__iregex": pattern})
    return found


def kind_labels() -> dict[str, str]:
    """The fileable kinds' names, as the user reads them."""
    return {kind.name: str(kind.label) for kind in fileable_kinds.all()}


# --- the rows -------------------------------------------------------------------------------

def readable(model, user):
    """``model``'s rows the user may find: within ``visible_to``, and a record restricted
    after an erasure only by the department."""
    queryset = model.objects.visible_to(user)
    return queryset if may_manage(user) else queryset.filter(restricted_on=None)


def _common(queryset, criteria: Criteria, day: str):
    if criteria.index:
        queryset = queryset.filter(plan_file__index__iexact=criteria.index)
    if criteria.date_from:
        queryset = queryset.filter(**{f"{day}__gte": criteria.date_from})
    if criteria.date_to:
        queryset = queryset.filter(**{f"{day}__lte": criteria.date_to})
    if criteria.has_file == "yes":
        queryset = queryset.exclude(file="").filter(file_destroyed_on=None)
    elif criteria.has_file == "no":
        queryset = queryset.filter(Q(file="") | Q(file_destroyed_on__isnull=False))
    return queryset


def entries(user, criteria: Criteria, query: Query):
    queryset = readable(RegisterEntry, user)
    if criteria.filed_only:
        return queryset.none()
    if criteria.register is not None:
        queryset = queryset.filter(register=criteria.register)
    if criteria.year:
        queryset = queryset.filter(year=criteria.year)
    for word in search_words(criteria.correspondent):
        queryset = queryset.filter(correspondent__iregex=word_pattern(word))
    for condition in query.conditions(ENTRY_FIELDS, numbered=True):
        queryset = queryset.filter(condition)
    return _common(queryset, criteria, "registered_on")


def filed(user, criteria: Criteria, query: Query, kinds: dict):
    queryset = readable(FiledDocument, user)
    if criteria.entries_only:
        return queryset.none()
    if criteria.year:
        queryset = queryset.filter(plan_file__plan__year=criteria.year)
    if criteria.kind:
        queryset = queryset.filter(kind=criteria.kind)
    for condition in query.conditions(FILED_FIELDS, numbered=False, kinds=kinds):
        queryset = queryset.filter(condition)
    return _common(queryset, criteria, "document_date")


def found(user, criteria: Criteria, query: Query, kinds: dict):
    """Both kinds of document in one list: (what, key, day), newest first; a queryset the
    paginator counts and slices in the database."""
    text = CharField()
    first = (entries(user, criteria, query).order_by()
             .annotate(what=Value(ENTRY, output_field=text), day=F("registered_on"))
             .values_list("what", "pk", "day"))
    second = (filed(user, criteria, query, kinds).order_by()
              .annotate(what=Value(FILED, output_field=text), day=F("document_date"))
              .values_list("what", "pk", "day"))
    return first.union(second, all=True).order_by("-day", "what", "-pk")


# --- one page of hits -----------------------------------------------------------------------

@dataclass
class Hit:
    """One found document: what it is, where it is (the register and number, or the file),
    its title and the passage that matched, the hits marked."""

    what: str
    record: object
    url: str
    label: SafeString          # "G-12", or the filed document's kind
    where: str                 # the register, or the file (index, title, year)
    title: SafeString
    day: date
    correspondent: SafeString | str = ""
    snippet: SafeString | str = ""


def highlight(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` escaped, the hits in ``<mark>``."""
    parts, position = [], 0
    if pattern is not None:
        for match in pattern.finditer(text):
            if match.start() == match.end():
                continue
            parts += [escape(text[position:match.start()]),
                      f"<mark>{escape(match.group())}</mark>"]
            position = match.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def snippet(texts, pattern: re.Pattern | None) -> SafeString | str:
    """A short passage around the first hit in ``texts`` (the note, then the text), cut at
    words, the hits marked; empty when none of them holds a hit."""
    if pattern is None:
        return ""
    for text in texts:
        match = pattern.search(text or "")
        if match is None:
            continue
        start = max(0, match.start() - SNIPPET)
        end = min(len(text), match.end() + SNIPPET)
        if start > 0:
            space = text.find(" ", start, match.start())
            start = space + 1 if space != -1 else start
        if end < len(text):
            space = text.rfind(" ", match.end(), end)
            end = space if space != -1 else end
        passage = highlight(" ".join(text[start:end].split()), pattern)
        before, after = ("… " if start > 0 else ""), (" …" if end < len(text) else "")
        return mark_safe(f"{before}{passage}{after}")  # noqa: S308 - escaped by highlight
    return ""


def hits(rows, query: Query, kinds: dict) -> list[Hit]:
    """The page's rows as hits: two queries, whatever the page holds."""
    pattern = query.highlighter()
    wanted = {ENTRY: [], FILED: []}
    for what, pk, _day in rows:
        wanted[what].append(pk)
    records = {(ENTRY, e.pk): e for e in RegisterEntry.objects.filter(pk__in=wanted[ENTRY])
               .select_related("register", "plan_file__plan")} if wanted[ENTRY] else {}
    if wanted[FILED]:
        records |= {(FILED, d.pk): d for d in FiledDocument.objects.filter(
            pk__in=wanted[FILED]).select_related("plan_file__plan")}
    found = []
    for what, pk, _day in rows:
        record = records.get((what, pk))
        if record is None:      # deleted between the two queries
            continue
        found.append(_entry_hit(record, pattern) if what == ENTRY
                     else _filed_hit(record, pattern, kinds))
    return found


def _file_words(plan_file) -> str:
    return f"{plan_file.index} {plan_file.title} ({plan_file.plan.year})" if plan_file else ""


def _entry_hit(entry: RegisterEntry, pattern) -> Hit:
    return Hit(ENTRY, entry, reverse("archyvas:entry_detail", args=[entry.pk]),
               label=highlight(entry.full_number, pattern), where=entry.register.name,
               title=highlight(entry.title, pattern), day=entry.registered_on,
               correspondent=highlight(entry.correspondent, pattern),
               snippet=snippet((entry.their_number, entry.note, entry.text), pattern))


def _filed_hit(document: FiledDocument, pattern, kinds: dict) -> Hit:
    return Hit(FILED, document, reverse("archyvas:filed_detail", args=[document.pk]),
               label=highlight(kinds.get(document.kind, document.kind), pattern),
               where=_file_words(document.plan_file),
               title=highlight(document.title, pattern), day=document.document_date,
               snippet=snippet((document.note, document.text), pattern))
