"""Pages of the registered documents: the list of every register's documents (filters,
export), a document's page with its file, answers and history. The forms (registration,
edit, "answered without a letter") are in ``views_registers_entry_forms``.

Who: staff and management read (``may_read``), staff register and edit (``may_manage``).
A page without an object is a 403 to anyone else; a page naming a document looks it up in
``RegisterEntry.objects.visible_to`` first, so it is a 404 to a librarian, then a 403 to
management on a write."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from archyvas import selectors_registers as selectors
from archyvas import services_registers as services
from archyvas import storage
from archyvas.filters_registers import EntryFilter
from archyvas.models import (
    Register,
    RegisterEntry,
    RegisterKind,
    may_manage,
    may_read,
)
from portalas.views import (
    Column,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
)

LIST_TITLE = gettext_lazy("Registered documents")
LIST_RELATED = ("register", "plan_file", "responsible")
EXPORT_RELATED = (*LIST_RELATED, "reply_to__register")


def entry_of(request, pk) -> RegisterEntry:
    return get_object_or_404(RegisterEntry.objects.visible_to(request.user)
                             .select_related("register"), pk=pk)


def require_manager(request) -> None:
    if not may_manage(request.user):
        raise PermissionDenied


def entry_crumbs(entry) -> list:
    return [(reverse("archyvas:entry_list"), LIST_TITLE),
            (entry.get_absolute_url(), entry.full_number)]


# --- the list -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value a function computes from the row (exported alike)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""


COLUMNS = [
    Column("register.name", pgettext_lazy("register of documents", "Register")),
    Column("full_number", gettext_lazy("Number")),
    Column("registered_on", gettext_lazy("Registered on"), sort="registered_on", text=False),
    Column("document_date", gettext_lazy("Document date"), text=False),
    Column("their_number", gettext_lazy("Correspondent's number")),
    Column("correspondent", gettext_lazy("Correspondent"), sort="correspondent"),
    Column("title", gettext_lazy("Title"), sort="title"),
    ComputedColumn("file_index", gettext_lazy("File index"),
                   compute=lambda e: e.plan_file.index if e.plan_file_id else ""),
    ComputedColumn("file_title", gettext_lazy("File title"),
                   compute=lambda e: e.plan_file.title if e.plan_file_id else ""),
    ComputedColumn("responsible", pgettext_lazy("person responsible", "Responsible"),
                   compute=lambda e: _name(e.responsible)),
    Column("answer_due", gettext_lazy("Answer due"), text=False),
    Column("answered_on", gettext_lazy("Answered on"), text=False),
    Column("answer_note", gettext_lazy("How it was answered")),
    ComputedColumn("reply_to", pgettext_lazy("reply to", "Answers"),
                   compute=lambda e: e.reply_to.full_number if e.reply_to_id else ""),
    Column("note", gettext_lazy("Note")),
    Column("file_name", gettext_lazy("File")),
]
#: The page computes these cells (the export has them all).
SORTABLE = [column for column in COLUMNS if column.sort]


class EntryListView(ScopedListView):
    model = RegisterEntry
    allowed = staticmethod(may_read)
    filterset_class = EntryFilter
    template_name = "archyvas/entry_list.html"
    results_template = "archyvas/_entry_results.html"
    title = LIST_TITLE
    description = gettext_lazy("The department's registers of incoming, outgoing and internal "
                               "documents, newest first.")
    empty_text = gettext_lazy("No registered documents match the filter.")
    export_name = "registruoti-dokumentai"
    default_sort = "-registered_on"
    paginate_by = 50
    columns = SORTABLE

    def refine(self, queryset):
        if self.request.GET.get("export"):
            return queryset.select_related(*EXPORT_RELATED)
        return queryset.select_related(*LIST_RELATED)

    def order(self, queryset):
        key = self.sort_key()
        if key.lstrip("-") == "registered_on":
            descending = "-" if key.startswith("-") else ""
            return queryset.order_by(f"{descending}registered_on", f"{descending}pk")
        return super().order(queryset)

    def export(self, fmt: str):
        self.columns = COLUMNS
        return super().export(fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update({
            "entries": selectors.with_answer_states(context["object_list"], today),
            "today": today, "can_register": may_manage(self.request.user),
            "registers": list(Register.objects.visible_to(self.request.user)
                              .filter(active=True)),
        })
        return context


# --- one document -------------------------------------------------------------------------------

DETAIL_RELATED = ("register", "plan_file__plan", "responsible", "registered_by",
                  "reply_to__register")


class EntryDetailView(ScopedDetailView):
    model = RegisterEntry
    allowed = staticmethod(may_read)
    template_name = "archyvas/entry_detail.html"
    context_object_name = "entry"

    def refine(self, queryset):
        return queryset.select_related(*DETAIL_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry, today = self.object, timezone.localdate()
        can_manage = may_manage(self.request.user)
        incoming = entry.register.kind == RegisterKind.INCOMING
        open_year = year_open(entry.year)
        state = selectors.answer_state(entry, today)
        context.update({
            "answers": list(entry.answers.select_related("register")
                            .order_by("registered_on", "pk")) if incoming else [],
            "state": state, "today": today, "incoming": incoming,
            "open_year": open_year,
            "can_edit": can_manage and open_year,
            # an answer is registered into an open year; "answered without a letter" only
            # where an answer is awaited
            "can_answer": can_manage and incoming and open_year,
            "can_mark_answered": (can_manage and incoming and open_year
                                  and entry.answer_due is not None
                                  and entry.answered_on is None),
            "can_register": can_manage and entry.register.active,
            "crumbs": entry_crumbs(entry)[:1],
        })
        return context


def year_open(year: int) -> bool:
    try:
        services.check_year(year)
    except services.Refused:
        return False
    return True


class EntryHistoryView(ScopedHistoryView):
    model = RegisterEntry
    allowed = staticmethod(may_read)
    template_name = "archyvas/entry_history.html"
    context_object_name = "entry"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = entry_crumbs(self.object)
        return context


@require_GET
def entry_file(request, pk):
    """The document's stored file, to staff and management (404 once destroyed)."""
    entry = entry_of(request, pk)
    if not may_read(request.user):
        raise PermissionDenied
    return storage.file_response(entry, fallback=entry.full_number)


