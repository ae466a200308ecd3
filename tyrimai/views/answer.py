"""The public answer page (a library's link or QR code, no sign-in) and its preview.

The page keeps no personal data: the address only becomes ``services.source_of`` (a keyed
hash of it and the day) and is never logged. Ballot stuffing meets three rules: a signed
one-time form token (the same form is counted once), a cookie per study after an answer
(the same phone is thanked, not asked again) and the service's rate limit per address; a
desk kiosk staff authorised (``tyrimai.views.kiosk``) skips the cookie rule and has its
own pause instead. The page speaks the questionnaire's language (``?kalba=``), its own
words from ``tyrimai.public_texts``."""

import secrets

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods

from paskyros.throttling import client_ip
from tyrimai import public_texts, services
from tyrimai.forms_answer import AnswerForm
from tyrimai.models import LANGUAGES, Channel, Participation, Study, StudyStatus, pick

#: A form token is good for this long after the page was opened (a phone left open
#: overnight still sends; a harvested token does not last).
FORM_MAX_AGE = 2 * 24 * 3600
FORM_SALT = "tyrimai.answer.form"
#: Seconds the kiosk's thank-you page stays before the empty form returns.
KIOSK_THANKS_SECONDS = 5


def kiosk_cookie(participation: Participation) -> str:
    return f"tyrimai_kiosk_{participation.pk}"


def done_cookie(study: Study) -> str:
    return f"tyrimai_atsakyta_{study.pk}"


def new_form_token() -> str:
    """A random token, signed with the time: only a page this server gave out may send."""
    return signing.TimestampSigner(salt=FORM_SALT).sign(secrets.token_urlsafe(16))


def form_token_ok(token: str) -> bool:
    if not token or len(token) > 100:
        return False
    try:
        signing.TimestampSigner(salt=FORM_SALT).unsign(token, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        return False
    return True


def _private(response):
    """Not indexed, the link not passed on, not cached (``same-origin``, not
    ``no-referrer``: with that the browser posts with ``Origin: null`` and the CSRF check
    refuses the form)."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    patch_cache_control(response, private=True, no_store=True)
    return response


class _Page:
    """What every state of the public page shows: the study, the library, the language
    and its switch, the kiosk badge."""

    def __init__(self, request, participation, language, kiosk=None, *, preview=False):
        self.request = request
        self.participation = participation
        self.study = participation.study if participation else None
        self.language = language
        self.kiosk = kiosk
        self.preview = preview

    def url(self, **query) -> str:
        base = (reverse("tyrimai:answer_preview", args=[self.study.pk]) if self.preview
                else self.participation.get_public_url())
        query = {key: value for key, value in query.items() if value}
        return f"{base}?{urlencode(query)}" if query else base

    def context(self, **extra) -> dict:
        names = dict(LANGUAGES)
        study = self.study
        languages = [{"code": code, "name": names[code], "url": self.url(kalba=code),
                      "current": code == self.language} for code in study.all_languages]
        return {"study": study, "participation": self.participation,
                "library": self.participation.library if self.participation else None,
                "lang": self.language, "t": public_texts.texts_for(self.language),
                "languages": languages if len(languages) > 1 else [],
                "kiosk": self.kiosk, "preview": self.preview,
                "action": self.url(kalba=self.language if self.language != "lt" else ""),
                "intro": pick(study.intro, self.language),
                "thanks": pick(study.thanks, self.language),
                **extra}

    def state(self, state: str, status: int = 200, **extra):
        context = self.context(state=state, **extra)
        if state == "thanks" and self.kiosk is not None:
            context["refresh_url"] = self.url()
            context["refresh_seconds"] = KIOSK_THANKS_SECONDS
        return _private(render(self.request, "tyrimai/answer.html", context, status=status))

    def form(self, form: AnswerForm, token: str, status: int = 200, notice: str = "",
             **extra):
        context = self.context(state="form", form=form, token=token, notice=notice, **extra)
        return _private(render(self.request, "tyrimai/answer.html", context, status=status))


@login_not_required
@require_http_methods(["GET", "POST"])
def answer(request, token):
    """A library's questionnaire: the form, then thanks; closed, not taking part, already
    answered and too many answers each get their own short page."""
    participation = get_object_or_404(
        Participation.objects.select_related("study", "library"), token=token)
    study = participation.study
    if study.status == StudyStatus.DRAFT:
        raise Http404
    language = public_texts.language_of(request.GET.get("kalba"), study.all_languages)
    kiosk = services.kiosk_for(participation, request.COOKIES.get(kiosk_cookie(participation)))
    page = _Page(request, participation, language, kiosk)
    if not participation.active:
        return page.state("not_participating", 404)
    if not study.accepts_answers():
        return page.state("closed", 410)
    if request.method == "GET" and request.GET.get("sent") == "1":
        return page.state("thanks")
    if kiosk is None and request.COOKIES.get(done_cookie(study)):
        return page.state("answered")
    if request.method == "GET":
        return page.form(AnswerForm(study, language), new_form_token())
    return _receive(request, page)


def _receive(request, page: _Page):
    participation, study, kiosk = page.participation, page.study, page.kiosk
    form = AnswerForm(study, page.language, request.POST)
    token = request.POST.get("forma", "")
    texts = public_texts.texts_for(page.language)
    if not form_token_ok(token):
        return page.form(form, new_form_token(), notice=texts["expired"])
    raw = form.raw()
    source = services.source_of(client_ip(request))
    # The service's messages in their English source text: ``public_error`` turns them
    # into the questionnaire's language. Only answers that pass count against the limits:
    # a respondent correcting a missed question does not use up the school's address.
    with translation.override("en"):
        try:
            if services.clean_answers(study, raw, consent=form.consent):
                if kiosk is None and not services.rate_allows(participation, source):
                    response = page.state("too_many", 429)
                    response["Retry-After"] = str(services.RATE_WINDOW)
                    return response
                if kiosk is not None and not services.kiosk_allows(kiosk):
                    return page.form(form, token, status=429, notice=texts["kiosk_wait"])
            services.submit_response(
                participation=participation, raw=raw,
                channel=Channel.KIOSK if kiosk else Channel.LINK, language=page.language,
                source=source, form_token=token, kiosk=kiosk, consent=form.consent)
        except services.Invalid as invalid:
            form.set_errors(invalid.errors)
            return page.form(form, token)
        except services.Refused as refusal:
            if refusal.code == "closed":
                return page.state("closed", 410)
            if refusal.code == "not_participating":
                return page.state("not_participating", 404)
            if refusal.code != "again":
                raise
    return _answered(request, page)


def _answered(request, page: _Page):
    """Thanks, after a redirect (a reload does not send again); the phone keeps a cookie
    saying this study was answered from it (a kiosk does not)."""
    response = redirect(page.url(kalba=page.language if page.language != "lt" else "",
                                 sent="1"))
    if page.kiosk is None:
        days = max((page.study.closes_on - timezone.localdate()).days, 0) + 30
        response.set_cookie(done_cookie(page.study), "1", max_age=days * 24 * 3600,
                            httponly=True, samesite="Lax", secure=request.is_secure())
    return _private(response)


@require_http_methods(["GET", "POST"])
def answer_preview(request, pk):
    """Staff and management see the questionnaire as respondents will, in any of its
    languages; sending only checks the answers — nothing is saved."""
    study = get_object_or_404(Study.objects.visible_to(request.user), pk=pk)
    language = public_texts.language_of(request.GET.get("kalba"), study.all_languages)
    page = _Page(request, None, language, preview=True)
    page.study = study
    form = AnswerForm(study, language, request.POST if request.method == "POST" else None)
    checked = False
    if request.method == "POST":
        with translation.override("en"):
            try:
                services.clean_answers(study, form.raw(), consent=form.consent)
                checked = True
            except services.Invalid as invalid:
                form.set_errors(invalid.errors)
    return page.form(form, "", checked=checked)
