"""Consultations, questions from libraries and methodological field visits (charter
functions 2.2 and 3.2), and the knowledge base of reusable answers.

Who sees what (decided here, in the querysets, and nowhere else):

- a consultation record and a field visit: staff and management; a library's director
  those of their library and its outlets (the visit report is addressed to them);
- a question: its asker, the director of the asking library, staff and management;
- a knowledge-base entry: everyone signed in once it is published; drafts and entries in
  review their authors and the whole-territory roles (``PublishedQuerySet``).

A consultation about a project links to it and one about a training to the event: the
links live here, in the app above both, and the project's and the event's pages show them
through the object panels this app registers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library, Person
from bibliotekos.scoping import (
    PublishedQuerySet,
    ReferenceQuerySet,
    director_library_ids,
)
from mokymai.models import TrainingEvent
from projektai.models import Project

#: The longest time one consultation may take, in minutes (a full working day and more is
#: a field visit or a training, not a consultation).
MAX_MINUTES = 8 * 60


def _upload_to(instance, filename: str) -> str:
    return f"konsultacijos/{instance.consultation_id}/{filename}"


def _question_upload_to(instance, filename: str) -> str:
    return f"konsultacijos/klausimai/{instance.library_id}/{filename}"


class Topic(models.Model):
    """What a consultation is about: statistics, projects, methodology, collections,
    services, IT, management, other — an editable list kept by staff."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    PHONE = "phone", pgettext_lazy("consultation channel", "Phone")
    EMAIL = "email", pgettext_lazy("consultation channel", "E-mail")
    ON_SITE = "on_site", pgettext_lazy("consultation channel", "On site")
    ONLINE = "online", pgettext_lazy("consultation channel", "Online meeting")
    AT_DEPARTMENT = "department", pgettext_lazy("consultation channel", "At the department")
    PORTAL = "portal", pgettext_lazy("consultation channel", "Question in the portal")


class DirectorScopedQuerySet(models.QuerySet):
    """Records about a library addressed to its director: the whole-territory roles see
    all; a director their library and its outlets; nobody else any."""

    library_path = "library"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        ids = director_library_ids(user)
        if not ids:
            return self.none()
        return self.filter(**{f"{self.library_path}__in": ids})


class ConsultationQuerySet(DirectorScopedQuerySet):
    def open_follow_ups(self):
        return self.filter(follow_up_due__isnull=False, follow_up_done_at__isnull=True)


class Consultation(models.Model):
    """One piece of advice given to a territory library: by phone, e-mail, on site…"""

    held_on = models.DateField(_("date"), default=timezone.localdate)
    library = models.ForeignKey(Library, on_delete=models.PROTECT,
                                related_name="consultations", verbose_name=_("library"))
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="consultations",
                               verbose_name=_("person consulted"))
    person_name = models.CharField(
        _("person consulted (not in the registry)"), max_length=150, blank=True,
        help_text=_("When the person is not in the registry of people."))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices,
                               default=Channel.PHONE)
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="consultations",
                              verbose_name=_("topic"))
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    minutes = models.PositiveSmallIntegerField(
        _("time spent (minutes)"), default=15,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_MINUTES)])
    staff_member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="consultations_given",
                                     verbose_name=_("consulted by"))
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    project = models.ForeignKey(Project, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="consultations", verbose_name=_("project"))
    event = models.ForeignKey(TrainingEvent, on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="consultations",
                              verbose_name=_("training event"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["held_on"]),
                   models.Index(fields=["library", "held_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_due__isnull=True) | ~Q(follow_up=""),
                name="konsultacijos_follow_up_due_needs_text"),
        ]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.library} — {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("konsultacijos:consultation_detail", args=[self.pk])

    @property
    def consulted(self) -> str:
        return str(self.person) if self.person_id else self.person_name

    @property
    def hours(self):
        from decimal import Decimal

        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"))

    @property
    def follow_up_overdue(self) -> bool:
        return bool(self.follow_up_due and not self.follow_up_done_at
                    and self.follow_up_due < timezone.localdate())


class ConsultationAttachmentQuerySet(DirectorScopedQuerySet):
    library_path = "consultation__library"


class ConsultationAttachment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE,
                                     related_name="attachments",
                                     verbose_name=_("consultation"))
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ConsultationAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class QuestionStatus(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_QUESTION_STATUSES = (QuestionStatus.NEW, QuestionStatus.ASSIGNED)


class QuestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Its asker, the asking library's director, the whole-territory roles."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(Q(asked_by=user) | Q(library__in=director_library_ids(user)))

    def open(self):
        return self.filter(status__in=OPEN_QUESTION_STATUSES)


class Question(models.Model):
    """A question a librarian asks through the portal. It lands in the department's
    queue, is assigned, answered (the asker gets the answer by e-mail) and becomes a
    consultation record."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="questions",
                                verbose_name=_("library"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="questions_asked", verbose_name=_("asked by"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="questions", verbose_name=_("topic"))
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("question"))
    attachment = models.FileField(_("attachment"), upload_to=_question_upload_to,
                                  max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=QuestionStatus.choices,
                              default=QuestionStatus.NEW)
    assigned_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="questions_assigned",
                                    verbose_name=_("assigned to"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("answered by"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False,
                                       help_text=_("When staff were reminded it waits."))
    consultation = models.OneToOneField(Consultation, on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="source_question",
                                        verbose_name=_("consultation record"))
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version", "reminded_at"])

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("konsultacijos:question_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_QUESTION_STATUSES


class VisitStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("field visit status", "Planned")
    REPORTED = "reported", pgettext_lazy("field visit status", "Reported")
    CANCELLED = "cancelled", pgettext_lazy("field visit status", "Cancelled")


class VisitQuerySet(DirectorScopedQuerySet):
    def made(self):
        return self.filter(status=VisitStatus.REPORTED)


class FieldVisit(models.Model):
    """A methodological field visit (*metodinė išvyka*): planned (library, date, purpose,
    who goes), then reported (findings, recommendations, agreed actions with deadlines)."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT,
                                related_name="field_visits", verbose_name=_("library"))
    visit_on = models.DateField(_("date"))
    purpose = models.TextField(_("purpose"))
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="field_visits",
                                          verbose_name=_("who goes"))
    status = models.CharField(_("status"), max_length=20, choices=VisitStatus.choices,
                              default=VisitStatus.PLANNED)
    met_with = models.CharField(_("met with"), max_length=300, blank=True,
                                help_text=_("The library's people the visit met."))
    findings = models.TextField(_("findings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reported by"))
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"],
                                m2m_fields=[participants])

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("field visit")
        verbose_name_plural = _("field visits")
        ordering = ["-visit_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.visit_on:%Y-%m-%d} {self.library}"

    def get_absolute_url(self) -> str:
        return reverse("konsultacijos:visit_detail", args=[self.pk])


class VisitActionQuerySet(DirectorScopedQuerySet):
    library_path = "visit__library"

    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, today=None):
        return self.open().filter(due_on__lt=today or timezone.localdate())


class VisitAction(models.Model):
    """An action agreed on a visit, with its deadline; followed up until done."""

    visit = models.ForeignKey(FieldVisit, on_delete=models.CASCADE, related_name="actions",
                              verbose_name=_("field visit"))
    text = models.CharField(_("action"), max_length=500)
    responsible = models.CharField(_("responsible"), max_length=150, blank=True)
    due_on = models.DateField(_("deadline"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords()

    objects = VisitActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreed action")
        verbose_name_plural = _("agreed actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return self.visit.get_absolute_url()

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Withdrawn from the base")


class KnowledgeEntryQuerySet(PublishedQuerySet):
    published_statuses = (EntryStatus.PUBLISHED,)
    author_path = "created_by"


class KnowledgeEntry(models.Model):
    """A reusable answer: an anonymous question and answer (no library, no person),
    reviewed and published to the knowledge base every signed-in user reads."""

    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="entries",
                              verbose_name=_("topic"))
    status = models.CharField(_("status"), max_length=20, choices=EntryStatus.choices,
                              default=EntryStatus.DRAFT)
    source = models.ForeignKey(Consultation, on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="knowledge_entries",
                               verbose_name=_("written from"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="knowledge_entries",
                                   verbose_name=_("author"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("reviewed by"))
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = KnowledgeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("knowledge-base entry")
        verbose_name_plural = _("knowledge-base entries")
        ordering = ["-published_at", "-created_at"]

    def __str__(self) -> str:
        first = self.question.strip().splitlines()[0] if self.question.strip() else ""
        return first[:120]

    def get_absolute_url(self) -> str:
        return reverse("konsultacijos:entry_detail", args=[self.pk])
