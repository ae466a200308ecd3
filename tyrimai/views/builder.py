"""The questionnaire builder: the questionnaire's page (sections and questions in order,
with their options and conditions), and staff's steps on it — add, rename, delete and move
sections; add, edit, delete and move questions (one place up or down: buttons, no
dragging, so a keyboard does it all).

Every object is found through its study (``Study.objects.visible_to``: another study's
section in the path is a 404); management reads, only staff write (403). Once the study
has answers only texts may change (``services_builder``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from portalas.views import ScopedDetailView
from tyrimai import services, services_builder
from tyrimai.forms_builder import QuestionForm, SectionForm, option_formset
from tyrimai.models import LANGUAGES, Option, Question, Section, Study
from tyrimai.views.studies import optional_url


def _study(request, pk, *, edit: bool = False) -> Study:
    study = get_object_or_404(Study.objects.visible_to(request.user), pk=pk)
    if edit and not services.may_edit(request.user):
        raise PermissionDenied
    return study


def _back(study: Study, anchor: str = "") -> str:
    return reverse("tyrimai:questionnaire", args=[study.pk]) + (f"#{anchor}" if anchor else "")


def _refused(request, refusal) -> None:
    messages.error(request, " ".join(refusal.messages))


# --- the questionnaire's page -----------------------------------------------------------------

class QuestionnaireView(ScopedDetailView):
    model = Study
    allowed = staticmethod(services.may_read_studies)
    template_name = "tyrimai/builder.html"
    context_object_name = "study"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        study = self.object
        questions = (Question.objects.filter(study=study).select_related("show_if")
                     .prefetch_related(Prefetch("options", Option.objects.order_by(
                         "row", "order", "pk"))).order_by("order", "pk"))
        sections = list(study.sections.prefetch_related(Prefetch("questions", questions)))
        languages = study.all_languages
        can_edit = services.may_edit(self.request.user)
        for section in sections:
            section.form = SectionForm(languages=languages, section=section,
                                       prefix=f"s{section.pk}") if can_edit else None
            for question in section.questions.all():
                question.columns = [o for o in question.options.all() if not o.row]
                question.rows = [o for o in question.options.all() if o.row]
        context.update({
            "sections": sections, "can_edit": can_edit,
            "locked": study.questionnaire_locked,
            "new_section_form": SectionForm(languages=languages, prefix="new")
            if can_edit else None,
            "language_names": [name for code, name in LANGUAGES if code in languages],
            "results_url": optional_url("tyrimai:results", study.pk),
        })
        return context


# --- sections ---------------------------------------------------------------------------------

def _section(study: Study, section_id) -> Section:
    return get_object_or_404(Section.objects.filter(study=study), pk=section_id)


@require_POST
def section_create(request, pk):
    study = _study(request, pk, edit=True)
    form = SectionForm(request.POST, languages=study.all_languages, prefix="new")
    if not form.is_valid():
        messages.error(request, _("Write the section's title in Lithuanian."))
        return redirect(_back(study))
    try:
        section = services_builder.add_section(study=study, title=form.title(),
                                               by=request.user)
    except services.Refused as refusal:
        _refused(request, refusal)
        return redirect(_back(study))
    messages.success(request, _("The section has been added."))
    return redirect(_back(study, f"section-{section.pk}"))


@require_POST
def section_update(request, pk, section):
    study = _study(request, pk, edit=True)
    section = _section(study, section)
    form = SectionForm(request.POST, languages=study.all_languages, section=section,
                       prefix=f"s{section.pk}")
    if not form.is_valid():
        messages.error(request, _("Write the section's title in Lithuanian."))
    else:
        services_builder.update_section(section, title=form.title(), by=request.user)
        messages.success(request, _("The section's title has been saved."))
    return redirect(_back(study, f"section-{section.pk}"))


@require_POST
def section_delete(request, pk, section):
    study = _study(request, pk, edit=True)
    section = _section(study, section)
    try:
        services_builder.delete_section(section, by=request.user)
    except services.Refused as refusal:
        _refused(request, refusal)
        return redirect(_back(study, f"section-{section.pk}"))
    messages.success(request, _("The section and its questions have been deleted."))
    return redirect(_back(study))


@require_POST
def section_move(request, pk, section):
    study = _study(request, pk, edit=True)
    section = _section(study, section)
    try:
        services_builder.move_section(section, up=request.POST.get("direction") == "up",
                                      by=request.user)
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect(_back(study, f"section-{section.pk}"))


# --- questions --------------------------------------------------------------------------------

def _question(study: Study, question_id) -> Question:
    return get_object_or_404(Question.objects.filter(study=study).select_related("section"),
                             pk=question_id)


class QuestionEditView(View):
    """A new question in a section (``section`` in the path) or an existing one
    (``question``): its fields and its options as rows. Management may look (read-only);
    staff save."""

    template_name = "tyrimai/builder_question.html"

    def setup_objects(self, request, pk, section=None, question=None):
        self.study = _study(request, pk)
        if question is not None:
            self.question = _question(self.study, question)
            self.section = self.question.section
        else:
            self.section = _section(self.study, section)
            self.question = Question(study=self.study, section=self.section)
        self.can_edit = services.may_edit(request.user)
        self.locked = self.study.questionnaire_locked
        self.languages = self.study.all_languages
        self.earlier = services_builder.earlier_questions(self.question, self.study,
                                                          self.section)

    def forms(self, data=None):
        locked = self.locked and self.question.pk is not None
        form = QuestionForm(data, question=self.question, languages=self.languages,
                            earlier=self.earlier, locked=locked)
        formset = option_formset(data, question=self.question, languages=self.languages,
                                 locked=locked)
        return form, formset

    def render_page(self, form, formset, status: int = 200):
        return render(self.request, self.template_name, {
            "study": self.study, "section": self.section, "question": self.question,
            "form": form, "formset": formset, "can_edit": self.can_edit,
            "locked": self.locked, "is_new": self.question.pk is None,
            "earlier": self.earlier, "back_url": _back(self.study, (
                f"question-{self.question.pk}" if self.question.pk
                else f"section-{self.section.pk}")),
        }, status=status)

    def get(self, request, pk, section=None, question=None):
        self.setup_objects(request, pk, section, question)
        if self.question.pk is None and not self.can_edit:
            raise PermissionDenied
        if self.question.pk is None and self.locked:
            messages.error(request, _("The study already has answers: only the texts of "
                                      "its questionnaire may change."))
            return redirect(_back(self.study))
        return self.render_page(*self.forms())

    def post(self, request, pk, section=None, question=None):
        self.setup_objects(request, pk, section, question)
        if not self.can_edit:
            raise PermissionDenied
        form, formset = self.forms(request.POST)
        valid = [form.is_valid(), formset.is_valid()]
        if not all(valid):
            return self.render_page(form, formset, status=400)
        question = form.apply(self.question)
        try:
            question = services_builder.save_question(question, options=formset.options(),
                                                      by=request.user)
        except services.Refused as refusal:
            self._errors_on(form, refusal)
            return self.render_page(form, formset, status=400)
        messages.success(request, _("Question %(code)s has been saved.") % {
            "code": question.code})
        return redirect(_back(self.study, f"question-{question.pk}"))

    @staticmethod
    def _errors_on(form, refusal) -> None:
        if hasattr(refusal, "error_dict"):
            for name, errors in refusal.error_dict.items():
                form.add_error(name if name in form.fields else None,
                               [m for error in errors for m in error.messages])
        else:
            form.add_error(None, refusal.messages)


@require_POST
def question_delete(request, pk, question):
    study = _study(request, pk, edit=True)
    question = _question(study, question)
    try:
        services_builder.delete_question(question, by=request.user)
    except services.Refused as refusal:
        _refused(request, refusal)
        return redirect(_back(study, f"question-{question.pk}"))
    messages.success(request, _("Question %(code)s has been deleted.") % {
        "code": question.code})
    return redirect(_back(study, f"section-{question.section_id}"))


@require_POST
def question_move(request, pk, question):
    study = _study(request, pk, edit=True)
    question = _question(study, question)
    try:
        services_builder.move_question(question, up=request.POST.get("direction") == "up",
                                       by=request.user)
    except services.Refused as refusal:
        _refused(request, refusal)
    return redirect(_back(study, f"question-{question.pk}"))
