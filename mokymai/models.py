"""Trainings, internships and seminars (charter function 3.1): events with a programme of
sessions, registration with a waiting list, attendance per session, costs, lecturers and
reusable professional-development programmes.

Times are stored in UTC and entered and shown in Europe/Vilnius. Hours are academic hours
(``settings.ACADEMIC_HOUR_MINUTES`` minutes each)."""

import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library, LibraryKind, Person, Position
from bibliotekos.scoping import ReferenceQuerySet, director_library_ids  # noqa: F401
from paskyros.models import Role

HUNDREDTH = Decimal("0.01")


def academic_hours(minutes) -> Decimal:
    """Minutes as academic hours, to two decimals (90 min → 2,00 at 45 min an hour)."""
    if not minutes:
        return Decimal("0.00")
    return (Decimal(minutes) / Decimal(settings.ACADEMIC_HOUR_MINUTES)).quantize(
        HUNDREDTH, rounding=ROUND_HALF_UP)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Topic(models.Model):
    """A subject of trainings (digital literacy, children's reading, statistics…): an
    editable list that events, programmes and lecturers share."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    active = models.BooleanField(_("in use"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    """A professional-development programme (*kvalifikacijos tobulinimo programa*) that
    several events run."""

    title = models.CharField(_("title"), max_length=255)
    code = models.CharField(_("code"), max_length=40, blank=True)
    aims = models.TextField(_("aims"), blank=True)
    content = models.TextField(_("content"), blank=True)
    hours = models.DecimalField(_("academic hours"), max_digits=6, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0.5")),
                                            MaxValueValidator(Decimal("2000"))])
    target_group = models.CharField(_("target group"), max_length=255, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="programmes",
                                    verbose_name=_("topics"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[topics])

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("mokymai:programme_detail", args=[self.pk])


class LecturerQuerySet(models.QuerySet):
    """Lecturers are the department's contacts: the whole-territory roles see them all;
    a lecturer with an account sees their own record."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(person__user=user)


class Lecturer(models.Model):
    """Someone who teaches at the department's events: a person of the registry (a
    territory librarian, or an external lecturer recorded without a library)."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="lecturer",
                                  verbose_name=_("person"))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True,
                                    help_text=_("Where the lecturer works, if not in a "
                                                "territory library."))
    topics = models.ManyToManyField(Topic, blank=True, related_name="lecturers",
                                    verbose_name=_("topics"))
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords(m2m_fields=[topics])

    objects = LecturerQuerySet.as_manager()

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["person__last_name", "person__first_name"]

    def __str__(self) -> str:
        return str(self.person)

    def get_absolute_url(self) -> str:
        return reverse("mokymai:lecturer_detail", args=[self.pk])


class EventKind(models.TextChoices):
    TRAINING = "training", _("Training")
    SEMINAR = "seminar", _("Seminar")
    INTERNSHIP = "internship", _("Internship")
    CONFERENCE = "conference", _("Conference")
    COURSE = "course", _("Course")
    STUDY_VISIT = "study_visit", _("Study visit")


class EventFormat(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    REGISTRATION_CLOSED = "registration_closed", _("Registration closed")
    HELD = "held", _("Held")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses every signed-in user sees (everything but a draft).
PUBLIC_STATUSES = (EventStatus.PUBLISHED, EventStatus.REGISTRATION_CLOSED, EventStatus.HELD,
                   EventStatus.COMPLETED, EventStatus.CANCELLED)
# Where the event may go from each status (the services enforce it).
TRANSITIONS = {
    EventStatus.DRAFT: {EventStatus.PUBLISHED, EventStatus.CANCELLED},
    EventStatus.PUBLISHED: {EventStatus.REGISTRATION_CLOSED, EventStatus.HELD,
                            EventStatus.CANCELLED},
    EventStatus.REGISTRATION_CLOSED: {EventStatus.PUBLISHED, EventStatus.HELD,
                                      EventStatus.CANCELLED},
    EventStatus.HELD: {EventStatus.COMPLETED},
    EventStatus.COMPLETED: set(),
    EventStatus.CANCELLED: set(),
}


class TrainingEventQuerySet(models.QuerySet):
    """Published events (and cancelled, held, completed ones) are seen by every signed-in
    user; a draft only by those who edit it — department staff and administrators. This is
    the one place the rule lives: the list, the page, the ``.ics``, the feeds and the
    calendar all read it, so management (who sees the whole territory's data, but does not
    prepare events) never meets a half-written event in one place and not in another."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.can_manage_territory:
            return self
        return self.filter(status__in=PUBLIC_STATUSES)

    def held(self):
        return self.filter(status__in=(EventStatus.HELD, EventStatus.COMPLETED))

    def starting_between(self, start, end):
        """Events whose first day falls within [start, end] (dates, Vilnius time)."""
        return self.filter(starts_on__gte=start, starts_on__lte=end)


class TrainingEvent(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices,
                            default=EventKind.SEMINAR)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="events", verbose_name=_("programme"))
    topics = models.ManyToManyField(Topic, blank=True, related_name="events",
                                    verbose_name=_("topics"))
    format = models.CharField(_("format"), max_length=10, choices=EventFormat.choices,
                              default=EventFormat.ONSITE)
    venue = models.CharField(_("venue"), max_length=255, blank=True,
                             help_text=_("The place and address, for an event on site."))
    online_url = models.URLField(_("online link"), blank=True,
                                 help_text=_("Sent to the registered participants only."))
    audience_kinds = models.JSONField(_("library kinds"), default=list, blank=True,
                                      help_text=_("Empty: every kind."))
    audience_posts = models.ManyToManyField(Position, blank=True, related_name="events",
                                            verbose_name=_("posts"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, validators=[MaxValueValidator(10000)],
        help_text=_("Empty: no limit. When the places are taken, people join the waiting "
                    "list."))
    registration_opens = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(_("registration closes"), null=True,
                                               blank=True)
    hours = models.DecimalField(
        _("academic hours"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("2000"))],
        help_text=_("Empty: counted from the sessions."))
    completion_percent = models.PositiveSmallIntegerField(
        _("completion rule, per cent of hours"), default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("A participant completes the event after attending at least this share "
                    "of its hours."))
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    contact = models.CharField(_("contact"), max_length=255, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=EventStatus.choices,
                              default=EventStatus.DRAFT, db_index=True)
    cancel_message = models.TextField(_("cancellation message"), blank=True)
    # The first and last day (Vilnius time), kept from the sessions for lists and filters.
    starts_on = models.DateField(_("starts"), null=True, blank=True, db_index=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[topics, audience_posts],
                                excluded_fields=["version", "updated_at"])

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("training event")
        verbose_name_plural = _("training events")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens__isnull=True)
                | Q(registration_closes__isnull=True)
                | Q(registration_closes__gt=models.F("registration_opens")),
                name="event_registration_closes_after_opening"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("mokymai:event_detail", args=[self.pk])

    @property
    def total_hours(self) -> Decimal:
        """The event's academic hours: as set, else the sum of its sessions'."""
        if self.hours is not None:
            return self.hours
        return sum((s.hours for s in self.sessions.all()), Decimal("0.00"))

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def registration_state(self, now=None) -> str:
        """``open``; ``not_yet`` (the window has not opened); ``closed`` (the window or
        the status ended it); ``unavailable`` (a draft, cancelled…)."""
        now = now or timezone.now()
        if self.status == EventStatus.REGISTRATION_CLOSED:
            return "closed"
        if self.status != EventStatus.PUBLISHED:
            return "unavailable"
        if self.registration_opens and now < self.registration_opens:
            return "not_yet"
        if self.registration_closes and now >= self.registration_closes:
            return "closed"
        return "open"

    @property
    def registration_open(self) -> bool:
        return self.registration_state() == "open"

    def audience_kind_labels(self) -> list[str]:
        labels = dict(LibraryKind.choices)
        return [str(labels.get(k, k)) for k in self.audience_kinds]

    def is_lecturer(self, user) -> bool:
        """Whether ``user`` teaches one of this event's sessions."""
        if not user.is_authenticated:
            return False
        return Lecturer.objects.filter(sessions__event=self, person__user=user).exists()


class Session(models.Model):
    """One part of an event's programme: a day or a half-day, with its topic and
    lecturers. Attendance is marked per session."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE,
                              related_name="sessions", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    topic = models.CharField(_("topic"), max_length=255, blank=True)
    lecturers = models.ManyToManyField(Lecturer, blank=True, related_name="sessions",
                                       verbose_name=_("lecturers"))
    venue = models.CharField(_("venue"), max_length=255, blank=True,
                             help_text=_("Empty: the event's venue."))
    history = HistoricalRecords(m2m_fields=[lecturers])

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                   name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        start = timezone.localtime(self.starts_at)
        return f"{start:%Y-%m-%d %H:%M} {self.topic}".strip()

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def hours(self) -> Decimal:
        return academic_hours(self.minutes)


class Cost(models.Model):
    """What an event cost (lecturer fee, venue, other), for the cost per participant-hour."""

    class Kind(models.TextChoices):
        LECTURER = "lecturer", _("Lecturer's fee")
        VENUE = "venue", _("Venue")
        TRAVEL = "travel", _("Travel and accommodation")
        MATERIALS = "materials", _("Materials")
        CATERING = "catering", _("Catering")
        OTHER = "other", _("Other")

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE, related_name="costs",
                              verbose_name=_("event"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(_("amount, EUR"), max_digits=10, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0")),
                                             MaxValueValidator(Decimal("10000000"))])
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")
        ordering = ["kind", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("Waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class PersonRecordQuerySet(models.QuerySet):
    """Records about one person (registrations, certificates, courses taken elsewhere): the
    whole-territory roles see all; a librarian their own (``person.user``) and a director
    also their library's (with its outlets') people. ``director_path`` leads to the library
    that decides it."""

    director_path = "person__library"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        if user.role != Role.LIBRARIAN:
            return self.none()
        mine = Q(person__user=user)
        staff = director_library_ids(user)
        if staff:
            mine |= Q(**{f"{self.director_path}__in": staff})
        return self.filter(mine)


class RegistrationQuerySet(PersonRecordQuerySet):
    """Registrations and participant lists; a director's by where the person worked when
    they registered."""

    director_path = "library"

    def active(self):
        return self.exclude(status=RegistrationStatus.CANCELLED)

    def registered(self):
        return self.filter(status=RegistrationStatus.REGISTERED)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING)


class Registration(models.Model):
    """A person on an event: registered, on the waiting list (in ``queued_at`` order) or
    cancelled. One row per person and event: registering again reopens it at the end of
    the queue."""

    event = models.ForeignKey(TrainingEvent, on_delete=models.CASCADE,
                              related_name="registrations", verbose_name=_("event"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations",
                               verbose_name=_("participant"))
    # Where the person worked when they registered (the director's view and the
    # by-municipality figures follow it, not later moves).
    library = models.ForeignKey(Library, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="training_registrations",
                                verbose_name=_("library"))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True,
                                    help_text=_("For a participant from outside the "
                                                "territory's libraries."))
    status = models.CharField(_("status"), max_length=20, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.REGISTERED, db_index=True)
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    note = models.CharField(_("note"), max_length=500, blank=True,
                            help_text=_("Needs the organisers should know about."))
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+",
                                      verbose_name=_("registered by"))
    promoted_at = models.DateTimeField(_("moved from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("cancelled by"))
    reminded_at = models.DateTimeField(null=True, blank=True)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    # Set when the event is completed: the attended hours and whether the rule was met.
    attended_hours = models.DecimalField(_("attended hours"), max_digits=6,
                                         decimal_places=2, null=True, blank=True)
    completed = models.BooleanField(_("completed"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token", "reminded_at"])

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "person"],
                                    name="registration_one_per_person_and_event"),
        ]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse("mokymai:registration_detail", args=[self.pk])

    @property
    def email(self) -> str:
        return self.person.email or (self.person.user.email if self.person.user_id else "")


class AttendanceQuerySet(models.QuerySet):
    """Attendance follows the registration it belongs to."""

    def visible_to(self, user):
        return self.filter(registration__in=Registration.objects.visible_to(user))


class Attendance(models.Model):
    """One participant at one session: present, and for an online session the minutes
    the meeting tool reported."""

    class Source(models.TextChoices):
        LIST = "list", _("Ticked on the list")
        QR = "qr", _("QR code")
        IMPORT = "import", _("Meeting report")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE,
                                     related_name="attendances",
                                     verbose_name=_("registration"))
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("session"))
    present = models.BooleanField(_("present"), default=True)
    minutes = models.PositiveIntegerField(_("minutes present"), null=True, blank=True)
    source = models.CharField(_("how"), max_length=10, choices=Source.choices,
                              default=Source.LIST)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"],
                                    name="attendance_one_per_session"),
        ]

    def __str__(self) -> str:
        return f"{self.registration.person} @ {self.session}"

    def hours(self, session: Session | None = None) -> Decimal:
        """Academic hours this attendance counts: the session's, or the minutes present
        (at most the session's length) when the meeting tool reported them."""
        return attendance_hours(self.present, self.minutes, session or self.session)


def attendance_hours(present: bool, minutes: int | None, session: Session) -> Decimal:
    """``Attendance.hours`` from its fields (for sums over plain rows)."""
    if not present:
        return Decimal("0.00")
    if minutes is None:
        return session.hours
    return academic_hours(min(minutes, session.minutes))


class CalendarFeed(models.Model):
    """A person's calendar subscription: a secret address a calendar program polls without
    a session. Revoking replaces the key, so the old address stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="training_feed")
    key = models.CharField(max_length=40, unique=True, default=new_token)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return str(self.user)


from mokymai.models_certificates import *  # noqa: E402,F401,F403
from mokymai.models_feedback import *  # noqa: E402,F401,F403
