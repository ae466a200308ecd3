"""Projects and programmes (charter functions 2.1–2.3): the department's own projects and
the territory libraries' projects, from an idea to the end of the sustainability period,
with partners, budget, activities, indicators, documents and funders' deadlines; and the
calls for applications libraries should hear of in time.

A project with ``owner_library`` empty is the department's (the Library's); with it set,
it is that territory library's own project, which its people register."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library, Organisation
from bibliotekos.scoping import ReferenceQuerySet, visible_library_ids
from mokymai.models import TrainingEvent
from paskyros.models import Role

MONEY = {"max_digits": 12, "decimal_places": 2,
         "validators": [MinValueValidator(Decimal("0"))]}


def _upload_to(instance, filename: str) -> str:
    return f"projektai/{instance.project_id}/{filename}"


class FundingProgramme(models.Model):
    """A funder's programme (LKT, a municipality's culture fund, Erasmus+, Creative Europe,
    Nordplus…): an editable list. Its deadline rules are applied when a project of the
    programme is created."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="funding_programmes", verbose_name=_("funder"))
    website = models.URLField(_("website"), blank=True)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("funding programme")
        verbose_name_plural = _("funding programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("projektai:programme_detail", args=[self.pk])


class DeadlineKind(models.TextChoices):
    REPORT = "report", _("Report")
    INTERIM_REPORT = "interim_report", _("Interim report")
    CHANGE_REQUEST = "change_request", _("Change request")
    MILESTONE = "milestone", _("Milestone")
    PAYMENT = "payment", _("Payment request")
    OTHER = "other", _("Other")


class DeadlineAnchor(models.TextChoices):
    START = "start", _("Days after the project starts")
    END = "end", _("Days after the project ends")
    YEARLY = "yearly", _("A date in every year the project runs")


class DeadlineRule(models.Model):
    """A funder's deadline template, kept by staff: "final report within 10 working days
    after the end and by 31 December" is anchor END, offset 10, working days, no later than
    12-31 of the end year; "change requests by 1 December" is anchor YEARLY on 12-01."""

    programme = models.ForeignKey(FundingProgramme, on_delete=models.CASCADE,
                                  related_name="deadline_rules", verbose_name=_("programme"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices,
                            default=DeadlineKind.REPORT)
    anchor = models.CharField(_("counted from"), max_length=10,
                              choices=DeadlineAnchor.choices, default=DeadlineAnchor.END)
    offset = models.SmallIntegerField(_("days"), default=0,
                                      validators=[MinValueValidator(-366),
                                                  MaxValueValidator(366)])
    working_days = models.BooleanField(_("working days"), default=False,
                                       help_text=_("Count Monday to Friday without "
                                                   "Lithuanian public holidays."))
    month = models.PositiveSmallIntegerField(
        _("month"), null=True, blank=True, validators=[MinValueValidator(1),
                                                       MaxValueValidator(12)])
    day = models.PositiveSmallIntegerField(
        _("day"), null=True, blank=True, validators=[MinValueValidator(1),
                                                     MaxValueValidator(31)])
    latest_month = models.PositiveSmallIntegerField(
        _("no later than (month)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)])
    latest_day = models.PositiveSmallIntegerField(
        _("no later than (day)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Of the year the anchor date falls in, e.g. 12-31."))
    remind_days = models.PositiveSmallIntegerField(
        _("remind days before"), default=5, validators=[MaxValueValidator(120)])
    remind_working = models.BooleanField(_("remind in working days"), default=True)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.anchor == DeadlineAnchor.YEARLY:
            if not (self.month and self.day):
                errors["month"] = _("A yearly deadline needs a month and a day.")
            elif not _valid_day(self.month, self.day):
                errors["day"] = _("There is no such date.")
        if bool(self.latest_month) != bool(self.latest_day):
            errors["latest_day"] = _("Give both the month and the day, or neither.")
        elif self.latest_month and not _valid_day(self.latest_month, self.latest_day):
            errors["latest_day"] = _("There is no such date.")
        if errors:
            raise ValidationError(errors)


def _valid_day(month: int, day: int) -> bool:
    try:
        date(2024, month, day)  # a leap year: 02-29 is a date
    except ValueError:
        return False
    return True


class ProjectRole(models.TextChoices):
    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PREPARING = "preparing", _("Preparing")
    SUBMITTED = "submitted", _("Submitted")
    GRANTED = "granted", _("Granted")
    REJECTED = "rejected", _("Rejected")
    RUNNING = "running", _("Running")
    REPORTING = "reporting", _("Reporting")
    CLOSED = "closed", _("Closed")
    SUSTAINABILITY = "sustainability", _("Sustainability period")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Where a project may go from each status (the services enforce it). A project may step
# back one step when a status was set by mistake.
TRANSITIONS = {
    ProjectStatus.IDEA: {ProjectStatus.PREPARING, ProjectStatus.WITHDRAWN},
    ProjectStatus.PREPARING: {ProjectStatus.IDEA, ProjectStatus.SUBMITTED,
                              ProjectStatus.WITHDRAWN},
    ProjectStatus.SUBMITTED: {ProjectStatus.PREPARING, ProjectStatus.GRANTED,
                              ProjectStatus.REJECTED, ProjectStatus.WITHDRAWN},
    ProjectStatus.GRANTED: {ProjectStatus.SUBMITTED, ProjectStatus.RUNNING,
                            ProjectStatus.WITHDRAWN},
    ProjectStatus.REJECTED: {ProjectStatus.SUBMITTED, ProjectStatus.PREPARING},
    ProjectStatus.RUNNING: {ProjectStatus.GRANTED, ProjectStatus.REPORTING},
    ProjectStatus.REPORTING: {ProjectStatus.RUNNING, ProjectStatus.CLOSED},
    ProjectStatus.CLOSED: {ProjectStatus.REPORTING, ProjectStatus.SUSTAINABILITY},
    ProjectStatus.SUSTAINABILITY: {ProjectStatus.CLOSED},
    ProjectStatus.WITHDRAWN: {ProjectStatus.IDEA},
}
# The board's columns, in order.
PIPELINE = [ProjectStatus.IDEA, ProjectStatus.PREPARING, ProjectStatus.SUBMITTED,
            ProjectStatus.GRANTED, ProjectStatus.REJECTED, ProjectStatus.RUNNING,
            ProjectStatus.REPORTING, ProjectStatus.CLOSED, ProjectStatus.SUSTAINABILITY]
# Statuses a project has reached once it was submitted (for the success rate).
DECIDED_GRANTED = (ProjectStatus.GRANTED, ProjectStatus.RUNNING, ProjectStatus.REPORTING,
                   ProjectStatus.CLOSED, ProjectStatus.SUSTAINABILITY)


class ProjectQuerySet(models.QuerySet):
    """Whole-territory roles see every project. A librarian sees their library's own
    projects and the projects their library is a partner in (a director with the outlets
    under their library)."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        if user.role != Role.LIBRARIAN:
            return self.none()
        ids = visible_library_ids(user)
        partner_of = ProjectPartner.objects.filter(library_id__in=ids).values("project_id")
        return self.filter(Q(owner_library_id__in=ids) | Q(pk__in=partner_of))

    def department(self):
        return self.filter(owner_library__isnull=True)

    def of_libraries(self):
        return self.filter(owner_library__isnull=False)


class Project(models.Model):
    title = models.CharField(_("title"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    programme = models.ForeignKey(FundingProgramme, on_delete=models.PROTECT,
                                  related_name="projects", verbose_name=_("funder and programme"))
    call = models.ForeignKey("Call", on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="projects", verbose_name=_("call"))
    call_name = models.CharField(_("call (as the funder names it)"), max_length=255,
                                 blank=True)
    application_number = models.CharField(_("application number"), max_length=60, blank=True)
    contract_number = models.CharField(_("contract number"), max_length=60, blank=True)
    role = models.CharField(_("our role"), max_length=10, choices=ProjectRole.choices,
                            default=ProjectRole.LEAD)
    lead_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="led_projects", verbose_name=_("lead organisation"),
        help_text=_("When we are a partner: who leads the project."))
    owner_library = models.ForeignKey(
        Library, on_delete=models.PROTECT, null=True, blank=True,
        related_name="own_projects", verbose_name=_("library"),
        help_text=_("Empty for the department's own projects."))
    summary = models.TextField(_("aim and summary"), blank=True)
    responsible = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                         related_name="responsible_projects",
                                         verbose_name=_("responsible people"))
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    decided_on = models.DateField(_("decision on"), null=True, blank=True)
    sustainability_until = models.DateField(_("sustainability period until"), null=True,
                                            blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProjectStatus.choices,
                              default=ProjectStatus.IDEA, db_index=True)
    requested_amount = models.DecimalField(_("requested, EUR"), null=True, blank=True, **MONEY)
    granted_amount = models.DecimalField(_("granted, EUR"), null=True, blank=True, **MONEY)
    spent_amount = models.DecimalField(
        _("spent, EUR"), null=True, blank=True, **MONEY,
        help_text=_("Counted from the budget lines when the project has them."))
    submission_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("submission requested by"))
    submission_requested_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("submission approved by"))
    approved_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[responsible],
                                excluded_fields=["updated_at", "version"])

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_start",
                violation_error_message=_("The project cannot end before it starts.")),
        ]

    def __str__(self) -> str:
        return f"{self.acronym} – {self.title}" if self.acronym else self.title

    def get_absolute_url(self) -> str:
        return reverse("projektai:project_detail", args=[self.pk])

    @property
    def is_department(self) -> bool:
        return self.owner_library_id is None

    @property
    def awaiting_approval(self) -> bool:
        return (self.status == ProjectStatus.PREPARING
                and self.submission_requested_at is not None)

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The project cannot end before it starts.")
        if (self.granted_amount is not None and self.requested_amount is not None
                and self.granted_amount > self.requested_amount * 2):
            errors["granted_amount"] = _("The granted sum is more than twice the requested "
                                         "one: check the number.")
        if self.role == ProjectRole.PARTNER and self.lead_organisation_id is None:
            errors["lead_organisation"] = _("Name the organisation that leads the project.")
        if errors:
            raise ValidationError(errors)


class ProjectPartQuerySet(models.QuerySet):
    """The parts of a project (partners, budget, activities…) are seen with the project."""

    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user))


class ProjectPartner(models.Model):
    """A partner: a library of the territory (from the registry) or an organisation."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    library = models.ForeignKey(Library, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="project_partnerships",
                                verbose_name=_("territory library"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="project_partnerships",
                                     verbose_name=_("organisation"))
    role = models.CharField(_("role in the project"), max_length=150, blank=True)
    contribution = models.DecimalField(_("contribution, EUR"), null=True, blank=True, **MONEY)
    history = HistoricalRecords()

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(library__isnull=False, organisation__isnull=True)
                           | Q(library__isnull=True, organisation__isnull=False)),
                name="project_partner_library_or_organisation",
                violation_error_message=_("Choose a territory library or an organisation.")),
            models.UniqueConstraint(fields=["project", "library"],
                                    name="project_partner_library_once",
                                    violation_error_message=_("This library is already a "
                                                              "partner.")),
            models.UniqueConstraint(fields=["project", "organisation"],
                                    name="project_partner_organisation_once",
                                    violation_error_message=_("This organisation is already "
                                                              "a partner.")),
        ]

    def __str__(self) -> str:
        return str(self.library or self.organisation)


class CoFinancing(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="co_financing")
    source = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("source"))
    source_name = models.CharField(_("source (if not in the list)"), max_length=200,
                                   blank=True, help_text=_("For example: own funds."))
    amount = models.DecimalField(_("amount, EUR"), **MONEY)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    history = HistoricalRecords()

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-financing")
        verbose_name_plural = _("co-financing")
        ordering = ["pk"]

    def __str__(self) -> str:
        return str(self.source) if self.source_id else self.source_name

    def clean(self):
        if not self.source_id and not self.source_name.strip():
            raise ValidationError({"source_name": _("Name the source of the money.")})


class BudgetLine(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="budget_lines")
    code = models.CharField(_("no."), max_length=20, blank=True)
    title = models.CharField(_("budget line"), max_length=255)
    planned = models.DecimalField(_("planned, EUR"), default=Decimal("0"), **MONEY)
    spent = models.DecimalField(_("spent, EUR"), default=Decimal("0"), **MONEY)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()


class ActivityKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    MILESTONE = "milestone", _("Milestone")


class Activity(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=10, choices=ActivityKind.choices,
                            default=ActivityKind.ACTIVITY)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to (or the milestone's date)"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords()

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        # in time order: a milestone (no start) at its date; undated ones last, on every
        # database
        ordering = [Coalesce("starts_on", "ends_on").asc(nulls_last=True), "order", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot come before the start.")})


class Deliverable(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deliverables")
    title = models.CharField(_("deliverable"), max_length=255)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    history = HistoricalRecords()

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class IndicatorMeasure(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    EVENTS = "events", _("Trainings held (counted from the linked trainings)")
    PARTICIPANTS = "participants", _("Participants (counted from the linked trainings)")


class ProjectIndicator(models.Model):
    """A result indicator, planned vs achieved. Counted ones take the trainings linked to
    them from ``mokymai``: held or completed events, and the people who attended them."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=255)
    unit = models.CharField(_("unit"), max_length=30, default="vnt.")
    measure = models.CharField(_("how it is counted"), max_length=15,
                               choices=IndicatorMeasure.choices, default=IndicatorMeasure.MANUAL)
    planned = models.DecimalField(_("planned"), max_digits=12, decimal_places=2,
                                  validators=[MinValueValidator(Decimal("0"))])
    achieved_manual = models.DecimalField(
        _("achieved (entered)"), max_digits=12, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("For counted indicators: what was achieved besides the linked "
                    "trainings."))
    events = models.ManyToManyField(TrainingEvent, blank=True, related_name="project_indicators",
                                    verbose_name=_("trainings that count toward it"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = HistoricalRecords(m2m_fields=[events])

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class DocumentKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    CONTRACT = "contract", _("Contract")
    BUDGET = "budget", _("Budget estimate")
    CHANGE_REQUEST = "change_request", _("Change request")
    INTERIM_REPORT = "interim_report", _("Interim report")
    FINAL_REPORT = "final_report", _("Final report")
    DECISION = "decision", _("Funder's decision")
    OTHER = "other", _("Other")


class ProjectDocument(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices,
                            default=DocumentKind.OTHER)
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("project document")
        verbose_name_plural = _("project documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Deadline(models.Model):
    """A dated obligation: a report, a change request, a milestone. E-mailed to the
    responsible people ``remind_days`` (working) days before, and shown as overdue on the
    staff home page until marked done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=DeadlineKind.choices,
                            default=DeadlineKind.REPORT)
    due_on = models.DateField(_("due on"), db_index=True)
    remind_days = models.PositiveSmallIntegerField(
        _("remind days before"), default=5, validators=[MaxValueValidator(120)])
    remind_working = models.BooleanField(_("remind in working days"), default=True)
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="project_deadlines",
        verbose_name=_("responsible people"),
        help_text=_("Empty: the project's responsible people."))
    rule = models.ForeignKey(DeadlineRule, on_delete=models.SET_NULL, null=True, blank=True,
                             related_name="deadlines", verbose_name=_("from the rule"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    reminded_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords(m2m_fields=[responsible], excluded_fields=["reminded_on"])

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def remind_on(self) -> date:
        from portalas.workdays import days_before

        return days_before(self.due_on, self.remind_days, working=self.remind_working)

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class StatusChange(models.Model):
    """The project's way through the pipeline, for its timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE,
                                related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ProjectStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                           related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=255, blank=True)

    objects = ProjectPartQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class CallQuerySet(models.QuerySet):
    """Published calls are read by every signed-in user; drafts by whole-territory roles."""

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(published=True)


class Call(models.Model):
    """A call for applications libraries may answer, kept by staff."""

    title = models.CharField(_("title"), max_length=300)
    programme = models.ForeignKey(FundingProgramme, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="calls",
                                  verbose_name=_("funder and programme"))
    funder = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="calls", verbose_name=_("funder"))
    description = models.TextField(_("description"), blank=True)
    eligible = models.CharField(_("who may apply"), max_length=300, blank=True)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    deadline = models.DateField(_("application deadline"), db_index=True)
    link = models.URLField(_("link"), blank=True)
    budget = models.CharField(_("funding available"), max_length=120, blank=True)
    published = models.BooleanField(_("published"), default=True,
                                    help_text=_("Librarians see published calls."))
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    digest_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["digest_sent_at"])

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("projektai:call_detail", args=[self.pk])

    @property
    def funder_shown(self):
        """The call's funder, else its programme's."""
        if self.funder_id:
            return self.funder
        return self.programme.funder if self.programme_id else None

    def is_open(self, today: date) -> bool:
        return self.deadline >= today and (self.opens_on is None or self.opens_on <= today)


class CallSubscription(models.Model):
    """A user who asked for the e-mail digest of new calls (opt-in)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="call_subscription")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calls digest subscription")
        verbose_name_plural = _("calls digest subscriptions")

    def __str__(self) -> str:
        return str(self.user)
