"""Consultation records: the list (filters, totals, export), the quick entry, the record's
page with its attachments, editing (safe against two editors), the history and the staff's
actions (follow-up done, delete, attachments).

Who: staff and management read every record, a library's director those of their library
and its outlets (``Consultation.objects.visible_to``); only staff write
(``services.may_log``). Another library's record is a 404, a page closed to the role a
403."""

import logging
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bibliotekos.models import Library
from konsultacijos import services
from konsultacijos.filters_consultations import ConsultationFilter
from konsultacijos.forms_consultations import (
    AttachmentForm,
    ConsultationForm,
    QuickEntryForm,
    library_label,
)
from konsultacijos.models import Channel, Consultation, ConsultationAttachment, Topic
from portalas.forms import ISO_DATE
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)
from projektai.forms_sections import DOCUMENT_TYPES, extension, safe_filename

logger = logging.getLogger("regionas.consultations")

LIST_RELATED = ("library", "topic", "staff_member", "person")
EXPORT_RELATED = (*LIST_RELATED, "library__municipality", "project", "event")
DETAIL_RELATED = ("library__municipality", "person", "topic", "staff_member", "project",
                  "event", "created_by", "source_question")


# --- the list ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value a function computes from the row (exported alike)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def _done_on(consultation) -> date | None:
    done = consultation.follow_up_done_at
    return timezone.localtime(done).date() if done else None


def _name(value) -> str:
    return str(value) if value else ""


COLUMNS = [
    Column("held_on", gettext_lazy("Date"), sort="held_on", text=False),
    Column("library.code", gettext_lazy("Library code")),
    Column("library.name", gettext_lazy("Library"), sort="library__name"),
    ComputedColumn("municipality", gettext_lazy("Municipality"),
                   compute=lambda c: _name(c.library.municipality)),
    Column("topic.name", gettext_lazy("Topic"), sort="topic__name"),
    Column("channel", gettext_lazy("Channel"), sort="channel", text=False),
    ComputedColumn("consulted", gettext_lazy("Person consulted"), compute=lambda c: c.consulted),
    Column("question", gettext_lazy("Question")),
    Column("answer", pgettext_lazy("the text of an answer", "Answer")),
    Column("minutes", gettext_lazy("Minutes"), sort="minutes", text=False, numeric=True),
    ComputedColumn("hours", gettext_lazy("Hours"), numeric=True, compute=lambda c: c.hours),
    Column("staff_member.full_name", gettext_lazy("Consulted by"),
           sort="staff_member__full_name"),
    Column("follow_up", gettext_lazy("Follow-up")),
    Column("follow_up_due", gettext_lazy("Follow-up due"), text=False),
    ComputedColumn("follow_up_done", gettext_lazy("Follow-up done"), compute=_done_on),
    ComputedColumn("project", gettext_lazy("Project"), compute=lambda c: _name(c.project)),
    ComputedColumn("event", gettext_lazy("Training event"), compute=lambda c: _name(c.event)),
]


# The page shows these (the kit computes every column's cell of every row it shows); the
# export has them all.
SORTABLE = [column for column in COLUMNS if column.sort]


def totals(queryset) -> dict:
    """How many consultations and how many hours (one query)."""
    found = queryset.order_by().aggregate(count=Count("pk"), minutes=Sum("minutes"))
    minutes = found["minutes"] or 0
    return {"count": found["count"], "minutes": minutes,
            "hours": (Decimal(minutes) / 60).quantize(Decimal("0.01"))}


class ConsultationListView(ScopedListView):
    model = Consultation
    allowed = staticmethod(services.may_read_records)
    filterset_class = ConsultationFilter
    template_name = "konsultacijos/consultation_list.html"
    results_template = "konsultacijos/_consultation_results.html"
    actions_template = "konsultacijos/_consultation_list_actions.html"
    title = gettext_lazy("Consultations")
    description = gettext_lazy("Advice the department gives the territory's libraries: by "
                               "phone, by e-mail, on site, online.")
    empty_text = gettext_lazy("No consultations match the filter.")
    export_name = "konsultacijos"
    default_sort = "-held_on"
    paginate_by = 50
    columns = SORTABLE

    def refine(self, queryset):
        if self.request.GET.get("export"):
            return queryset.select_related(*EXPORT_RELATED)
        return queryset.select_related(*LIST_RELATED)

    def export(self, fmt: str):
        self.columns = COLUMNS
        return super().export(fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = self.filterset.qs if self.filterset is not None else self.scoped_queryset()
        context.update({"totals": totals(filtered), "today": timezone.localdate(),
                        "can_log": services.may_log(self.request.user)})
        return context


# --- creating and editing ---------------------------------------------------------------------

def _form_errors(form, refusal) -> None:
    """A service's refusal as the form's errors (on the field it names, if the form has it)."""
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _sticky_date(text: str) -> date | None:
    match = ISO_DATE.fullmatch(text or "")
    if not match:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
    return day if day <= timezone.localdate() else None


class ConsultationFormMixin:
    model = Consultation
    template_name = "konsultacijos/consultation_form.html"
    list_url_name = "konsultacijos:consultation_list"
    list_title = gettext_lazy("Consultations")
    create_title = gettext_lazy("Log a consultation")
    form_width = "col-12"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["person_url"] = self.request.path
        return kwargs

    def get(self, request, *args, **kwargs):
        if getattr(request, "htmx", False) and request.htmx.trigger_name == "library":
            return self.person_field()
        return super().get(request, *args, **kwargs)

    def person_field(self):
        """The people of the library just typed (htmx swaps the person's select)."""
        instance = self.object if getattr(self, "object", None) is not None else None
        form_class = self.get_form_class()
        form = form_class(user=self.request.user, instance=instance,
                          initial={"library": self.request.GET.get("library", "")})
        return render(self.request, "konsultacijos/_consultation_person.html",
                      {"form": form})


class ConsultationCreateView(ConsultationFormMixin, ScopedCreateView):
    """The quick entry: one short form, defaults from the user's last record, "save and log
    another" keeps the date, the channel and the topic."""

    form_class = QuickEntryForm
    allowed = staticmethod(services.may_log)

    def get_initial(self):
        params, user = self.request.GET, self.request.user
        channel = services.last_channel(user)
        if channel == Channel.PORTAL:  # the record of an answered question, not typed here
            channel = Channel.PHONE
        initial = {"held_on": timezone.localdate(), "channel": channel, "minutes": 15}
        if _sticky_date(params.get("date", "")):
            initial["held_on"] = _sticky_date(params["date"])
        if params.get("channel") in {value for value, _label in Channel.choices} - {
                Channel.PORTAL}:
            initial["channel"] = params["channel"]
        topic = params.get("topic", "")
        if topic.isdigit() and Topic.objects.filter(pk=topic, active=True).exists():
            initial["topic"] = int(topic)
        library = params.get("library", "").strip()
        if library:
            found = Library.objects.visible_to(user).open_now().filter(code=library).first()
            if found is None and library.isdigit():
                found = Library.objects.visible_to(user).open_now().filter(pk=library).first()
            if found is not None:
                initial["library"] = library_label(found)
        return initial

    def form_valid(self, form):
        user = self.request.user
        consultation = form.save(commit=False)
        upload = form.cleaned_data.get("attachment")
        try:
            with transaction.atomic():
                consultation = services.log_consultation(consultation, by=user)
                if upload:
                    services.add_attachment(consultation, upload=upload, by=user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
            return self.form_invalid(form)
        self.object = consultation
        if self.request.POST.get("then") == "another":
            messages.success(self.request, format_html(
                '{} <a href="{}" class="alert-link">{}</a>',
                _("The consultation with %(library)s has been saved.") % {
                    "library": consultation.library.name},
                consultation.get_absolute_url(), _("Open the record")))
            query = urlencode({"date": f"{consultation.held_on:%Y-%m-%d}",
                               "channel": consultation.channel,
                               "topic": consultation.topic_id})
            return redirect(f"{reverse('konsultacijos:consultation_create')}?{query}")
        messages.success(self.request, _("The consultation has been saved."))
        return redirect(consultation)


class ConsultationUpdateView(VersionedUpdateMixin, ConsultationFormMixin, ScopedUpdateView):
    """Edit a record (staff). The version the form was opened with travels in a hidden
    field; a save after someone else's is refused and the typed values stay on the page."""

    form_class = ConsultationForm
    allowed = staticmethod(services.may_log)
    success_message = gettext_lazy("The consultation has been saved.")
    stale_message = gettext_lazy(
        "%(name)s saved this consultation after you opened it, so your changes have "
        "not been saved. They are still below: compare them with the record (open "
        "it in another tab), then save again to keep yours.")

    def get(self, request, *args, **kwargs):
        if getattr(request, "htmx", False) and request.htmx.trigger_name == "library":
            self.scoped_object()
            return self.person_field()
        return super().get(request, *args, **kwargs)

    def refine(self, queryset):
        return queryset.select_related("library", "topic", "person", "staff_member")

    def form_valid(self, form):
        consultation = form.save(commit=False)
        try:
            services.update_consultation(consultation, by=self.request.user,
                                         seen_version=self.seen_version())
        except services.Refused as refusal:
            if getattr(refusal, "code", "") != "stale":
                _form_errors(form, refusal)
                return self.form_invalid(form)
            return self.stale(form, Consultation.objects.get(pk=self.object.pk))
        messages.success(self.request, str(self.success_message))
        return redirect(consultation)


# --- one record ---------------------------------------------------------------------------------

class ConsultationDetailView(ScopedDetailView):
    model = Consultation
    allowed = staticmethod(services.may_read_records)
    template_name = "konsultacijos/consultation_detail.html"
    context_object_name = "consultation"

    def refine(self, queryset):
        return queryset.select_related(*DETAIL_RELATED).prefetch_related(
            "attachments__uploaded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        consultation = self.object
        try:
            question = consultation.source_question
        except Consultation.source_question.RelatedObjectDoesNotExist:
            question = None
        context.update({
            "can_log": services.may_log(self.request.user),
            "attachments": list(consultation.attachments.all()),
            "attachment_form": AttachmentForm(),
            "question": question,
            "today": timezone.localdate(),
        })
        return context


class ConsultationHistoryView(ScopedHistoryView):
    """Who changed what: everyone who may read the record."""

    model = Consultation
    allowed = staticmethod(services.may_read_records)
    template_name = "konsultacijos/consultation_history.html"


# --- actions --------------------------------------------------------------------------------------

def _consultation(request, pk) -> Consultation:
    return get_object_or_404(Consultation.objects.visible_to(request.user), pk=pk)


def _staff_only(request) -> None:
    if not services.may_log(request.user):
        raise PermissionDenied


def _next(request) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return ""


@require_POST
def consultation_delete(request, pk):
    """A record logged by mistake: staff delete it (and its attachments' files)."""
    consultation = _consultation(request, pk)
    _staff_only(request)
    files = [(a.file.storage, a.file.name) for a in consultation.attachments.all() if a.file]
    label = str(consultation)
    with transaction.atomic():
        services.delete_consultation(consultation, by=request.user)
        for storage, name in files:
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    messages.success(request, _("The consultation “%(record)s” has been deleted.")
                     % {"record": label})
    return redirect("konsultacijos:consultation_list")


@require_POST
def consultation_follow_up_done(request, pk):
    consultation = _consultation(request, pk)
    _staff_only(request)
    try:
        services.complete_follow_up(consultation, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The follow-up has been marked done."))
    return redirect(_next(request) or consultation.get_absolute_url())


@require_POST
def attachment_add(request, pk):
    consultation = _consultation(request, pk)
    _staff_only(request)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attachment = services.add_attachment(consultation, upload=form.cleaned_data["file"],
                                             by=request.user)
        messages.success(request, _("“%(name)s” has been attached.")
                         % {"name": attachment.name})
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("file", [])))
    return redirect(consultation.get_absolute_url() + "#attachments")


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def attachment_download(request, pk):
    attachment = get_object_or_404(ConsultationAttachment.objects.visible_to(request.user),
                                   pk=pk)
    if not attachment.file or not attachment.file.storage.exists(attachment.file.name):
        raise Http404
    name = safe_filename(attachment.name or attachment.file.name, fallback="prisegtukas")
    content_type = DOCUMENT_TYPES.get(extension(name), "application/octet-stream")
    response = FileResponse(attachment.file.open("rb"), content_type=content_type,
                            as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    logger.info("consultation attachment %s downloaded by user %s", attachment.pk,
                request.user.pk)
    return _private(response)


@require_POST
def attachment_delete(request, pk):
    attachment = get_object_or_404(ConsultationAttachment.objects.visible_to(request.user)
                                   .select_related("consultation"), pk=pk)
    _staff_only(request)
    consultation, name = attachment.consultation, attachment.name
    services.remove_attachment(attachment, by=request.user)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": name})
    return redirect(consultation.get_absolute_url() + "#attachments")
