"""Paper questionnaires typed in: a compact, keyboard-only page for a library's people.

Each question is one small input of the codes printed on the paper form (``2``; ``1 3``
for a multiple choice; ``3 2`` or ``32`` for a matrix, a code per row), Enter moves on,
Ctrl+Enter (or the button) saves and brings an empty form with the focus on the first
field. Without the script it is a plain form. The answers go through the same service as
the public page (channel paper, typed in by the user)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from tyrimai import services
from tyrimai.forms_answer import AnswerForm
from tyrimai.models import LANGUAGES, Channel, Participation


def _count_key(participation: Participation) -> str:
    return f"tyrimai_paper_{participation.pk}"


def next_number(number: str) -> str:
    """The next paper form's number when they are numbered ("0041" → "0042")."""
    number = number.strip()
    if not number.isdigit():
        return ""
    return str(int(number) + 1).zfill(len(number))


@require_http_methods(["GET", "POST"])
def paper_entry(request, participation):
    participation = get_object_or_404(
        Participation.objects.visible_to(request.user).select_related("study", "library"),
        pk=participation)
    if not services.may_enter_paper(request.user, participation):
        raise PermissionDenied
    study = participation.study
    languages = study.all_languages
    data = request.POST if request.method == "POST" else None
    form = AnswerForm(study, "lt", data, paper=True)
    language = (data or request.GET).get("kalba", "lt")
    language = language if language in languages else "lt"
    refusal = ""
    if data is not None:
        raw = form.raw()
        try:
            if form.parse_errors:               # the codes' own errors, with the service's
                services.clean_answers(study, raw, consent=form.consent)
                raise services.Invalid({})
            response = services.submit_response(
                participation=participation, raw=raw, channel=Channel.PAPER,
                language=language, entered_by=request.user, consent=form.consent,
                paper_number=data.get("numeris", ""))
        except services.Invalid as invalid:
            form.set_errors(invalid.errors, public=False)
        except services.Refused as refused:
            refusal = refused.messages[0]
        else:
            key = _count_key(participation)
            request.session[key] = request.session.get(key, 0) + 1
            query = {"irasyta": response.pk, "kalba": language,
                     "numeris": next_number(data.get("numeris", ""))}
            return redirect(f"{request.path}?{urlencode({k: v for k, v in query.items() if v})}")
    saved = request.GET.get("irasyta", "")
    names = dict(LANGUAGES)
    context = {"participation": participation, "study": study, "form": form,
               "accepts": study.accepts_answers() and participation.active,
               "refusal": refusal, "count": request.session.get(_count_key(participation), 0),
               "saved": int(saved) if saved.isdigit() and data is None else None,
               "number": data.get("numeris", "") if data is not None
               else request.GET.get("numeris", "")[:20],
               "language": language,
               "languages": [(code, names[code]) for code in languages]}
    return render(request, "tyrimai/paper_entry.html", context)
