"""The department's campaign board and a report's timeline: the reads behind the two
pages that grow with the territory (a hundred reports, thousands of changed values).

Both read in a fixed number of queries, whatever the number of reports or changes on the
page: the board filters, counts and pages in the database; the timeline reads the scoped
changes' keys once, groups them in memory and loads only the rows the page shows.
"""

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Q, When
from django.db.models import Value as V
from django.db.models.functions import NullIf
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import LibraryKind, Municipality
from paskyros.models import User
from portalas.ordering import lt_order, sorted_lt
from statistika.models import Campaign, Source, SubmissionStatus, ValueChange
from statistika.scoping import SubmissionScope

# --- the campaign board -----------------------------------------------------------------------

STATUS_ORDER = Case(
    When(status=SubmissionStatus.RETURNED, then=V(1)),
    When(status=SubmissionStatus.NOT_STARTED, then=V(2)),
    When(status=SubmissionStatus.DRAFT, then=V(3)),
    When(status=SubmissionStatus.SUBMITTED, then=V(4)),
    When(status=SubmissionStatus.ACCEPTED, then=V(5)), default=V(6), output_field=IntegerField())

PER_PAGE = [25, 50, 100]
SORTS = {"name", "municipality", "status", "progress", "changed"}
DEFAULT_SORT = "status"
FILTER_FIELDS = ["q", "municipality", "kind", "status"]   # what bulk actions carry along


class BoardFilterForm(forms.Form):
    """The board's GET parameters. Anything invalid is dropped, never an error page: a
    shared link with a stale value still opens the board."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(label=_("Municipality"), required=False,
                                          queryset=Municipality.objects.none(),
                                          empty_label=_("All municipalities"))
    kind = forms.ChoiceField(label=_("Library kind"), required=False)
    status = forms.MultipleChoiceField(label=_("Status"), required=False,
                                       choices=SubmissionStatus.choices,
                                       widget=forms.CheckboxSelectMultiple)
    sort = forms.CharField(required=False)
    per_page = forms.TypedChoiceField(label=_("Per page"), required=False, coerce=int,
                                      choices=[(n, n) for n in PER_PAGE], empty_value=50)

    def __init__(self, data, *, campaign: Campaign):
        super().__init__(data)
        self.campaign = campaign
        municipalities = Municipality.objects.filter(
            libraries__submissions__campaign=campaign).distinct().order_by(lt_order("name"))
        self.fields["municipality"].queryset = municipalities
        kinds = [k for k in LibraryKind if k in (campaign.kinds or [])] or list(LibraryKind)
        self.fields["kind"].choices = [("", _("All kinds"))] + [(k.value, k.label)
                                                                for k in kinds]

    def value(self, name: str):
        """The cleaned value, or the empty one when the parameter was not valid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in self.cleaned_data:
            return self.cleaned_data[name]
        return {"status": [], "per_page": 50, "municipality": None}.get(name, "")

    @property
    def sort_key(self) -> str:
        wanted = (self.value("sort") or "").strip()
        return wanted if wanted.lstrip("-") in SORTS else DEFAULT_SORT

    def filter_query(self) -> list[tuple[str, str]]:
        """The filter as (name, value) pairs (hidden fields of a bulk action)."""
        pairs = []
        if self.value("q"):
            pairs.append(("q", self.value("q")))
        if self.value("municipality") is not None:
            pairs.append(("municipality", str(self.value("municipality").pk)))
        if self.value("kind"):
            pairs.append(("kind", self.value("kind")))
        pairs += [("status", s) for s in self.value("status")]
        return pairs

    @property
    def is_filtered(self) -> bool:
        return bool(self.filter_query())


def _filtered(campaign: Campaign, form: BoardFilterForm, *, with_status: bool = True):
    submissions = campaign.submissions.all()
    q = " ".join(form.value("q").split())
    if q:
        submissions = submissions.filter(Q(library__name__icontains=q)
                                         | Q(library__code__icontains=q))
    if form.value("municipality") is not None:
        submissions = submissions.filter(library__municipality=form.value("municipality"))
    if form.value("kind"):
        submissions = submissions.filter(library__kind=form.value("kind"))
    if with_status and form.value("status"):
        submissions = submissions.filter(status__in=form.value("status"))
    return submissions


def board_submissions(campaign: Campaign, form: BoardFilterForm):
    """The campaign's reports that match the filter (a bulk action acts on these)."""
    return _filtered(campaign, form)


def _ordered(submissions, key: str):
    name, descending = key.lstrip("-"), key.startswith("-")

    def plain(expression):
        return expression.desc(nulls_last=True) if descending else expression.asc(nulls_first=True)

    by_name = lt_order("library__name")
    if name == "name":
        return submissions.order_by(lt_order("library__name", descending=descending), "pk")
    if name == "municipality":
        return submissions.order_by(lt_order("library__municipality__name",
                                             descending=descending), by_name, "pk")
    if name == "progress":
        submissions = submissions.annotate(
            progress=F("answered") * 10000 / NullIf(F("total_fields"), 0))
        return submissions.order_by(plain(F("progress")), by_name, "pk")
    if name == "changed":
        return submissions.order_by(plain(F("last_saved_at")), by_name, "pk")
    submissions = submissions.annotate(status_order=STATUS_ORDER)
    return submissions.order_by(plain(F("status_order")), by_name, "pk")


@dataclass
class Board:
    form: BoardFilterForm
    page: object                      # the page of submissions shown
    counts: list[tuple]               # (status, count) over the filter without the status part
    total: int                        # every report of the campaign
    matching: int                     # the reports that match the whole filter
    sort: str
    selected: list[str] = field(default_factory=list)

    @property
    def counts_total(self) -> int:
        return sum(n for _status, n in self.counts)


def campaign_board(campaign: Campaign, data) -> Board:
    """The board of ``campaign`` filtered, sorted and paged by the GET parameters ``data``:
    six queries however many reports (choices, counts, the page count and its rows)."""
    form = BoardFilterForm(data, campaign=campaign)
    form.is_valid()
    by_status = dict(_filtered(campaign, form, with_status=False).order_by()
                     .values_list("status").annotate(n=Count("pk")))
    total = campaign.submissions.count()
    submissions = _ordered(_filtered(campaign, form).select_related("library__municipality"),
                           form.sort_key)
    paginator = Paginator(submissions, form.value("per_page") or 50)
    page = paginator.get_page(data.get("page"))
    selected = list(form.value("status"))
    return Board(form=form, page=page, total=total, matching=paginator.count,
                 counts=[(SubmissionStatus(s), by_status.get(s, 0))
                         for s in SubmissionStatus.values],
                 sort=form.sort_key, selected=selected)


# --- the report's timeline --------------------------------------------------------------------

# Changes of one person through one channel belong to one entry while no longer pause than
# this separates them: an upload or an import is one write (a few seconds at most, however
# large), a session in the form is a run of autosaves with short pauses between them.
SESSION_PAUSE = {Source.UPLOAD: timedelta(seconds=10), Source.IMPORT: timedelta(seconds=10),
                 Source.FORM: timedelta(minutes=15), Source.MANUAL: timedelta(minutes=15)}
PREVIEW = 20            # changes shown inside an entry before "show all"
ENTRIES_PER_PAGE = 50
BATCH_PER_PAGE = 100


@dataclass
class Entry:
    """One line of the timeline: a step of the workflow, one change, or a batch of changes
    made by one person through one channel in one go (an upload, an import, a session)."""

    at: datetime                       # the newest moment of the entry
    who: User | None = None
    event: object = None               # a SubmissionEvent
    source: str = ""
    started: datetime | None = None
    pks: list[int] = field(default_factory=list)   # the changes, oldest first
    units: set[int] = field(default_factory=set)
    who_id: int | None = None
    changes: list = field(default_factory=list)    # the rows shown (up to PREVIEW)

    @property
    def key(self) -> str:
        return str(self.pks[0]) if self.pks else ""

    @property
    def count(self) -> int:
        return len(self.pks)

    @property
    def is_batch(self) -> bool:
        return len(self.pks) > 1

    @property
    def change(self):
        """The change of a single edit (an entry of one change)."""
        return self.changes[0] if len(self.pks) == 1 and self.changes else None

    @property
    def source_label(self) -> str:
        return Source(self.source).label if self.source in Source.values else self.source

    @property
    def more(self) -> int:
        return max(0, self.count - len(self.changes))

    # The earlier shape of the timeline's entries (a mapping with "at", "who", "event" or
    # "change") still reads: ``"change" in entry``, ``entry["change"]``.
    def __contains__(self, name: str) -> bool:
        return (name == "change" and self.change is not None) or \
            (name == "event" and self.event is not None) or name in {"at", "who"}

    def __getitem__(self, name: str):
        if name not in self:
            raise KeyError(name)
        return getattr(self, name)


def _change_keys(scope: SubmissionScope):
    """(pk, when, who, how, unit) of every change in the units the person sees."""
    changes = ValueChange.objects.filter(value__year=scope.submission.campaign.year,
                                         value__library_id__in=sorted(scope.library_ids))
    return changes.order_by("changed_at", "pk").values_list(
        "pk", "changed_at", "changed_by_id", "source", "value__library_id")


def _group(rows, boundaries: list[datetime]) -> list[Entry]:
    """Consecutive changes of one person through one channel, with no pause longer than
    the channel's and no workflow step between them, make one entry."""
    open_entries: dict[tuple, Entry] = {}
    entries = []
    for pk, at, who_id, source, library_id in rows:
        stream = (who_id, source)
        entry = open_entries.get(stream)
        pause = SESSION_PAUSE.get(source, timedelta(seconds=10))
        if entry is None or at - entry.at > pause or \
                bisect_left(boundaries, at) != bisect_left(boundaries, entry.at):
            entry = Entry(at=at, started=at, source=source, who_id=who_id)
            open_entries[stream] = entry
            entries.append(entry)
        entry.at = at
        entry.pks.append(pk)
        entry.units.add(library_id)
    return entries


@dataclass
class Timeline:
    page: object                    # the page of entries
    units: list                     # the units the person may filter by (their scope)
    people: list[User]              # who changed something the person may see
    unit: object = None             # the chosen unit
    person: int | None = None       # the chosen person's id
    batch: Entry | None = None      # "show all" of one entry
    batch_page: object = None


def report_timeline(scope: SubmissionScope, *, unit=None, person: int | None = None,
                    batch: str = "", page: str | int | None = 1,
                    per_page: int = ENTRIES_PER_PAGE) -> Timeline:
    """The workflow steps and the grouped changes of values in the units the person sees
    (``unit``: one of them), newest first. A fixed number of queries however many changes:
    the keys of the scoped changes once, then only the rows on the page."""
    submission = scope.submission
    library_ids = [unit.library.pk] if unit is not None else sorted(scope.library_ids)
    events = list(submission.events.select_related("created_by").order_by("created_at", "pk"))
    everyone = list(_change_keys(scope))
    if person is not None:
        rows = [r for r in everyone if r[2] == person and r[4] in library_ids]
    elif unit is not None:
        rows = [r for r in everyone if r[4] in library_ids]
    else:
        rows = everyone
    boundaries = [e.created_at for e in events]
    groups = _group(rows, boundaries)
    entries = groups + [Entry(at=e.created_at, who=e.created_by, event=e,
                              who_id=e.created_by_id)
                        for e in events if person is None or e.created_by_id == person]
    entries.sort(key=lambda e: (e.at, e.pks[-1] if e.pks else 0), reverse=True)

    people_ids = {r[2] for r in everyone} | {e.created_by_id for e in events}
    people = sorted_lt(User.objects.filter(pk__in=people_ids - {None}),
                       key=str)
    by_id = {u.pk: u for u in people}
    result = Timeline(page=None, units=scope.units, people=people, unit=unit, person=person)

    if batch:
        chosen = next((g for g in groups if g.key == batch), None)
        if chosen is not None:
            chosen.who = by_id.get(chosen.who_id)
            result.batch = chosen
            result.batch_page = Paginator(chosen.pks, BATCH_PER_PAGE).get_page(page)
            result.batch_page.object_list = _changes(list(result.batch_page.object_list))
            return result

    result.page = Paginator(entries, per_page).get_page(page)
    shown = [e for e in result.page.object_list if e.pks]
    loaded = _changes([pk for e in shown for pk in e.pks[:PREVIEW]])
    by_pk = {c.pk: c for c in loaded}
    for entry in shown:
        entry.who = by_id.get(entry.who_id)
        entry.changes = [by_pk[pk] for pk in entry.pks[:PREVIEW] if pk in by_pk]
    return result


def _changes(pks: list[int]) -> list[ValueChange]:
    """The changes ``pks`` in that order, with what the page prints of them."""
    found = ValueChange.objects.filter(pk__in=pks).select_related(
        "value__indicator", "value__library", "changed_by").in_bulk()
    return [found[pk] for pk in pks if pk in found]
