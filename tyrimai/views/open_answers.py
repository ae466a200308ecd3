"""The written answers of a question (a short or long text, a choice's "other"), for the
scope and filters of the results page, newest first, shown literally (the template
escapes every character: HTML, formula characters and emoji are text).

Department staff tag them ("opening hours", "parking"; htmx) and filter by a tag. Others
who read the results see the texts only when the selection has at least five responses (a
single text could point to a person in a small library), and never the tags. A question
asking for personal data is never here: staff read those in the raw export only."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods

from tyrimai import selectors, services
from tyrimai.forms_results import TagForm
from tyrimai.models import Answer, Tag, pick
from tyrimai.views.results import common_context, selection_for

PER_PAGE = 30


def _question(selection, code: str):
    question = next((q for q in selection.questions if q.code == code), None)
    if question is None or not selectors.has_open_answers(question):
        raise Http404("no written answers to this question")
    return question


@require_http_methods(["GET", "POST"])
def open_answers(request, pk: int, code: str):
    selection = selection_for(request, pk)
    question = _question(selection, code)
    staff = services.may_edit(request.user)
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        return _change_tags(request, selection, question)
    responses = selection.responses
    context = common_context(selection, responses)
    shown = staff or context["count"] is not None
    tag = None
    if staff and request.GET.get("zyme"):
        tag = get_object_or_404(Tag, study=selection.study, pk=_int(request.GET["zyme"]))
    answers = selectors.open_answers(question, responses, tag) if shown \
        else Answer.objects.none()
    if staff:
        answers = answers.select_related("response__library").prefetch_related("tags")
    page = Paginator(answers, PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        question=question, text=pick(question.text), page=page, shown=shown,
        staff=staff, tag=tag,
        tags=selectors.tag_counts(selection.study, selectors.open_answers(question, responses))
        if staff else [],
        page_url=request.path, results_url=selection.url("tyrimai:results"),
        question_url=selection.url("tyrimai:results_question", question.code),
        tag_form=TagForm() if staff else None)
    return render(request, "tyrimai/open_answers.html", context)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("no such tag") from None


def _change_tags(request, selection, question):
    """Add a tag (by name: an existing one of the study is reused) to an answer, or take
    one off; htmx gets the answer's tags back, a plain form the page."""
    answer = get_object_or_404(Answer.objects.visible_to(request.user)
                               .filter(question=question, response__study=selection.study),
                               pk=_int(request.POST.get("answer")))
    form = TagForm(request.POST) if request.POST.get("action") == "add" else None
    if form is not None and form.is_valid():
        services.tag_answer(answer=answer, name=form.cleaned_data["name"], by=request.user)
    elif request.POST.get("action") == "remove":
        tag = get_object_or_404(Tag, study=selection.study, pk=_int(request.POST.get("tag")))
        services.untag_answer(answer=answer, tag=tag, by=request.user)
    if request.headers.get("HX-Request"):
        return render(request, "tyrimai/_open_answer_tags.html", {
            "answer": answer, "tags": list(answer.tags.all()), "form": form,
            "post_url": request.get_full_path()})
    return HttpResponseRedirect(request.get_full_path())


# The two writes belong in ``tyrimai.services`` (asked of the lead); kept here until then.
