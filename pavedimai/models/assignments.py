"""Assignments (pavedimai), each person's task in one, and the log of what they did."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all(user) -> bool:
    """Management (the director, the deputies, the head of the department) and
    administrators see every assignment's state."""
    return _signed_in(user) and (user.is_management or user.is_administrator)


def may_give(user) -> bool:
    """Only management give assignments."""
    return sees_all(user)


#: Whom an assignment (or a delegation) goes to: active staff and management accounts.
ASSIGNEE_ROLES = ("staff", "management")


def may_use(user) -> bool:
    """The app is the department's: staff, management and administrators. A territory
    librarian never gets an assignment; every page of the app is a 404 to them."""
    return _signed_in(user) and (user.role in ASSIGNEE_ROLES or user.is_administrator)


def may_manage(user, assignment) -> bool:
    """The giver edits, cancels and reopens a done task; once the giver's account is no
    longer active, any manager (or an administrator) takes the assignment over."""
    if not _signed_in(user):
        return False
    if assignment.given_by_id == user.pk:
        return True
    return sees_all(user) and not assignment.given_by.is_active


class AssignmentStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("assignment", "Open")
    DONE = "done", pgettext_lazy("assignment", "Done")
    CANCELLED = "cancelled", pgettext_lazy("assignment", "Cancelled")


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _signed_in(user):
            return self.none()
        if sees_all(user):
            return self
        return self.filter(Q(given_by=user)
                           | Q(pk__in=Task.objects.filter(assignee=user)
                               .values("assignment_id")))

    def open(self):
        return self.filter(status=AssignmentStatus.OPEN)


class Assignment(models.Model):
    """One assignment, numbered per year (``2026-12``)."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("what is to be done"))
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="assignments_given",
                                 verbose_name=_("given by"))
    given_on = models.DateField(_("given on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=10, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.OPEN, db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    cancelled_on = models.DateField(_("cancelled on"), null=True, blank=True)
    cancelled_reason = models.TextField(_("why cancelled"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="assignment_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1),
                                   name="assignment_number_positive"),
            models.CheckConstraint(condition=Q(deadline__gte=models.F("given_on")),
                                   name="assignment_deadline_not_before_given"),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.full_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("pavedimai:assignment_detail", args=[self.pk])

    @property
    def full_number(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def done_on_time(self) -> bool:
        return (self.status == AssignmentStatus.DONE and self.closed_on is not None
                and self.closed_on <= self.deadline)

    @property
    def is_open(self) -> bool:
        return self.status == AssignmentStatus.OPEN

    def is_overdue(self, today) -> bool:
        return self.is_open and self.deadline < today


class AssignmentCounter(models.Model):
    """The last number given in a year; the giving transaction locks this row
    (``select_for_update``), so two assignments never share a number."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class AttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(assignment__in=Assignment.objects.visible_to(user))


class AssignmentAttachment(models.Model):
    """A file given with the assignment (by its giver)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE,
                                   related_name="attachments", verbose_name=_("assignment"))
    file = models.FileField(_("file"), upload_to="pavedimai/%Y/", max_length=300)
    name = models.CharField(_("name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


class TaskStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("assignment task", "Not yet seen")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("assignment task", "Acknowledged")
    IN_PROGRESS = "in_progress", pgettext_lazy("assignment task", "In progress")
    DELEGATED = "delegated", pgettext_lazy("assignment task", "Delegated")
    DONE = "done", pgettext_lazy("assignment task", "Done")


OPEN_TASK = [TaskStatus.NEW, TaskStatus.ACKNOWLEDGED, TaskStatus.IN_PROGRESS]


class TaskQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(assignment__in=Assignment.objects.visible_to(user))

    def open(self):
        return self.filter(status__in=OPEN_TASK)

    def overdue(self, today):
        return self.open().filter(deadline__lt=today)


class Task(models.Model):
    """One person's part of an assignment. A delegation closes the delegator's task as
    ``delegated`` and opens one for the delegate with ``delegated_from`` pointing back, so
    the chain giver → assignee → delegate is kept."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE,
                                   related_name="tasks", verbose_name=_("assignment"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="assignment_tasks", verbose_name=_("assignee"))
    delegated_from = models.ForeignKey("self", on_delete=models.PROTECT, null=True,
                                       blank=True, related_name="delegations",
                                       verbose_name=_("delegated by"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(_("status"), max_length=12, choices=TaskStatus.choices,
                              default=TaskStatus.NEW, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # done: when the person reported it done; delegated: when the last of the delegates
    # finished (the part delegated is complete)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    # the reminder before the deadline and the notice once it passed: each sent once
    reminded_on = models.DateField(null=True, blank=True)
    overdue_noticed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version", "reminded_on",
                                                 "overdue_noticed_on", "created_at"])

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignee's task")
        verbose_name_plural = _("assignees' tasks")
        ordering = ["assignment", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "assignee"],
                                    name="assignment_task_once_per_person"),
        ]
        indexes = [models.Index(fields=["assignee", "status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.assignment.full_number}: {self.assignee}"

    def get_absolute_url(self) -> str:
        return self.assignment.get_absolute_url() + f"#t{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_TASK

    def is_overdue(self, today) -> bool:
        return self.is_open and self.deadline < today

    @property
    def done_on(self):
        """The day it was done (Vilnius time), or None."""
        from django.utils import timezone

        return timezone.localdate(self.done_at) if self.done_at else None

    @property
    def done_late(self) -> bool:
        done_on = self.done_on
        return done_on is not None and done_on > self.deadline


class UpdateKind(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("assignment update", "Acknowledged")
    PROGRESS = "progress", pgettext_lazy("assignment update", "Progress")
    DONE = "done", pgettext_lazy("assignment update", "Done")
    DELEGATED = "delegated", pgettext_lazy("assignment update", "Delegated")
    REOPENED = "reopened", pgettext_lazy("assignment update", "Reopened")
    COMMENT = "comment", pgettext_lazy("assignment update", "Comment")


class UpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(task__assignment__in=Assignment.objects.visible_to(user))


class TaskUpdate(models.Model):
    """An entry in a task's log: acknowledged, progress, done (with a note or a file),
    delegated, reopened by the giver, a comment."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates",
                             verbose_name=_("task"))
    kind = models.CharField(_("kind"), max_length=12, choices=UpdateKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("author"))
    text = models.TextField(_("note"), blank=True)
    file = models.FileField(_("file"), upload_to="pavedimai/%Y/", max_length=300,
                            blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("task update")
        verbose_name_plural = _("task updates")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"
