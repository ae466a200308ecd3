"""Studies: the list (staff and management), a new study (empty, from a shipped
questionnaire or as the next round of an earlier one), its page (facts, status, the
participating libraries with their answers), editing its facts (safe against two editors),
its history, the participating libraries with their public links, QR codes and posters,
and a librarian's own hub ("my studies").

A study comes from ``Study.objects.visible_to`` (the whole-territory roles; anyone else a
404); writes are staff's (``services.may_edit``, else 403). A librarian reaches a study
only through their library's participation (``Participation.objects.visible_to``)."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bibliotekos.scoping import visible_library_ids
from portalas.ordering import sorted_lt
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)
from tyrimai import services, services_builder
from tyrimai.filters_studies import StudyFilter
from tyrimai.forms_studies import ParticipantsForm, StudyCreateForm, StudyForm
from tyrimai.models import LANGUAGES, Participation, Response, Study, StudyStatus
from tyrimai.reports_poster import public_link, qr_svg

# --- helpers ------------------------------------------------------------------------------------


def optional_url(name: str, *args) -> str:
    """A link to a page another part of the app provides; empty while it is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _count(model, link: str, **where):
    """A count per row as a subquery (two counts as joins would multiply each other)."""
    rows = (model.objects.filter(**{link: OuterRef("pk")}, **where).order_by()
            .values(link).annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _study(request, pk, *, edit: bool = False) -> Study:
    """The study within the user's scope (404), then, for a write, staff only (403)."""
    study = get_object_or_404(Study.objects.visible_to(request.user), pk=pk)
    if edit and not services.may_edit(request.user):
        raise PermissionDenied
    return study


STATUS_ACTIONS = {
    StudyStatus.DRAFT: [(StudyStatus.OPEN, gettext_lazy("Open for answers"), "btn-primary")],
    StudyStatus.OPEN: [(StudyStatus.CLOSED, gettext_lazy("Close the study"),
                        "btn-outline-danger")],
    StudyStatus.CLOSED: [(StudyStatus.OPEN, gettext_lazy("Open again"),
                          "btn-outline-primary")],
}


# --- the list -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PeriodColumn(Column):
    def value(self, obj):
        return f"{obj.opens_on:%Y-%m-%d} – {obj.closes_on:%Y-%m-%d}"


class StudyListView(ScopedListView):
    model = Study
    filterset_class = StudyFilter
    allowed = staticmethod(services.may_read_studies)
    title = gettext_lazy("Studies")
    description = gettext_lazy("User-needs studies the territory's libraries run with their "
                               "readers: the questionnaire, the libraries, the answers.")
    export_name = "tyrimai"
    actions_template = "tyrimai/study_list_actions.html"
    empty_text = gettext_lazy("No studies match the filter.")
    default_sort = ""
    columns = [
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("status", gettext_lazy("Status"), sort="status", text=False),
        PeriodColumn("period", gettext_lazy("Answers collected"), sort="opens_on", text=False),
        Column("library_count", gettext_lazy("Libraries"), sort="library_count", text=False,
               numeric=True),
        Column("response_count", gettext_lazy("Answers"), sort="response_count", text=False,
               numeric=True),
    ]

    def refine(self, queryset):
        return queryset.annotate(
            library_count=_count(Participation, "study", active=True),
            response_count=_count(Response, "study", excluded=False))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = services.may_edit(self.request.user)
        return context


# --- a new study, its facts -------------------------------------------------------------------


class StudyFormMixin:
    model = Study
    template_name = "tyrimai/study_form.html"
    allowed = staticmethod(services.may_edit)
    list_url_name = "tyrimai:study_list"
    list_title = gettext_lazy("Studies")
    create_title = gettext_lazy("New study")
    form_width = "col-lg-9"


class StudyCreateView(StudyFormMixin, ScopedCreateView):
    form_class = StudyCreateForm

    def get_initial(self):
        today = timezone.localdate()
        initial = super().get_initial()
        initial.update({"opens_on": today, "closes_on": today + timedelta(days=30)})
        wanted = self.request.GET.get("copy", "")
        if wanted.isdigit():
            initial.update({"start": "copy", "copy_of": int(wanted)})
        return initial

    def form_valid(self, form):
        study = form.save(commit=False)
        try:
            study = services_builder.create_study(
                study=study, by=self.request.user, template=form.template_key(),
                copy_of=form.copy_source())
        except services.Refused as refusal:
            form.add_error(None, refusal.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The study has been created. Choose the "
                                         "participating libraries and check the "
                                         "questionnaire."))
        return redirect(study)


class StudyUpdateView(VersionedUpdateMixin, StudyFormMixin, ScopedUpdateView):
    """The study's facts. The version the form was opened with travels in a hidden field;
    a save after someone else's is refused and the typed values stay on the page."""

    form_class = StudyForm
    success_message = gettext_lazy("The study has been saved.")

    def form_valid(self, form):
        study = form.save(commit=False)
        try:
            study = services_builder.update_study(study, by=self.request.user,
                                                  seen_version=self.seen_version())
        except services.Refused as refusal:
            if refusal.code != "stale":
                form.add_error(None, refusal.messages)
                return self.form_invalid(form)
            return self.stale(form, Study.objects.get(pk=self.object.pk))
        messages.success(self.request, str(self.success_message))
        return redirect(study)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["history_url"] = reverse("tyrimai:study_history", args=[self.object.pk])
        return context


class StudyHistoryView(ScopedHistoryView):
    model = Study
    allowed = staticmethod(services.may_read_studies)


# --- one study ----------------------------------------------------------------------------------

def participations_with_counts(study: Study) -> list[Participation]:
    """The study's libraries (Lithuanian order) with their counted and excluded answers."""
    rows = (study.participations.select_related("library__municipality")
            .annotate(counted=Count("responses", filter=Q(responses__excluded=False)),
                      excluded=Count("responses", filter=Q(responses__excluded=True))))
    return sorted_lt(rows, key=lambda p: p.library.name)


class StudyDetailView(ScopedDetailView):
    model = Study
    allowed = staticmethod(services.may_read_studies)
    template_name = "tyrimai/study_detail.html"
    context_object_name = "study"

    def refine(self, queryset):
        return queryset.select_related("previous", "key_question", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        study = self.object
        participations = participations_with_counts(study)
        counts = study.questions.aggregate(questions=Count("pk"),
                                           sections=Count("section", distinct=True))
        can_edit = services.may_edit(self.request.user)
        context.update({
            "participations": participations,
            "active_count": sum(1 for p in participations if p.active),
            "answer_count": sum(p.counted for p in participations),
            "excluded_count": sum(p.excluded for p in participations),
            "question_count": counts["questions"], "section_count": counts["sections"],
            "can_edit": can_edit,
            "status_actions": STATUS_ACTIONS.get(study.status, []) if can_edit else [],
            "accepts_answers": study.accepts_answers(),
            "languages": [name for code, name in LANGUAGES if code in
                          study.all_languages],
            "results_url": optional_url("tyrimai:results", study.pk),
            "preview_url": optional_url("tyrimai:answer_preview", study.pk),
            "bursts_url": optional_url("tyrimai:bursts", study.pk) if can_edit else "",
            "next_round_url": (reverse("tyrimai:study_create") + f"?copy={study.pk}"
                               if can_edit else ""),
        })
        return context


@require_POST
def study_status(request, pk):
    """Open, close or open again (staff). Opening a draft tells the participating
    libraries' directors their link (after the commit)."""
    study = _study(request, pk, edit=True)
    wanted = request.POST.get("to", "")
    if wanted not in StudyStatus.values:
        messages.error(request, _("Unknown status."))
        return redirect(study)
    try:
        study = services.set_status(study=study, to=wanted, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(study)
    messages.success(request, _("The study's status is now: %(status)s.") % {
        "status": study.get_status_display()})
    return redirect(study)


# --- participating libraries --------------------------------------------------------------------

def with_links(participations) -> list[Participation]:
    """Each participation with its absolute public link and its QR code (inline SVG)."""
    for participation in participations:
        participation.link = public_link(participation)
        participation.qr = qr_svg(participation.link)
    return participations


def _grouped(form: ParticipantsForm) -> list[dict]:
    """The library checkboxes by municipality (Lithuanian order), for the page."""
    groups: dict = {}
    for checkbox in form["libraries"]:
        library = getattr(checkbox.data["value"], "instance", None)
        name = library.municipality.name if library and library.municipality else _("Other")
        groups.setdefault(name, []).append(checkbox)
    return [{"name": name, "checkboxes": groups[name]} for name in sorted_lt(groups)]


class ParticipantsView(ScopedDetailView):
    """The participating libraries with their links, QR codes and posters (staff and
    management); staff tick the libraries (or whole municipalities) here."""

    model = Study
    allowed = staticmethod(services.may_read_studies)
    template_name = "tyrimai/study_participants.html"
    context_object_name = "study"

    def render_page(self, form, status: int = 200):
        study = self.object
        participations = with_links(participations_with_counts(study))
        return render(self.request, self.template_name, {
            "study": study, "object": study, "form": form, "groups": _grouped(form),
            "participations": participations,
            "can_edit": services.may_edit(self.request.user),
            "results_url": optional_url("tyrimai:results", study.pk),
        }, status=status)

    def get(self, request, *args, **kwargs):
        study = self.scoped_object()
        return self.render_page(ParticipantsForm(study=study))

    def post(self, request, *args, **kwargs):
        study = self.scoped_object()
        if not services.may_edit(request.user):
            raise PermissionDenied
        form = ParticipantsForm(request.POST, study=study)
        if not form.is_valid():
            return self.render_page(form, status=400)
        try:
            services.set_participants(study=study, libraries=form.chosen(), by=request.user)
        except services.Refused as refusal:
            form.add_error(None, refusal.messages)
            return self.render_page(form, status=400)
        messages.success(request, _("The participating libraries have been saved."))
        return redirect("tyrimai:study_participants", study.pk)


# --- a librarian's hub --------------------------------------------------------------------------

def my_studies(request):
    """The studies the user's libraries take part in (collecting answers or closed), each
    with its public link, QR code, poster, paper entry, kiosk and results."""
    participations = list(
        Participation.objects.visible_to(request.user)
        .filter(library_id__in=visible_library_ids(request.user),
                study__status__in=[StudyStatus.OPEN, StudyStatus.CLOSED])
        .select_related("study", "library").order_by("-study__opens_on", "study_id"))
    today = timezone.localdate()
    for participation in with_links(participations):
        study = participation.study
        participation.collecting = participation.active and study.accepts_answers(today)
        participation.paper_url = (optional_url("tyrimai:paper_entry", participation.pk)
                                   if participation.collecting else "")
        participation.kiosk_url = (optional_url("tyrimai:kiosk_start", participation.pk)
                                   if participation.collecting else "")
        participation.results_url = optional_url("tyrimai:results", study.pk)
    return render(request, "tyrimai/my_studies.html", {
        "groups": [{"key": status, "items": [p for p in participations
                                             if p.study.status == status]}
                   for status in (StudyStatus.OPEN, StudyStatus.CLOSED)],
        "studies_url": (reverse("tyrimai:study_list")
                        if services.may_read_studies(request.user) else ""),
    })
