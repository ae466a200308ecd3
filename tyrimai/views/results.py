"""The results of a study: every question's counts, percentages, means with their 95 %
intervals and charts, for the territory, a municipality or a library (``?vieta=``), only
the respondents who answered something (``?f=Q6:18-29``), by the answers to another
question (``?pagal=Q1``), beside the previous round's. Every number comes from
``tyrimai.selectors``, where fewer than five answers are never shown.

A librarian sees their library's results and the territory's totals; a scope not offered
to the user is a 404, as is a study they do not take part in."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ataskaitos.charts import svg
from ataskaitos.document import Chart
from tyrimai import selectors, services
from tyrimai.forms_results import ConditionForm
from tyrimai.models import Question, Study, pick


def _short(text: str, limit: int = 14) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


@dataclass
class Selection:
    """What the address asks for, checked against what the user may see."""

    study: Study
    scopes: list
    scope: selectors.Scope
    questions: list[Question]
    conditions: list = field(default_factory=list)
    crossing: Question | None = None

    @property
    def responses(self):
        return selectors.filtered(self.scope.narrow(selectors.counted(self.study)),
                                  self.conditions)

    def params(self, **changes) -> dict:
        """The query parameters of this selection, some replaced (None drops one)."""
        params = {"vieta": self.scope.key,
                  "f": [selectors.condition_value(q, codes) for q, codes in self.conditions],
                  "pagal": self.crossing.code if self.crossing else None}
        params.update(changes)
        return {key: value for key, value in params.items() if value not in (None, "", [])}

    def query(self, **changes) -> str:
        return urlencode(self.params(**changes), doseq=True)

    def url(self, name: str, *args, **changes) -> str:
        return f"{reverse(name, args=[self.study.pk, *args])}?{self.query(**changes)}"


def study_for(user, pk: int) -> Study:
    """A study whose results the user may open (another's: 404)."""
    return get_object_or_404(services.studies_with_results_for(user)
                             .select_related("previous", "key_question"), pk=pk)


def selection_for(request, pk: int) -> Selection:
    """The study, the scope, the filters and the cross-tab the request names; anything
    not offered to the user (another library's scope, a question that does not exist) is
    a 404."""
    study = study_for(request.user, pk)
    scopes = selectors.scopes_for(request.user, study)
    scope = selectors.chosen_scope(scopes, request.GET.get("vieta"), request.user)
    if scope is None:
        raise Http404("scope not offered")
    questions = selectors.study_questions(study)
    try:
        conditions = selectors.parse_conditions(questions, request.GET.getlist("f"))
    except selectors.BadCondition:
        raise Http404("no such filter") from None
    crossing = None
    if request.GET.get("pagal"):
        crossing = next((q for q in selectors.crosstab_questions_of(questions)
                         if q.code == request.GET["pagal"]), None)
        if crossing is None:
            raise Http404("no such question to cross by")
    return Selection(study, scopes, scope, questions, conditions, crossing)


def chart_of(result: selectors.Result) -> str | None:
    """A bar chart of a choice, Likert or 0–10 question's counts (hidden cells left
    out); None when nothing is shown."""
    if result.hidden or not any(cell.count for cell in result.cells):
        return None
    question = result.question
    return mark_safe(svg(Chart(  # noqa: S308 - svg() escapes every text it writes
        title=_short(f"{question.code}. {pick(question.text)}", 70),
        categories=[_short(cell.label) for cell in result.cells],
        series=[(_("Answers"), [cell.count for cell in result.cells])], kind="bar")))


def item_for(selection: Selection, result: selectors.Result, previous=None,
             crosstab=None) -> dict:
    """One question's block of the page: its result, chart, the previous round's, the
    cross-tab and the addresses of its own page, its open answers and its filters."""
    question = result.question
    filterable = question.kind in selectors.FILTER_KINDS and not any(
        q.pk == question.pk for q, _codes in selection.conditions)
    before = {}
    if previous is not None and not previous.hidden:
        before = {cell.code: cell for cell in previous.cells}
    cells = [{"cell": cell, "before": before.get(cell.code),
              "filter_url": (selection.url("tyrimai:results", f=[
                  *selection.params().get("f", []), f"{question.code}:{cell.code}"])
                  if filterable and cell.count else "")} for cell in result.cells]
    return {
        "result": result, "question": question, "text": pick(question.text), "cells": cells,
        "chart": chart_of(result), "previous": previous, "crosstab": crosstab,
        "url": selection.url("tyrimai:results_question", question.code),
        "open_url": (selection.url("tyrimai:open_answers", question.code)
                     if selectors.has_open_answers(question) else ""),
    }


def _crosstab(selection: Selection, question: Question, responses):
    crossing = selection.crossing
    if crossing is None or crossing.pk == question.pk \
            or question.kind not in selectors.CROSSTAB_KINDS:
        return None
    return selectors.crosstab(question, crossing, responses)


def _condition_form(request, selection: Selection):
    """The form adding a condition; valid: the address with it (the page redirects)."""
    if "fq" not in request.GET:
        return ConditionForm(questions=selection.questions), None
    form = ConditionForm(request.GET, questions=selection.questions)
    if not form.is_valid():
        return form, None
    conditions = [value for value in selection.params().get("f", [])
                  if not value.startswith(f"{form.cleaned_data['fq']}:")]
    return form, selection.url("tyrimai:results", f=[*conditions,
                                                     form.cleaned_data["condition"]])


def common_context(selection: Selection, responses) -> dict:
    """What every results page shows above the questions: the scope, the filters, the
    count of responses, the previous round's year."""
    study = selection.study
    previous = study.previous
    return {
        "study": study, "selection": selection, "scope": selection.scope,
        "scopes": selection.scopes,
        "conditions": [{"text": selectors.condition_text(q, codes),
                        "remove_url": selection.url("tyrimai:results", f=[
                            selectors.condition_value(other, other_codes)
                            for other, other_codes in selection.conditions
                            if other.pk != q.pk])}
                       for q, codes in selection.conditions],
        "crossing": selection.crossing,
        "crosstab_options": [(q.code, f"{q.code}. {pick(q.text)}")
                             for q in selectors.crosstab_questions_of(selection.questions)],
        "count": selectors.response_count(responses),
        "previous_year": previous.opens_on.year if previous else None,
        "may_edit": False, "minimum": selectors.MIN_CELL,
    }


@require_GET
def results(request, pk: int):
    selection = selection_for(request, pk)
    form, redirect_to = _condition_form(request, selection)
    if redirect_to:
        return HttpResponseRedirect(redirect_to)
    responses = selection.responses
    study = selection.study
    results_ = selectors.study_results(study, responses, selection.questions)
    previous = selectors.previous_results(study, selection.scope, selection.conditions,
                                          selection.questions)
    items = [item_for(selection, result, previous.get(result.question.code),
                      _crosstab(selection, result.question, responses))
             for result in results_]
    context = common_context(selection, responses)
    context.update(items=items, form=form, sections=_by_section(items),
                   may_edit=services.may_edit(request.user),
                   beside_url=reverse("tyrimai:beside_statistics", args=[study.pk]),
                   bursts_url=(reverse("tyrimai:bursts", args=[study.pk])
                               if services.may_edit(request.user) else ""))
    return render(request, "tyrimai/results.html", context)


def _by_section(items: list[dict]) -> list[dict]:
    sections: list[dict] = []
    for item in items:
        section = item["question"].section
        if not sections or sections[-1]["section"].pk != section.pk:
            sections.append({"section": section, "title": pick(section.title),
                             "items": []})
        sections[-1]["items"].append(item)
    return sections


@require_GET
def results_question(request, pk: int, code: str):
    """One question's results, larger, with the cross-tab by another question."""
    selection = selection_for(request, pk)
    question = next((q for q in selection.questions if q.code == code), None)
    if question is None:
        raise Http404("no such question")
    responses = selection.responses
    result = selectors.question_result(question, responses)
    previous = selectors.previous_results(selection.study, selection.scope,
                                          selection.conditions, [question]).get(code)
    context = common_context(selection, responses)
    context.update(item=item_for(selection, result, previous,
                                 _crosstab(selection, question, responses)),
                   question=question,
                   crosstab_options=[(c, label) for c, label in context["crosstab_options"]
                                     if c != question.code],
                   page_url=reverse("tyrimai:results_question", args=[pk, code]),
                   results_url=selection.url("tyrimai:results"))
    return render(request, "tyrimai/results_question.html", context)


@require_GET
def results_list(request):
    """The studies whose results the user may open (a librarian: those their library
    takes part in), newest first, with how many answered (fewer than five: not shown)."""
    studies = list(services.studies_with_results_for(request.user)
                   .order_by("-opens_on", "-pk"))
    counts = selectors.responses_by_study([study.pk for study in studies])
    rows = [{"study": study, "count": counts.get(study.pk)} for study in studies]
    return render(request, "tyrimai/results_list.html", {
        "rows": rows, "minimum": selectors.MIN_CELL})
