"""Questions from libraries: a librarian asks through the portal, the department's queue
assigns and answers (the answer becomes a consultation record), the asker reads the answer
here and in an e-mail, or withdraws the question while it is open.

Who sees a question is ``Question.objects.visible_to`` (its asker, the asking library's
director, the whole-territory roles): anything else is a 404; a staff action by a librarian
who sees the question is a 403."""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bibliotekos.scoping import director_library_ids
from konsultacijos import services
from konsultacijos.filters_questions import (
    OPEN_VIEWS,
    SHOW_CHOICES,
    STATUS_LABELS,
    QuestionFilter,
)
from konsultacijos.forms_questions import (
    ATTACHMENT_TYPES,
    AnswerForm,
    AssignForm,
    QuestionForm,
)
from konsultacijos.models import OPEN_QUESTION_STATUSES, Question, QuestionStatus
from portalas.registry import object_panels_for
from portalas.views import Column, ScopedCreateView, ScopedDetailView, ScopedListView
from projektai.forms_sections import extension, safe_filename

logger = logging.getLogger("regionas.consultations")

DETAIL_RELATED = ("library", "asked_by", "topic", "assigned_to", "answered_by",
                  "consultation")
PREVIEW_CHARS = 160


def waiting_days(question: Question, today=None) -> int | None:
    """How long the asker waited (an open question: until today; an answered one: until
    the answer), in days; none for a withdrawn one."""
    asked = timezone.localtime(question.created_at).date()
    if question.status == QuestionStatus.ANSWERED and question.answered_at:
        return (timezone.localtime(question.answered_at).date() - asked).days
    if question.is_open:
        return ((today or timezone.localdate()) - asked).days
    return None


def _local_date(value: datetime | None):
    return timezone.localtime(value).date() if value else None


@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value is computed from the row (the page and the export)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


ASKED = ComputedColumn("created_at", gettext_lazy("Asked"), sort="created_at", text=False,
                       compute=lambda q: _local_date(q.created_at))
LIBRARY = Column("library.name", gettext_lazy("Library"), sort="library__name")
ASKER = Column("asked_by.full_name", gettext_lazy("Asked by"), sort="asked_by__full_name")
SUBJECT = ComputedColumn("subject", gettext_lazy("Subject"), sort="subject",
                         template="konsultacijos/_question_subject_cell.html",
                         compute=lambda q: q.subject)
TOPIC = Column("topic.name", gettext_lazy("Topic"), sort="topic__name")
STATUS = ComputedColumn("status", gettext_lazy("Status"), sort="status", text=False,
                        template="konsultacijos/_question_status_cell.html",
                        compute=lambda q: STATUS_LABELS.get(q.status, q.status))
ASSIGNEE = Column("assigned_to.full_name", gettext_lazy("Assigned to"),
                  sort="assigned_to__full_name")
WAITING = ComputedColumn("waiting", gettext_lazy("Waiting, days"), numeric=True,
                         compute=waiting_days)
ANSWER_PREVIEW = Column("answer", pgettext_lazy("question", "Answer"), export=False,
                        template="konsultacijos/_question_answer_cell.html")

QUEUE_COLUMNS = [ASKED, LIBRARY, ASKER, SUBJECT, TOPIC, STATUS, ASSIGNEE, WAITING]
DIRECTOR_COLUMNS = [ASKED, LIBRARY, ASKER, SUBJECT, STATUS, ANSWER_PREVIEW]
LIBRARIAN_COLUMNS = [ASKED, LIBRARY, SUBJECT, STATUS, ANSWER_PREVIEW]
EXPORT_COLUMNS = [
    ASKED, LIBRARY, ASKER, SUBJECT,
    Column("text", gettext_lazy("Question")), TOPIC, STATUS, ASSIGNEE, WAITING,
    ComputedColumn("answered_at", gettext_lazy("Answered on"),
                   compute=lambda q: _local_date(q.answered_at)),
    Column("answered_by.full_name", pgettext_lazy("question", "Answered by")),
    Column("answer", pgettext_lazy("question", "Answer")),
]


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- the list ----------------------------------------------------------------------------------

class QuestionListView(ScopedListView):
    """Staff and management: the department's queue (open questions by default, the oldest
    first). A librarian: their questions (a director: also their library's and its
    outlets'), with the answer's first lines."""

    model = Question
    filterset_class = QuestionFilter
    template_name = "konsultacijos/question_list.html"
    results_template = "konsultacijos/_question_results.html"
    export_name = "klausimai"
    default_sort = "-created_at"
    paginate_by = 50
    exporting = False

    @property
    def queue(self) -> bool:
        return self.request.user.sees_whole_territory

    @property
    def columns(self):
        if self.exporting:
            return EXPORT_COLUMNS
        if self.queue:
            return QUEUE_COLUMNS
        # a director also sees their colleagues' questions: who asked
        if director_library_ids(self.request.user):
            return DIRECTOR_COLUMNS
        return LIBRARIAN_COLUMNS

    @property
    def title(self):
        return _("Questions from libraries") if self.queue else _("My questions")

    @property
    def empty_text(self):
        if self.queue:
            return _("No questions match the filter.")
        return _("You have not asked the department anything yet.")

    def refine(self, queryset):
        return queryset.select_related("library", "asked_by", "topic", "assigned_to",
                                       "answered_by")

    def sort_key(self) -> str:
        key = super().sort_key()
        if key == self.default_sort and "sort" not in self.request.GET and self.queue:
            shown = self.request.GET.get("show") or "open"
            if shown in OPEN_VIEWS or shown not in dict(SHOW_CHOICES):
                return "created_at"  # the queue: the oldest open question first
        return key

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") and not self.queue:
            raise PermissionDenied
        return super().get(request, *args, **kwargs)

    def export(self, fmt: str):
        self.exporting = True
        return super().export(fmt)

    def _counts(self) -> dict:
        user = self.request.user
        open_ = Q(status__in=OPEN_QUESTION_STATUSES)
        return Question.objects.visible_to(user).aggregate(
            open=Count("pk", filter=open_),
            mine=Count("pk", filter=open_ & Q(assigned_to=user)),
            unassigned=Count("pk", filter=open_ & Q(assigned_to__isnull=True)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update({"queue": self.queue, "may_ask": services.may_ask(user),
                        "preview_chars": PREVIEW_CHARS})
        if self.queue:
            counts = self._counts()
            shown = self.filterset.view
            context["views"] = [
                {"key": key, "label": label, "count": counts.get(key), "active": key == shown}
                for key, label in SHOW_CHOICES]
            context["shown"] = shown
        return context


# --- one question ----------------------------------------------------------------------------

@dataclass
class Moment:
    """One step of the question's way: asked, assigned, answered, withdrawn."""

    kind: str
    at: datetime | None
    by: object = None
    to: object = None
    extra: dict = field(default_factory=dict)


def timeline(question: Question) -> list[Moment]:
    """The question's steps, read from its history in one query (who assigned it to whom,
    who withdrew it and when); a question with no history (made outside the portal) gets
    its steps from its fields."""
    records = list(question.history.select_related("history_user", "assigned_to",
                                                   "answered_by")
                   .order_by("history_date", "history_id"))
    moments = [Moment("asked", question.created_at, by=question.asked_by)]
    previous = None
    for record in records:
        if previous is None:
            previous = record
            if record.assigned_to_id and record.status == QuestionStatus.ASSIGNED:
                moments.append(Moment("assigned", record.history_date, by=record.history_user,
                                      to=record.assigned_to))
            continue
        if record.status == QuestionStatus.ANSWERED and previous.status != record.status:
            moments.append(Moment("answered", record.answered_at or record.history_date,
                                  by=record.answered_by or record.history_user))
        elif record.status == QuestionStatus.WITHDRAWN and previous.status != record.status:
            moments.append(Moment("withdrawn", record.history_date, by=record.history_user))
        elif (record.status == QuestionStatus.ASSIGNED
              and record.assigned_to_id != previous.assigned_to_id):
            moments.append(Moment("assigned", record.history_date, by=record.history_user,
                                  to=record.assigned_to))
        previous = record
    if not records:
        if question.assigned_to_id and question.status != QuestionStatus.ANSWERED:
            moments.append(Moment("assigned", None, to=question.assigned_to))
        if question.status == QuestionStatus.ANSWERED:
            moments.append(Moment("answered", question.answered_at, by=question.answered_by))
        elif question.status == QuestionStatus.WITHDRAWN:
            moments.append(Moment("withdrawn", question.updated_at))
    return moments


def _consultation_url(user, question: Question) -> str:
    """The consultation record the answer became, for those who read the records."""
    if not question.consultation_id or not services.may_read_records(user):
        return ""
    try:
        return reverse("konsultacijos:consultation_detail", args=[question.consultation_id])
    except NoReverseMatch:  # the records' pages are not installed
        return ""


def detail_context(request, question: Question, *, assign_form=None, answer_form=None,
                   rejected_answer: str = "") -> dict:
    user = request.user
    staff = services.may_log(user)
    working = staff and question.is_open
    return {
        "question": question, "object": question,
        "staff": staff,
        "may_withdraw": services.may_withdraw(user, question),
        "timeline": timeline(question),
        "assign_form": (assign_form or AssignForm(initial={
            "assigned_to": question.assigned_to_id, "version": question.version}))
        if working else None,
        "answer_form": (answer_form or AnswerForm(question=question)) if working else None,
        "assigned_to_me": question.assigned_to_id == user.pk,
        "rejected_answer": rejected_answer,
        "consultation_url": _consultation_url(user, question),
        "waiting": waiting_days(question),
        "has_attachment": bool(question.attachment),
        "attachment_name": PurePath(question.attachment.name).name
        if question.attachment else "",
    }


class QuestionDetailView(ScopedDetailView):
    model = Question
    template_name = "konsultacijos/question_detail.html"
    context_object_name = "question"

    def refine(self, queryset):
        return queryset.select_related(*DETAIL_RELATED)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(detail_context(self.request, self.object))
        return context


def _question(request, pk) -> Question:
    return get_object_or_404(Question.objects.visible_to(request.user)
                             .select_related(*DETAIL_RELATED), pk=pk)


def _render_detail(request, question: Question, *, status: int, **forms):
    context = detail_context(request, question, **forms)
    context["panels"] = object_panels_for(request, question)
    return render(request, "konsultacijos/question_detail.html", context, status=status)


def _staff_only(request) -> None:
    if not services.may_log(request.user):
        raise PermissionDenied


# --- asking ----------------------------------------------------------------------------------

class QuestionCreateView(ScopedCreateView):
    model = Question
    form_class = QuestionForm
    template_name = "konsultacijos/question_form.html"
    allowed = staticmethod(services.may_ask)
    form_width = "col-lg-8"

    def form_valid(self, form):
        question = form.save(commit=False)
        services.ask_question(question, by=self.request.user)
        messages.success(self.request, _(
            "Your question has been sent to the department. You will get the answer by "
            "e-mail, and you can read it on this page."))
        return redirect(question)


# --- staff actions ---------------------------------------------------------------------------

@require_POST
def question_assign(request, pk):
    """Assign to a staff member (the one-click "assign to me" posts the user's own id)."""
    question = _question(request, pk)
    _staff_only(request)
    form = AssignForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, question, assign_form=form, status=400)
    to = form.cleaned_data["assigned_to"]
    try:
        question = services.assign_question(question, to=to, by=request.user,
                                            seen_version=form.cleaned_data["version"])
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(question)
    if to.pk == request.user.pk:
        messages.success(request, _("The question is now assigned to you."))
    else:
        messages.success(request, _("The question is now assigned to %(name)s, who has been "
                                    "told by e-mail.") % {"name": to})
    return redirect(question)


@require_POST
def question_answer(request, pk):
    """Answer: the asker gets it by e-mail and it becomes a consultation record. An answer
    to a question someone else changed (answered, reassigned, withdrawn) after the page was
    opened is refused; the typed answer stays on the page."""
    question = _question(request, pk)
    _staff_only(request)
    form = AnswerForm(request.POST, question=question)
    if not form.is_valid():
        return _render_detail(request, question, answer_form=form, status=400)
    data = form.cleaned_data
    try:
        question = services.answer_question(
            question, by=request.user, answer=data["answer"], topic=data["topic"],
            minutes=data["minutes"], seen_version=data["version"])
    except services.Refused as refusal:
        current = _question(request, pk)
        if hasattr(refusal, "error_dict"):
            for name, errors in refusal.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return _render_detail(request, current, answer_form=form, status=400)
        message = " ".join(refusal.messages)
        if not current.is_open:
            messages.error(request, message)
            return _render_detail(request, current, rejected_answer=data["answer"],
                                  status=409)
        # still open (reassigned meanwhile): the typed answer stays; saving again is
        # a deliberate answer to the question as it is now
        fresh = request.POST.copy()
        fresh["version"] = current.version
        form = AnswerForm(fresh, question=current)
        form.is_valid()
        form.add_error(None, message)
        return _render_detail(request, current, answer_form=form, status=409)
    logger.info("question %s answered through the portal by user %s", question.pk,
                request.user.pk)
    messages.success(request, _("The answer has been saved and e-mailed to %(name)s; it "
                                "is counted as a consultation.") % {"name": question.asked_by})
    return redirect(question)


# --- the asker's actions ---------------------------------------------------------------------

@require_POST
def question_withdraw(request, pk):
    """The asker (or the library's director) withdraws an open question."""
    question = _question(request, pk)
    user = request.user
    if not question.is_open:
        if (question.asked_by_id != user.pk
                and question.library_id not in director_library_ids(user)):
            raise PermissionDenied
        messages.error(request, _("This question is no longer open."))
        return redirect(question)
    try:
        question = services.withdraw_question(question, by=user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(question)
    messages.success(request, _("The question has been withdrawn."))
    return redirect(question)


@require_GET
def question_attachment(request, pk):
    question = _question(request, pk)
    attachment = question.attachment
    if not attachment or not attachment.storage.exists(attachment.name):
        raise Http404
    name = safe_filename(PurePath(attachment.name).name, fallback="klausimas")
    content_type = ATTACHMENT_TYPES.get(extension(name), "application/octet-stream")
    response = FileResponse(attachment.open("rb"), content_type=content_type,
                            as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    logger.info("question %s: attachment downloaded by user %s", question.pk, request.user.pk)
    return _private(response)
