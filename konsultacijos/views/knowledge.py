"""The knowledge base (*žinynas*): reusable answers every signed-in user reads once they are
published. Department staff write an entry (from scratch, or rewritten from a consultation
worth keeping), hand it for review, and another pair of eyes (staff or management, not the
author) publishes it or returns it; an answer that no longer holds is withdrawn.

Reads start from ``KnowledgeEntry.objects.visible_to(user)`` (a draft is a 404 to a
librarian); every write goes through ``konsultacijos.services``, which decide who may do
what (``PermissionDenied`` → 403) and refuse what the rules do not allow (``Refused`` → the
reason on the page)."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from konsultacijos import services
from konsultacijos.filters_knowledge import (
    STAGE_STATUSES,
    STAGES,
    EntryFilter,
    highlight,
    highlighter,
)
from konsultacijos.forms_knowledge import EntryForm
from konsultacijos.models import Consultation, EntryStatus, KnowledgeEntry
from portalas.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)

EDITABLE = (EntryStatus.DRAFT, EntryStatus.REVIEW, EntryStatus.PUBLISHED)


def may_edit(user, entry: KnowledgeEntry) -> bool:
    """Staff, and a reviewer (who may mend a wording before publishing); a withdrawn entry
    is kept as it was."""
    return entry.status in EDITABLE and (services.may_log(user)
                                         or services.may_review(user, entry))


def actions_for(user, entry: KnowledgeEntry) -> dict:
    """What the user may do with the entry now (the page shows these buttons only; the
    services check again)."""
    staff = services.may_log(user)
    reviewer = entry.status == EntryStatus.REVIEW and services.may_review(user, entry)
    return {
        "edit": may_edit(user, entry),
        "submit": staff and entry.status == EntryStatus.DRAFT,
        "publish": reviewer,
        "return": reviewer,
        "archive": staff and entry.status in EDITABLE,
        "history": user.sees_whole_territory,
    }


# --- the list -------------------------------------------------------------------------------

class EntryListView(ScopedListView):
    """The published answers, searched and filtered by topic, newest first; the hits are
    marked. Staff and management also pick the drafts and entries in review, or the
    withdrawn ones."""

    model = KnowledgeEntry
    filterset_class = EntryFilter
    title = gettext_lazy("Knowledge base")
    template_name = "konsultacijos/entry_list.html"
    results_template = "konsultacijos/_entry_results.html"
    paginate_by = 20

    def refine(self, queryset):
        related = ["topic"]
        if self.request.user.sees_whole_territory:
            related.append("created_by")
        return queryset.select_related(*related)

    def get_queryset(self):
        # always bound: with no parameters the list is the published entries, not all
        self.filterset = EntryFilter(self.request.GET, queryset=self.scoped_queryset(),
                                     request=self.request)
        return self.filterset.qs.order_by(F("published_at").desc(nulls_last=True),
                                          "-created_at", "-pk")

    def get_context_data(self, **kwargs):
        # The kit's context without its table: the entries are cards that unfold.
        context = generic.ListView.get_context_data(self, **kwargs)
        user, filterset = self.request.user, self.filterset
        query = (filterset.form.cleaned_data.get("q") or "").strip()
        pattern = highlighter(query)
        entries = list(context["object_list"])
        for entry in entries:
            entry.question_html = highlight(entry.question, pattern, paragraphs=False)
            entry.answer_html = highlight(entry.answer, pattern)
            entry.answer_matched = bool(pattern and pattern.search(entry.answer))
        topic = filterset.form.cleaned_data.get("topic")
        chips = list(filterset.before_topic.order_by()
                     .values("topic", "topic__name", "topic__order")
                     .annotate(count=Count("pk")).order_by("topic__order", "topic__name"))
        if topic is not None and all(chip["topic"] != topic.pk for chip in chips):
            chips.append({"topic": topic.pk, "topic__name": topic.name, "count": 0})
        stage = filterset.stage_value()
        context.update({
            "title": self.title, "filter": filterset, "entries": entries, "query": query,
            "topic": topic, "chips": chips, "stage": stage,
            "total": sum(chip["count"] for chip in chips),
            "stages": self._stages(user, stage),
            "results_template": self.results_template,
            "may_write": services.may_log(user),
            "searched": bool(query) or topic is not None,
        })
        return context

    def _stages(self, user, current: str) -> list[dict]:
        """The stage chips of the whole-territory roles, with how many entries each holds
        (one query); none for the others."""
        if not user.sees_whole_territory:
            return []
        by_status = dict(KnowledgeEntry.objects.visible_to(user).order_by()
                         .values_list("status").annotate(count=Count("pk")))
        return [{"key": key, "label": label, "current": key == current,
                 "count": sum(by_status.get(status, 0) for status in STAGE_STATUSES[key])}
                for key, label in STAGES]


# --- one entry ------------------------------------------------------------------------------

class EntryDetailView(ScopedDetailView):
    model = KnowledgeEntry
    template_name = "konsultacijos/entry_detail.html"
    context_object_name = "entry"

    def refine(self, queryset):
        return queryset.select_related("topic", "created_by", "reviewed_by",
                                       "source__library", "source__person")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry, user = self.object, self.request.user
        context["actions"] = actions_for(user, entry)
        context["workers"] = user.sees_whole_territory
        if user.sees_whole_territory:
            context["source_visible"] = bool(entry.source_id) and Consultation.objects \
                .visible_to(user).filter(pk=entry.source_id).exists()
            if entry.status in (EntryStatus.DRAFT, EntryStatus.REVIEW):
                context["problems"] = services.anonymity_problems(entry)
        return context


class EntryHistoryView(ScopedHistoryView):
    """Who changed what: the whole-territory roles (the author is one of them)."""

    model = KnowledgeEntry
    template_name = "konsultacijos/entry_history.html"
    context_object_name = "entry"

    def scoped_object(self):
        entry = super().scoped_object()  # a draft is a 404 to a librarian
        if not self.request.user.sees_whole_territory:
            raise PermissionDenied
        return entry


# --- writing --------------------------------------------------------------------------------

class EntryFormMixin:
    model = KnowledgeEntry
    form_class = EntryForm
    template_name = "konsultacijos/entry_form.html"
    list_url_name = "konsultacijos:entry_list"
    list_title = gettext_lazy("Knowledge base")
    create_title = gettext_lazy("New knowledge-base entry")
    form_width = "col-lg-9"


class EntryCreateView(EntryFormMixin, ScopedCreateView):
    """A new draft (staff)."""

    allowed = staticmethod(services.may_log)
    success_message = gettext_lazy("The draft has been saved. Hand it for review when it "
                                   "is ready.")

    def form_valid(self, form):
        entry = form.save(commit=False)
        self.prepare(entry)
        entry._change_reason = "created"
        services.draft_entry(entry, by=self.request.user)
        messages.success(self.request, str(self.success_message))
        return redirect(entry)

    def prepare(self, entry: KnowledgeEntry) -> None:
        """What the page adds to the typed entry before it is saved."""


class EntryCreateFromView(EntryCreateView):
    """A draft rewritten from a consultation worth keeping: the form starts with the
    consultation's question, answer and topic, and the page asks to rewrite them
    anonymously. Staff only: a librarian is refused the page as a whole (403), whatever
    the consultation; the consultation comes from what the user may see (404)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.check_role()
            self.consultation = get_object_or_404(
                Consultation.objects.visible_to(request.user)
                .select_related("library", "person", "topic"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"question": self.consultation.question, "answer": self.consultation.answer,
                "topic": self.consultation.topic_id}

    def prepare(self, entry):
        entry.source = self.consultation

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        draft = KnowledgeEntry(
            question=form["question"].value() or "", answer=form["answer"].value() or "",
            source=self.consultation)
        context.update({
            "consultation": self.consultation,
            "problems": services.anonymity_problems(draft),
            "earlier": list(KnowledgeEntry.objects.visible_to(self.request.user)
                            .filter(source=self.consultation).order_by("-created_at")[:5]),
        })
        return context


class EntryUpdateView(VersionedUpdateMixin, EntryFormMixin, ScopedUpdateView):
    """Edit (staff, or a reviewer). The version the form was opened with travels in a
    hidden field; a save after someone else's is refused and the typed text stays."""

    success_message = gettext_lazy("The entry has been saved.")
    stale_message = gettext_lazy(
        "%(name)s saved this entry after you opened it, so your changes have not "
        "been saved. They are still below: compare them with the entry (open it in "
        "another tab), then save again to keep yours.")

    def scoped_object(self):
        entry = super().scoped_object()  # a draft is a 404 to a librarian
        if not (services.may_log(self.request.user)
                or services.may_review(self.request.user, entry)):
            raise PermissionDenied
        return entry

    def get(self, request, *args, **kwargs):
        entry = self.scoped_object()
        if entry.status not in EDITABLE:
            messages.error(request, _("An entry withdrawn from the base is kept as it was."))
            return redirect(entry)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["entry"] = self.object
        context["history_url"] = reverse("konsultacijos:entry_history", args=[self.object.pk])
        return context

    def form_valid(self, form):
        entry = form.save(commit=False)
        entry._change_reason = "edited"
        try:
            entry = services.update_entry(entry, by=self.request.user,
                                          seen_version=self.seen_version())
        except services.Refused as refusal:
            if refusal.code != "stale":
                form.add_error(None, refusal)
                return self.form_invalid(form)
            stored = KnowledgeEntry.objects.filter(pk=self.object.pk).first()
            if stored is None:
                raise PermissionDenied from None
            return self.stale(form, stored)
        messages.success(self.request, str(self.success_message))
        return redirect(entry)

    def post(self, request, *args, **kwargs):
        entry = self.scoped_object()
        if entry.status not in EDITABLE:
            messages.error(request, _("An entry withdrawn from the base is kept as it was."))
            return redirect(entry)
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)


# --- moves along the review -----------------------------------------------------------------

def _entry(request, pk) -> KnowledgeEntry:
    return get_object_or_404(KnowledgeEntry.objects.visible_to(request.user), pk=pk)


def _move(request, pk, *, allowed, service, done: str):
    """One move: the entry within the user's scope (404), the role (403), then the service;
    a refusal (the entry still names someone, or it moved on meanwhile) is shown on the
    entry's page."""
    entry = _entry(request, pk)
    if not allowed(request.user, entry):
        raise PermissionDenied
    try:
        entry = service(entry, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(entry)
    messages.success(request, done)
    return redirect(entry)


@require_POST
def entry_submit(request, pk):
    """The author (or another staff member) hands the draft to a reviewer."""
    return _move(request, pk, allowed=lambda user, entry: services.may_log(user),
                 service=services.submit_entry,
                 done=_("The entry has been handed for review; the reviewers have been told."))


@require_POST
def entry_publish(request, pk):
    """A reviewer other than the author publishes it to everyone signed in."""
    return _move(request, pk, allowed=services.may_review, service=services.publish_entry,
                 done=_("The entry has been published: every signed-in user reads it now."))


@require_POST
def entry_return(request, pk):
    """A reviewer returns it to its author for another pass."""
    return _move(request, pk, allowed=services.may_review, service=services.return_entry,
                 done=_("The entry has been returned to its author as a draft."))


@require_POST
def entry_archive(request, pk):
    """An answer that no longer holds leaves the base (kept, not deleted)."""
    return _move(request, pk, allowed=lambda user, entry: services.may_log(user),
                 service=services.archive_entry,
                 done=_("The entry has been withdrawn from the base."))


__all__ = ["EntryCreateFromView", "EntryCreateView", "EntryDetailView", "EntryHistoryView",
           "EntryListView", "EntryUpdateView", "entry_archive", "entry_publish", "entry_return",
           "entry_submit"]
