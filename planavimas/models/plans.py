"""The Library's annual activity plan and, on the same structure, its annual activity
report (charter function 1.2).

A plan is a year's goals → objectives → measures → indicators. A goal sits in a chapter of
the charter (1 planning and data … 6 general), so the report's chapters follow the
department's functions. An indicator has a planned value and, for the report, either a
metric some app declares (``metric``: its name in the registry — the actual value counts
itself from the records) or a value typed in (``actual_manual``).

Workflow (the plan and the report each): draft → submitted to management → approved, or
returned with comments → (edited) → submitted again. An approved plan is amended by
starting a new version with a reason; every approved version is frozen as a ``Snapshot``
(the whole tree, as JSON) and stays readable. The report is approved the same way, its
actual values frozen in its snapshot. Territory librarians read snapshots only.

Every row carries ``version`` for optimistic locking: a service's conditional UPDATE tells
the second of two editors who saved first instead of overwriting them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from planavimas.models.access import may_read_all, may_read_approved

NUMBER = {"max_digits": 14, "decimal_places": 2}


class Chapter(models.IntegerChoices):
    """The charter's groups of functions: the chapters of the plan and the report."""

    PLANNING = 1, _("Planning and coordination of activities")
    PROJECTS = 2, _("Project activities")
    METHODOLOGY = 3, _("Methodological work and professional development")
    RESEARCH = 4, _("Research and analysis")
    PUBLICITY = 5, _("Publicity and cooperation")
    GENERAL = 6, _("General functions")


class Status(models.TextChoices):
    """Where the plan (or the report) is in its workflow."""

    DRAFT = "draft", pgettext_lazy("annual plan", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("annual plan", "Submitted to management")
    APPROVED = "approved", pgettext_lazy("annual plan", "Approved")
    RETURNED = "returned", pgettext_lazy("annual plan", "Returned with comments")


#: The report's states in words agreeing with "ataskaita" (feminine in Lithuanian).
REPORT_STATUS_LABELS = {
    Status.DRAFT: pgettext_lazy("annual report", "Draft"),
    Status.SUBMITTED: pgettext_lazy("annual report", "Submitted to management"),
    Status.APPROVED: pgettext_lazy("annual report", "Approved"),
    Status.RETURNED: pgettext_lazy("annual report", "Returned with comments"),
}

#: The states in which staff may change the text (structure, results).
EDITABLE = (Status.DRAFT, Status.RETURNED)


class MeasureStatus(models.TextChoices):
    """How a measure was carried out (the report's answer); blank: not yet assessed."""

    DONE = "done", pgettext_lazy("measure", "Done")
    PARTLY = "partly", pgettext_lazy("measure", "Partly done")
    NOT_DONE = "not_done", pgettext_lazy("measure", "Not done")


def _user_fk(verbose_name, related_name="+"):
    return models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name=related_name,
                             verbose_name=verbose_name)


class Reviewed(models.Model):
    """What the plan and the report share: where each stands in the workflow (status,
    version ``number`` and the ``reason`` it was started, management's comments, who
    submitted and decided when) and the ``version`` the optimistic locks compare."""

    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.DRAFT)
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    reason = models.TextField(_("reason for the amendment"), blank=True)
    return_comment = models.TextField(_("management's comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = _user_fk(_("submitted by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = _user_fk(_("decided by"))
    created_by = _user_fk(_("created by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Every plan for staff and management; for anyone else signed in, the plans with
        an approved version (they read that version, never the live draft)."""
        if may_read_all(user):
            return self
        if not may_read_approved(user):
            return self.none()
        return self.filter(snapshots__kind=SnapshotKind.PLAN).distinct()


class Plan(Reviewed):
    """A year's annual activity plan. ``number`` is its current version (1, then each
    amendment adds one); ``reason`` why the current version was started (blank for the
    first). The report on the plan is ``report`` (one to one, made when staff start it)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    introduction = models.TextField(
        _("introduction"), blank=True,
        help_text=_("Markdown: the plan's opening text (the Library's mission, priorities)."))
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("copied from"))
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual activity plan")
        verbose_name_plural = _("annual activity plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Annual activity plan %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("planavimas:plan_detail", args=[self.year])


class Report(Reviewed):
    """The annual activity report on a plan: the texts around the plan's structure; the
    answers per goal, measure and indicator live on those rows."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="report",
                                verbose_name=_("plan"))
    introduction = models.TextField(_("introduction"), blank=True,
                                    help_text=_("Markdown: the year in a few paragraphs."))
    problems = models.TextField(_("problems and how they were solved"), blank=True,
                                help_text=_("Markdown."))
    directions = models.TextField(_("directions for next year"), blank=True,
                                  help_text=_("Markdown."))
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    class Meta:
        verbose_name = _("annual activity report")
        verbose_name_plural = _("annual activity reports")

    def __str__(self) -> str:
        return _("Annual activity report %(year)s") % {"year": self.plan.year}

    def get_absolute_url(self) -> str:
        return reverse("planavimas:report_detail", args=[self.plan.year])

    def get_status_display(self) -> str:
        return REPORT_STATUS_LABELS.get(self.status, self.status)


class Goal(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals",
                             verbose_name=_("plan"))
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    chapter = models.PositiveSmallIntegerField(_("chapter of the charter"),
                                               choices=Chapter.choices)
    title = models.CharField(_("goal"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    # The report's text on the goal (Markdown), written after the year.
    narrative = models.TextField(_("what was done (report)"), blank=True,
                                 help_text=_("Markdown."))
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "chapter", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planavimas:plan_detail", args=[self.plan.year]) + f"#g{self.pk}"


class Objective(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="objectives",
                             verbose_name=_("goal"))
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("objective"), max_length=500)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["goal", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planavimas:plan_detail", args=[self.goal.plan.year]) + f"#o{self.pk}"


class Measure(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE,
                                  related_name="measures", verbose_name=_("objective"))
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    title = models.CharField(_("measure"), max_length=500)
    responsible_unit = models.CharField(_("responsible unit"), max_length=200, blank=True)
    responsible = _user_fk(_("responsible person"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("When no exact deadline: the quarter by which it is done."))
    resources = models.CharField(_("resources"), max_length=500, blank=True)
    budget = models.DecimalField(_("budget, EUR"), null=True, blank=True, **NUMBER)
    # The report's answer.
    result = models.CharField(_("result"), max_length=10, choices=MeasureStatus.choices,
                              blank=True)
    result_comment = models.TextField(_("comment on the result"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["objective", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quarter__isnull=True)
                                   | Q(quarter__gte=1, quarter__lte=4),
                                   name="plan_measure_quarter_1_4"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0),
                                   name="plan_measure_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        plan = self.objective.goal.plan
        return reverse("planavimas:plan_detail", args=[plan.year]) + f"#m{self.pk}"


class Indicator(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="indicators",
                                verbose_name=_("measure"))
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    planned = models.DecimalField(_("planned value"), **NUMBER)
    # The name of a metric in the registry (``portalas.registry.metric``); blank: the
    # actual value is typed in.
    metric = models.CharField(_("counted by the portal"), max_length=120, blank=True)
    actual_manual = models.DecimalField(_("actual value (typed in)"), null=True, blank=True,
                                        **NUMBER)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["measure", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(planned__gte=0),
                                   name="plan_indicator_planned_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        plan = self.measure.objective.goal.plan
        return reverse("planavimas:plan_detail", args=[plan.year]) + f"#i{self.pk}"


class SnapshotKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    REPORT = "report", _("Report")


class SnapshotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Approved versions are published: every signed-in person reads them."""
        return self if may_read_approved(user) else self.none()


class Snapshot(models.Model):
    """An approved version of the plan or the report, frozen: the whole tree as JSON
    (``planavimas.tree``), with the actual values as they stood when the report was
    approved. Never changed after it is written."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="snapshots",
                             verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=SnapshotKind.choices)
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("reason for the amendment"), blank=True)
    data = models.JSONField(_("content"))
    submitted_by = _user_fk(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = _user_fk(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"))

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        ordering = ["plan", "kind", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "kind", "number"],
                                               name="plan_snapshot_one_per_version")]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.get_kind_display()} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("planavimas:version_detail", args=[self.plan.year, self.kind,
                                                          self.number])


class EventAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("plan event", "Created")
    SUBMITTED = "submitted", pgettext_lazy("plan event", "Submitted to management")
    APPROVED = "approved", pgettext_lazy("plan event", "Approved")
    RETURNED = "returned", pgettext_lazy("plan event", "Returned with comments")
    AMENDED = "amended", pgettext_lazy("plan event", "Amendment started")


class Event(models.Model):
    """The workflow's log: who submitted, approved, returned (with what comments) or
    started an amendment of the plan or the report, and when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events",
                             verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=SnapshotKind.choices)
    number = models.PositiveSmallIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=EventAction.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = _user_fk(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        ordering = ["plan", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.kind} v{self.number}: {self.action}"
