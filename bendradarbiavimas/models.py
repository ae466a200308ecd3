"""Cooperation, commissions and working groups (charter functions 5.2, 5.3 and 5.4):
partners and what was agreed with them, the territory's commissions and working groups
(and the national and international ones the department sits in), their meetings, minutes
and decisions followed until done.

Who sees what (decided here, in the querysets, and nowhere else):

- a partner: staff and management all; a territory librarian the partners their library
  works with (a director's covers its outlets). Its contacts and the contact log: staff
  and management only;
- an agreement: staff and management only;
- a group: its members (current and former) and the whole-territory roles; every signed-in
  user when the group is public to the territory;
- a meeting and its minutes: the whole-territory roles; the group's current members; a
  former member the meetings held while they were a member (removed, they lose the later
  ones and keep what they wrote); everyone signed in for a public group;
- a decision: its owner, whoever sees its meeting, the whole-territory roles.

Staff edit everything; management read and approve; a group's chair and secretary keep
its meetings, attendance, minutes and decisions (``may_keep``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library, Organisation, Person
from bibliotekos.scoping import visible_library_ids


def _agreement_upload_to(instance, filename: str) -> str:
    return f"bendradarbiavimas/sutartys/{timezone.localdate():%Y}/{filename}"


def _group_upload_to(instance, filename: str) -> str:
    return f"bendradarbiavimas/grupes/{timezone.localdate():%Y}/{filename}"


def _meeting_file_upload_to(instance, filename: str) -> str:
    return f"bendradarbiavimas/posedziai/{instance.meeting_id}/{filename}"


def _whole(user) -> bool:
    return user.is_authenticated and user.is_active and user.sees_whole_territory


def _nobody(user) -> bool:
    return not user.is_authenticated or not user.is_active


# --- 1. partners ---------------------------------------------------------------------------

class PartnerQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _nobody(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        ids = visible_library_ids(user)
        if not ids:
            return self.none()
        return self.filter(pk__in=models.Subquery(
            Partner.libraries.through.objects.filter(library_id__in=ids)
            .values("partner_id")))

    def active(self):
        return self.filter(active=True)


class Partner(models.Model):
    """An organisation of the registry's shared list the department cooperates with, and
    the territory libraries that work with it."""

    organisation = models.OneToOneField(Organisation, on_delete=models.PROTECT,
                                        related_name="partnership",
                                        verbose_name=_("organisation"))
    areas = models.TextField(_("fields of cooperation"), blank=True,
                             help_text=_("What we do together: exchanges, joint events, "
                                         "projects, methodological help…"))
    since = models.DateField(_("partner since"), null=True, blank=True)
    libraries = models.ManyToManyField(Library, blank=True, related_name="partners",
                                       verbose_name=_("territory libraries working with it"))
    active = models.BooleanField(_("active"), default=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[libraries])

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["organisation__name"]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("bendradarbiavimas:partner_detail", args=[self.pk])


class PartnerContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if _whole(user) else self.none()


class PartnerContact(models.Model):
    """A person at the partner we deal with: a person of the registry (the organisation's
    people), with their consent to keep the contact noted."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts",
                                verbose_name=_("partner"))
    person = models.ForeignKey(Person, on_delete=models.CASCADE,
                               related_name="partner_contacts", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=150, blank=True,
                            help_text=_("For example: director, project coordinator."))
    consent = models.BooleanField(
        _("consent given"), default=False,
        help_text=_("The person agreed that their contact details are kept for cooperation."))
    consent_on = models.DateField(_("consent date"), null=True, blank=True)
    consent_note = models.CharField(_("how the consent was given"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PartnerContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner's contact")
        verbose_name_plural = _("partner's contacts")
        ordering = ["person__last_name", "person__first_name"]
        constraints = [models.UniqueConstraint(fields=["partner", "person"],
                                               name="bendradarbiavimas_contact_once")]

    def __str__(self) -> str:
        return str(self.person)


class ContactKind(models.TextChoices):
    MEETING = "meeting", pgettext_lazy("contact kind", "Meeting")
    VISIT = "visit", pgettext_lazy("contact kind", "Visit")
    CALL = "call", pgettext_lazy("contact kind", "Call or video call")
    LETTER = "letter", pgettext_lazy("contact kind", "Letter or e-mail")
    JOINT = "joint", pgettext_lazy("contact kind", "Joint activity")
    EXCHANGE = "exchange", pgettext_lazy("contact kind", "Exchange of experience")
    OTHER = "other", pgettext_lazy("contact kind", "Other")


class ContactLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if _whole(user) else self.none()


class ContactLog(models.Model):
    """One contact with a partner or one joint activity: what, when, who took part, and
    the project, training or publication it belongs to where there is one."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="log",
                                verbose_name=_("partner"))
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContactKind.choices,
                            default=ContactKind.MEETING)
    summary = models.TextField(_("what happened"))
    libraries = models.ManyToManyField(Library, blank=True, related_name="+",
                                       verbose_name=_("territory libraries involved"))
    project = models.ForeignKey("projektai.Project", on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="+", verbose_name=_("project"))
    event = models.ForeignKey("mokymai.TrainingEvent", on_delete=models.SET_NULL, null=True,
                              blank=True, related_name="+", verbose_name=_("training"))
    publication = models.ForeignKey("viesinimas.Publication", on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("publication"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["partner", "happened_on"])]

    def __str__(self) -> str:
        return f"{self.happened_on} {self.get_kind_display()}"


# --- 2. agreements -------------------------------------------------------------------------

class AgreementKind(models.TextChoices):
    AGREEMENT = "agreement", pgettext_lazy("agreement kind", "Cooperation agreement")
    MEMORANDUM = "memorandum", pgettext_lazy("agreement kind", "Memorandum")
    INTENT = "intent", pgettext_lazy("agreement kind", "Letter of intent")
    CONTRACT = "contract", pgettext_lazy("agreement kind", "Contract")
    OTHER = "other", pgettext_lazy("agreement kind", "Other")


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if _whole(user) else self.none()

    def in_force_on(self, day):
        return self.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day),
                           Q(terminated_on__isnull=True) | Q(terminated_on__gt=day))

    def in_force_between(self, start, end):
        return self.filter(Q(starts_on__lte=end),
                           Q(ends_on__isnull=True) | Q(ends_on__gte=start),
                           Q(terminated_on__isnull=True) | Q(terminated_on__gt=start))


class Agreement(models.Model):
    """A cooperation agreement or memorandum: its parties (the Library and one or more
    partners), dates, subject and obligations, the signed file; a reminder goes before it
    expires."""

    number = models.CharField(_("number"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgreementKind.choices,
                            default=AgreementKind.AGREEMENT)
    title = models.CharField(_("title"), max_length=255)
    partners = models.ManyToManyField(Partner, related_name="agreements",
                                      verbose_name=_("parties"))
    libraries = models.ManyToManyField(Library, blank=True, related_name="+",
                                       verbose_name=_("territory libraries concerned"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    starts_on = models.DateField(_("valid from"))
    ends_on = models.DateField(_("valid until"), null=True, blank=True,
                               help_text=_("Empty: without a set end."))
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    subject = models.TextField(pgettext_lazy("agreement", "subject"))
    obligations = models.TextField(_("obligations"), blank=True,
                                   help_text=_("What each party undertook."))
    file = models.FileField(_("signed agreement"), upload_to=_agreement_upload_to,
                            blank=True, max_length=255)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("responsible"))
    remind_days = models.PositiveSmallIntegerField(
        _("remind before expiry, working days"), default=20,
        help_text=_("The responsible person gets an e-mail this many working days before "
                    "the agreement expires."))
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True,
                                       editable=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "reminded_at"],
                                m2m_fields=[partners, libraries])

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")),
                                   name="bendradarbiavimas_agreement_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("bendradarbiavimas:agreement_detail", args=[self.pk])

    def in_force(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)
                and (self.terminated_on is None or self.terminated_on > day))


# --- 3. commissions and working groups ------------------------------------------------------

class GroupKind(models.TextChoices):
    COMMISSION = "commission", pgettext_lazy("group kind", "Commission")
    WORKING_GROUP = "working_group", pgettext_lazy("group kind", "Working group")
    COUNCIL = "council", pgettext_lazy("group kind", "Council")
    NETWORK = "network", pgettext_lazy("group kind", "Network or section")


class GroupLevel(models.TextChoices):
    TERRITORY = "territory", pgettext_lazy("group level", "The territory's")
    NATIONAL = "national", pgettext_lazy("group level", "National")
    INTERNATIONAL = "international", pgettext_lazy("group level", "International")


class GroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _nobody(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        members = GroupMember.objects.of_user(user).values("group_id")
        return self.filter(Q(public=True) | Q(pk__in=members))


class WorkingGroup(models.Model):
    """A commission, working group or council: the territory's (the department coordinates
    it) or a national or international one the department takes part in."""

    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=GroupKind.choices,
                            default=GroupKind.WORKING_GROUP)
    level = models.CharField(_("level"), max_length=20, choices=GroupLevel.choices,
                             default=GroupLevel.TERRITORY)
    purpose = models.TextField(_("purpose"), help_text=_("Markdown: what the group is for."))
    coordinator = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("coordinating organisation"),
        help_text=_("For a national or international group: who runs it."))
    order_title = models.CharField(
        _("founding order"), max_length=255, blank=True,
        help_text=_("For example: the director's order of 2026-01-15 No. V-12."))
    order_file = models.FileField(_("order file"), upload_to=_group_upload_to, blank=True,
                                  max_length=255)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    term_ends_on = models.DateField(_("term ends on"), null=True, blank=True,
                                    help_text=_("Empty: without a set end."))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"), null=True, blank=True,
        help_text=_("How many members must attend. Empty: more than half of the members."))
    public = models.BooleanField(
        _("public to the territory"), default=False,
        help_text=_("Every signed-in user sees the group, its meetings and minutes."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(term_ends_on__isnull=True)
                                   | Q(established_on__isnull=True)
                                   | Q(term_ends_on__gte=models.F("established_on")),
                                   name="bendradarbiavimas_group_term_after_start"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bendradarbiavimas:group_detail", args=[self.pk])


class MemberRole(models.TextChoices):
    CHAIR = "chair", pgettext_lazy("group role", "Chair")
    DEPUTY = "deputy", pgettext_lazy("group role", "Deputy chair")
    SECRETARY = "secretary", pgettext_lazy("group role", "Secretary")
    MEMBER = "member", pgettext_lazy("group role", "Member")
    OBSERVER = "observer", pgettext_lazy("group role", "Observer")


#: Roles that count toward the quorum (an observer does not).
VOTING_ROLES = (MemberRole.CHAIR, MemberRole.DEPUTY, MemberRole.SECRETARY, MemberRole.MEMBER)
#: Roles that keep the group's meetings, attendance, minutes and decisions.
KEEPER_ROLES = (MemberRole.CHAIR, MemberRole.SECRETARY)


class GroupMemberQuerySet(models.QuerySet):
    def of_user(self, user):
        """The user's memberships, current and former (through their account or the
        registry person linked to it)."""
        if _nobody(user):
            return self.none()
        return self.filter(Q(user=user) | Q(person__user=user))

    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day),
                           Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def visible_to(self, user):
        return self.filter(group__in=WorkingGroup.objects.visible_to(user))


class GroupMember(models.Model):
    """A member of a group for a term: a person of the registry (with their portal account,
    when they have one) or someone from outside. Removing a member ends the term; the row
    stays (attendance and minutes name them)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members",
                              verbose_name=_("group"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="group_memberships", verbose_name=_("person"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="group_memberships",
                             verbose_name=_("portal account"))
    name = models.CharField(_("name"), max_length=160, blank=True,
                            help_text=_("For a member from outside the registry."))
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices,
                            default=MemberRole.MEMBER)
    starts_on = models.DateField(_("member from"), null=True, blank=True)
    ends_on = models.DateField(_("member until"), null=True, blank=True)
    end_reason = models.CharField(_("why the membership ended"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = GroupMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(person__isnull=False) | ~Q(name=""),
                                   name="bendradarbiavimas_member_named"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True)
                                   | Q(starts_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")),
                                   name="bendradarbiavimas_member_term"),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return str(self.person) if self.person_id else self.name

    @property
    def contact_email(self) -> str:
        if self.email:
            return self.email
        if self.person_id and self.person.email:
            return self.person.email
        return self.user.email if self.user_id else ""

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return ((self.starts_on is None or self.starts_on <= day)
                and (self.ends_on is None or self.ends_on >= day))


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _nobody(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        memberships = GroupMember.objects.of_user(user)
        current = memberships.filter(ends_on__isnull=True).values("group_id")
        return self.filter(
            Q(group__public=True)
            | Q(group__in=current)
            | Q(pk__in=Meeting.objects.filter(
                group__members__in=memberships.filter(ends_on__isnull=False),
                starts_at__date__lte=models.F("group__members__ends_on")).values("pk")))


class Meeting(models.Model):
    """A meeting of a group: when and where, the agenda, who was invited and who came,
    whether there was a quorum, and its minutes (the agenda items with what was discussed
    and decided)."""

    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="meetings",
                              verbose_name=_("group"))
    number = models.PositiveIntegerField(_("number"), help_text=_(
        "The meeting's number in the group's year, for the minutes."))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    online_link = models.URLField(_("online meeting link"), blank=True, max_length=500)
    agenda = models.TextField(_("agenda"), blank=True,
                              help_text=_("One item per line; the minutes start from these."))
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    invited_at = models.DateTimeField(_("invitations sent"), null=True, blank=True,
                                      editable=False)
    guests = models.TextField(_("invited guests"), blank=True,
                              help_text=_("Others who attended, one per line."))
    quorum_met = models.BooleanField(_("quorum"), null=True, blank=True, editable=False)
    # the minutes
    minutes_intro = models.TextField(_("minutes: introduction"), blank=True)
    minutes_status = models.CharField(
        _("minutes"), max_length=20, default="none",
        choices=[("none", pgettext_lazy("minutes status", "Not written")),
                 ("draft", pgettext_lazy("minutes status", "Draft")),
                 ("final", pgettext_lazy("minutes status", "Signed"))])
    minutes_signed_at = models.DateTimeField(_("minutes signed"), null=True, blank=True)
    minutes_written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                           null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["group", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True)
                                   | Q(ends_at__gt=models.F("starts_at")),
                                   name="bendradarbiavimas_meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.group} — {timezone.localtime(self.starts_at):%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("bendradarbiavimas:meeting_detail", args=[self.pk])


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    REMOTE = "remote", pgettext_lazy("attendance", "Present remotely")
    EXCUSED = "excused", pgettext_lazy("attendance", "Absent, excused")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")


#: Attendance that counts toward the quorum.
PRESENT_STATUSES = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Whoever sees the meeting sees who came to it."""
        return self.filter(meeting__in=Meeting.objects.visible_to(user).values("pk"))


class Attendance(models.Model):
    """Whether a member came to a meeting (one row per member who was a member on the
    day)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance",
                                verbose_name=_("meeting"))
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE,
                               related_name="attendance", verbose_name=_("member"))
    status = models.CharField(_("attendance"), max_length=20,
                              choices=AttendanceStatus.choices,
                              default=AttendanceStatus.PRESENT)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"],
                                               name="bendradarbiavimas_attendance_once")]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_status_display()}"


class AgendaItem(models.Model):
    """One numbered item of a meeting's minutes: what was discussed (SVARSTYTA), who
    presented it, how the vote went and what was decided (NUTARTA)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("meeting"))
    order = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("item"), max_length=500)
    presenter = models.CharField(_("presented by"), max_length=255, blank=True)
    discussed = models.TextField(_("discussed"), blank=True, help_text=_("Markdown."))
    votes = models.CharField(_("voted"), max_length=120, blank=True,
                             help_text=_("For example: for 5, against 0, abstained 1."))
    decided = models.TextField(_("decided"), blank=True, help_text=_("Markdown."))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class DecisionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("decision status", "Open")
    DONE = "done", pgettext_lazy("decision status", "Done")
    CANCELLED = "cancelled", pgettext_lazy("decision status", "Cancelled")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if _nobody(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(Q(owner=user)
                           | Q(meeting__in=Meeting.objects.visible_to(user).values("pk")))

    def open(self):
        return self.filter(status=DecisionStatus.OPEN)

    def overdue(self, day=None):
        day = day or timezone.localdate()
        return self.open().filter(due_on__lt=day)


class Decision(models.Model):
    """A decision of a meeting that someone must carry out by a deadline; followed until
    done. A decision of a meeting without a quorum is flagged."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions",
                                verbose_name=_("meeting"))
    item = models.ForeignKey(AgendaItem, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="decisions", verbose_name=_("agenda item"))
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="group_decisions",
                              verbose_name=_("responsible"))
    owner_name = models.CharField(_("responsible (outside the portal)"), max_length=160,
                                  blank=True)
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices,
                              default=DecisionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True,
                                       editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "reminded_at"])

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "status", "due_on"]),
                   models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=~Q(status="done") | Q(done_on__isnull=False),
                                   name="bendradarbiavimas_decision_done_dated"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def get_absolute_url(self) -> str:
        return reverse("bendradarbiavimas:decision_detail", args=[self.pk])

    @property
    def is_overdue(self) -> bool:
        return (self.status == DecisionStatus.OPEN and self.due_on is not None
                and self.due_on < timezone.localdate())

    @property
    def without_quorum(self) -> bool:
        return self.meeting.quorum_met is False


# --- who may do what (facts about a user and an object; the services ask these) -------------

def may_manage(user) -> bool:
    """Department staff (and administrators): they edit everything here. Management read."""
    return user.is_authenticated and user.is_active and user.can_manage_territory


def may_keep(user, group: WorkingGroup) -> bool:
    """Who keeps a group's meetings, attendance, minutes and decisions: staff, and the
    group's current chair and secretary."""
    if may_manage(user):
        return True
    return GroupMember.objects.of_user(user).current().filter(
        group=group, role__in=KEEPER_ROLES).exists()
