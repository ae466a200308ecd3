"""User-needs research (charter function 4.3): studies the department designs and the
territory's libraries run with their users — a questionnaire of sections and questions in
Lithuanian and, optionally, English, Russian and Polish; a public answer link per
participating library; responses that carry the library, from a phone, a desk kiosk or a
paper form typed in.

Who sees what (decided here, in the querysets, and in ``tyrimai.services``):

- studies and questionnaires: department staff edit, management read
  (``Study.objects.visible_to``); a librarian of a participating library sees that the
  study exists only through its results;
- results: staff and management all; a director their library's and its outlets'; a
  librarian their own unit's; the territory's totals every participating library
  (``selectors.scopes_for``); nothing for fewer than ``MIN_CELL`` answers;
- raw answers (one row per response): staff only.

A response keeps no personal data: no address, no account, no cookie value — only a keyed
hash of the address for the day (to find bursts) and a one-time token's hash (to refuse
the same form twice). A question may ask for contact data, shown only with consent."""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library
from bibliotekos.scoping import visible_library_ids

#: The questionnaire's languages: Lithuanian always, the others optional (the territory's
#: minorities and visitors).
LANGUAGES = (("lt", "Lietuvių"), ("en", "English"), ("ru", "Русский"), ("pl", "Polski"))
LANGUAGE_CODES = tuple(code for code, _name in LANGUAGES)

#: Fewer answers than this are never shown: not a question's results, not a cell of a
#: table, not a mean — after every filter and cross-tab.
MIN_CELL = 5


def pick(texts: dict | None, language: str | None = None) -> str:
    """A text in ``language`` (else the active one), falling back to Lithuanian."""
    texts = texts or {}
    language = (language or get_language() or "lt")[:2]
    return texts.get(language) or texts.get("lt") or ""


def new_link_token() -> str:
    return secrets.token_urlsafe(9)


class StudyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("study status", "Draft")
    OPEN = "open", pgettext_lazy("study status", "Collecting answers")
    CLOSED = "closed", pgettext_lazy("study status", "Closed")


class Method(models.TextChoices):
    QUESTIONNAIRE = "questionnaire", _("Questionnaire (online and on paper)")
    ONLINE = "online", _("Online questionnaire")
    PAPER = "paper", _("Paper questionnaire")
    INTERVIEW = "interview", _("Structured interview")


class StudyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Studies and their questionnaires: the whole-territory roles (staff edit,
        management read)."""
        if not user.is_authenticated or not user.is_active or not user.sees_whole_territory:
            return self.none()
        return self


class Study(models.Model):
    title = models.CharField(_("title"), max_length=200)
    aim = models.TextField(_("aim"), blank=True)
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    method = models.CharField(_("method"), max_length=20, choices=Method.choices,
                              default=Method.QUESTIONNAIRE)
    opens_on = models.DateField(_("answers from"))
    closes_on = models.DateField(_("answers until"))
    status = models.CharField(_("status"), max_length=10, choices=StudyStatus.choices,
                              default=StudyStatus.DRAFT, db_index=True)
    languages = models.JSONField(_("languages"), default=list, blank=True,
                                 help_text=_("Besides Lithuanian."))
    previous = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="next_rounds",
                                 verbose_name=_("previous round"))
    template = models.CharField(_("started from"), max_length=40, blank=True)
    # The question whose mean stands for "satisfaction" beside the library's statistics.
    key_question = models.ForeignKey("Question", on_delete=models.SET_NULL, null=True,
                                     blank=True, related_name="+",
                                     verbose_name=_("key satisfaction question"))
    thanks = models.JSONField(_("thank-you text"), default=dict, blank=True)
    intro = models.JSONField(_("introduction"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = StudyQuerySet.as_manager()

    class Meta:
        verbose_name = _("study")
        verbose_name_plural = _("studies")
        ordering = ["-opens_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(closes_on__gte=models.F("opens_on")),
                                              name="study_closes_after_it_opens")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tyrimai:study_detail", args=[self.pk])

    @property
    def all_languages(self) -> list[str]:
        return ["lt", *[code for code in LANGUAGE_CODES[1:] if code in (self.languages or [])]]

    def accepts_answers(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (self.status == StudyStatus.OPEN and self.opens_on <= today <= self.closes_on)

    @property
    def questionnaire_locked(self) -> bool:
        """Once answers came in, questions and options keep their codes: the answers point
        to them (texts may still be corrected)."""
        return self.responses.exists()


class Section(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sections",
                              verbose_name=_("study"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.JSONField(_("title"), default=dict, blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return pick(self.title) or f"#{self.order}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Likert scale")
    NPS = "nps", _("Rating 0–10 (recommendation)")
    NUMBER = "number", pgettext_lazy("question type", "Number")
    SHORT = "short", _("Short text")
    LONG = "long", _("Long text")
    MATRIX = "matrix", _("Matrix (rows on one scale)")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_KINDS = (QuestionKind.LIKERT, QuestionKind.NPS, QuestionKind.NUMBER)
TEXT_KINDS = (QuestionKind.SHORT, QuestionKind.LONG)


class Question(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="questions",
                              verbose_name=_("study"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.CharField(_("code"), max_length=20,
                            help_text=_("The column name in the exports (Q1, Q2a…)."))
    kind = models.CharField(_("type"), max_length=10, choices=QuestionKind.choices)
    text = models.JSONField(_("question"), default=dict)
    help_text = models.JSONField(_("explanation"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    allow_other = models.BooleanField(_("with \"other\""), default=False)
    scale_points = models.PositiveSmallIntegerField(
        _("scale points"), default=5, validators=[MinValueValidator(3), MaxValueValidator(7)])
    minimum = models.DecimalField(_("smallest number"), max_digits=12, decimal_places=2,
                                  null=True, blank=True)
    maximum = models.DecimalField(_("largest number"), max_digits=12, decimal_places=2,
                                  null=True, blank=True)
    # Show-if: shown only when the answer to ``show_if`` is one of these option codes.
    show_if = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="dependants", verbose_name=_("shown if"))
    show_if_codes = models.JSONField(_("shown if the answer is"), default=list, blank=True)
    # Contact data: asked only with the respondent's consent, never in results or exports
    # for anyone but staff.
    personal = models.BooleanField(_("asks for personal data"), default=False)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__order", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["study", "code"],
                                               name="question_code_unique_in_study")]

    def __str__(self) -> str:
        return f"{self.code}. {pick(self.text)}"

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def has_mean(self) -> bool:
        return self.kind in (QuestionKind.LIKERT, QuestionKind.NPS, QuestionKind.NUMBER,
                             QuestionKind.MATRIX)

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS


class Option(models.Model):
    """A choice of a single/multiple choice question, a point of a Likert scale or a
    matrix's column (``row=False``), or a matrix's row (``row=True``). ``code`` is the number
    the exports write (documented in the codebook)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options",
                                 verbose_name=_("question"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SmallIntegerField(_("code"))
    label = models.JSONField(_("label"), default=dict)
    row = models.BooleanField(_("matrix row"), default=False)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["row", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "row", "code"],
                                               name="option_code_unique_in_question")]

    def __str__(self) -> str:
        return pick(self.label)


class LibraryScopedQuerySet(models.QuerySet):
    """A participating library's things (its link, its kiosks): the whole-territory roles
    all; a librarian their library's (a director's with the outlets)."""

    library_path = "library"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(**{f"{self.library_path}__in": visible_library_ids(user)})


class KioskQuerySet(LibraryScopedQuerySet):
    library_path = "participation__library"


class RawQuerySet(models.QuerySet):
    """Raw answers (one response, its answers): department staff only — everyone else
    reads results, never single responses."""

    def visible_to(self, user):
        if user.is_authenticated and user.is_active and user.can_manage_territory:
            return self
        return self.none()


class Participation(models.Model):
    """A library taking part: its own public answer link (``token``) and poster."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="participations",
                              verbose_name=_("study"))
    library = models.ForeignKey(Library, on_delete=models.PROTECT,
                                related_name="study_participations",
                                verbose_name=_("library"))
    token = models.CharField(max_length=20, unique=True, default=new_link_token,
                             editable=False)
    active = models.BooleanField(_("accepts answers"), default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    objects = LibraryScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("participating library")
        verbose_name_plural = _("participating libraries")
        ordering = ["library__name"]
        constraints = [models.UniqueConstraint(fields=["study", "library"],
                                               name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.study} — {self.library}"

    def get_public_url(self) -> str:
        return reverse("tyrimai:answer", args=[self.token])


class Channel(models.TextChoices):
    LINK = "link", pgettext_lazy("answer channel", "Link or QR code")
    KIOSK = "kiosk", pgettext_lazy("answer channel", "Desk tablet (kiosk)")
    PAPER = "paper", pgettext_lazy("answer channel", "Paper, typed in")


class ResponseQuerySet(RawQuerySet):
    def counted(self):
        """The answers results count: not excluded by staff."""
        return self.filter(excluded=False)


class Response(models.Model):
    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="responses",
                              verbose_name=_("study"))
    participation = models.ForeignKey(Participation, on_delete=models.PROTECT,
                                      related_name="responses",
                                      verbose_name=_("participating library"))
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("library"))
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices,
                               default=Channel.LINK)
    language = models.CharField(_("language"), max_length=2, default="lt")
    # A keyed hash of the address and the day (never the address): bursts from one place.
    source = models.CharField(max_length=16, blank=True, db_index=True)
    # The one-time token of the form (hashed): the same form is counted once.
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    kiosk = models.ForeignKey("Kiosk", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="responses", verbose_name=_("kiosk"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("typed in by"))
    paper_number = models.CharField(_("paper form's number"), max_length=20, blank=True)
    consent = models.BooleanField(_("agreed to give contact data"), default=False)
    excluded = models.BooleanField(_("excluded"), default=False, db_index=True)
    excluded_reason = models.CharField(_("why excluded"), max_length=200, blank=True)
    excluded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("excluded by"))

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["study", "library", "excluded"]),
                   models.Index(fields=["study", "source", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.study_id}/{self.pk}"


class Answer(models.Model):
    """One answer to one question: a chosen option (one row per option of a multiple
    choice; a matrix row's chosen column with ``row`` set), a number (Likert, 0–10, number;
    also the chosen column's code of a matrix), or a text (short, long, "other")."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="answers")
    row = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True,
                            related_name="row_answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    other = models.BooleanField(default=False)
    tags = models.ManyToManyField("Tag", blank=True, related_name="answers")

    objects = RawQuerySet.as_manager()

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [models.Index(fields=["question", "option"]),
                   models.Index(fields=["question", "response"])]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.number or self.text[:20]}"


class Tag(models.Model):
    """A label staff give open answers ("opening hours", "parking"), per study."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(_("tag"), max_length=60)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["study", "name"],
                                               name="tag_unique_in_study")]

    def __str__(self) -> str:
        return self.name


def new_kiosk_key() -> str:
    return secrets.token_urlsafe(24)


class Kiosk(models.Model):
    """A shared desk tablet staff authorised for one library's link: it accepts one answer
    after another (no one-answer-per-device rule) until it is switched off or expires."""

    participation = models.ForeignKey(Participation, on_delete=models.CASCADE,
                                      related_name="kiosks",
                                      verbose_name=_("participating library"))
    name = models.CharField(_("name"), max_length=80)
    key_hash = models.CharField(max_length=64, unique=True)
    authorised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, related_name="+",
                                      verbose_name=_("authorised by"))
    authorised_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    active = models.BooleanField(_("active"), default=True)

    objects = KioskQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiosk")
        verbose_name_plural = _("kiosks")
        ordering = ["-authorised_at"]

    def __str__(self) -> str:
        return self.name

    def is_valid(self, now=None) -> bool:
        return self.active and (now or timezone.now()) < self.expires_at
