"""The yearly file plan (*dokumentacijos planas*): the department's files (*bylos*) with
their index, title, retention period and the BDSTR item they follow; the BDSTR items as
data staff keep current."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


def _signed_in(user) -> bool:
    return user.is_authenticated and user.is_active


def may_manage(user) -> bool:
    """Department staff (and administrators) keep the plan, the registers and the archive."""
    return _signed_in(user) and user.can_manage_territory


def may_read(user) -> bool:
    """Staff and management read the plan, the registers and the archive."""
    return _signed_in(user) and user.sees_whole_territory


def may_approve(user) -> bool:
    """Management (and administrators) approve a file plan and a destruction act; staff
    record an approval made on paper too (``approved_by`` says who pressed it)."""
    return _signed_in(user) and (user.is_management or user.can_manage_territory)


class RetentionClass(models.TextChoices):
    """The classes the inventories are made by: permanent, long (more than 10 years) and
    temporary (up to 10 years)."""

    PERMANENT = "permanent", pgettext_lazy("retention class", "Kept permanently")
    LONG = "long", pgettext_lazy("retention class", "Kept long (more than 10 years)")
    TEMPORARY = "temporary", pgettext_lazy("retention class", "Kept temporarily (up to 10 "
                                                              "years)")


def retention_class(permanent: bool, years: int | None) -> str:
    if permanent:
        return RetentionClass.PERMANENT
    return RetentionClass.LONG if (years or 0) > 10 else RetentionClass.TEMPORARY


class BdstrItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if may_read(user) else self.none()

    def current(self):
        return self.filter(in_force=True)


class BdstrItem(models.Model):
    """One item of the retention index (BDSTR, order V-100 and its successors): staff keep
    the items as data, since the index is being replaced by new acts."""

    act = models.CharField(_("legal act"), max_length=200,
                           help_text=_("The index and its edition, e.g. \"BDSTR (V-100, "
                                       "2011), 2024 edition\"."))
    code = models.CharField(_("item"), max_length=20)
    title = models.CharField(_("documents"), max_length=500)
    permanent = models.BooleanField(_("kept permanently"), default=False)
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), null=True,
                                                       blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    in_force = models.BooleanField(_("in force"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = BdstrItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("BDSTR item")
        verbose_name_plural = _("BDSTR items")
        ordering = ["act", "code"]
        constraints = [
            models.UniqueConstraint(fields=["act", "code"], name="bdstr_item_once_per_act"),
            models.CheckConstraint(
                condition=(Q(permanent=True, retention_years=None)
                           | Q(permanent=False, retention_years__gte=1)),
                name="bdstr_item_retention_set"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def retention_class(self) -> str:
        return retention_class(self.permanent, self.retention_years)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("file plan status", "Draft")
    APPROVED = "approved", pgettext_lazy("file plan status", "Approved")
    CLOSED = "closed", pgettext_lazy("file plan status", "Year closed")


class FilePlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if may_read(user) else self.none()


class FilePlan(models.Model):
    """The department's part of the Library's file plan for one year. A draft is edited;
    approved, it is fixed (documents are registered and filed into its files); at year end
    its files close and the year is closed (nothing more is filed into it)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT, db_index=True)
    unit_name = models.CharField(_("structural unit"), max_length=200, blank=True,
                                 help_text=_("The department's name as the Library's plan "
                                             "lists it."))
    copied_from = models.ForeignKey("self", verbose_name=_("copied from"), null=True,
                                    blank=True, on_delete=models.SET_NULL,
                                    related_name="copies")
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approval_reference = models.CharField(
        _("approving document"), max_length=200, blank=True,
        help_text=_("E.g. the director's order of 2026-01-05 No. V-3."))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("closed by"),
                                  null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = FilePlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("file plan")
        verbose_name_plural = _("file plans")
        ordering = ["-year"]
        constraints = [models.CheckConstraint(
            condition=Q(status="draft") | Q(approved_on__isnull=False),
            name="file_plan_approved_has_date")]

    def __str__(self) -> str:
        return str(_("File plan %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("archyvas:plan_detail", args=[self.year])

    @property
    def is_draft(self) -> bool:
        return self.status == PlanStatus.DRAFT

    @property
    def is_closed(self) -> bool:
        return self.status == PlanStatus.CLOSED

    @property
    def takes_documents(self) -> bool:
        """Documents are registered and filed into an approved plan's files, not yet
        closed."""
        return self.status == PlanStatus.APPROVED


class PlanFileQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if may_read(user) else self.none()

    def open_for_filing(self):
        return self.filter(plan__status=PlanStatus.APPROVED, closed_on=None)

    def expired(self, today: date):
        """Closed files kept for a number of years whose retention ended before ``today``
        and whose stored files are not yet destroyed."""
        return self.filter(permanent=False, closed_on__isnull=False, destroyed_on=None,
                           retention_ends__lt=today)


class PlanFile(models.Model):
    """One file (*byla*) of a year's plan."""

    plan = models.ForeignKey(FilePlan, verbose_name=_("file plan"), on_delete=models.CASCADE,
                             related_name="files")
    index = models.CharField(_("file index"), max_length=20,
                             help_text=_("E.g. 7.12: the department's number and the "
                                         "file's."))
    title = models.CharField(_("file title"), max_length=500)
    permanent = models.BooleanField(_("kept permanently"), default=False)
    retention_years = models.PositiveSmallIntegerField(
        _("retention (years)"), null=True, blank=True,
        help_text=_("Counted from 1 January of the year after the file closes."))
    bdstr_item = models.ForeignKey(BdstrItem, verbose_name=_("BDSTR item"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="archive_files")
    # The fileable document kinds (``portalas.registry.fileable_kind`` names, optionally
    # ``kind:subkind`` such as ``ataskaitos.document:regional_analysis``) whose "File it"
    # suggests this file.
    kinds = models.JSONField(_("document kinds filed here"), default=list, blank=True)
    position = models.PositiveIntegerField(default=0)
    # Year end: the file closes (its dates are its documents' first and last); the retention
    # is counted from 1 January of the following year and ends on ``retention_ends``.
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    first_date = models.DateField(_("first document"), null=True, blank=True)
    last_date = models.DateField(_("last document"), null=True, blank=True)
    sheets = models.PositiveIntegerField(_("sheets"), null=True, blank=True,
                                         help_text=_("For a file kept on paper."))
    retention_ends = models.DateField(_("retention ends"), null=True, blank=True,
                                      db_index=True)
    # Destroyed by an approved destruction act: the stored files of its documents are
    # deleted; the register rows, the file's row and the act remain.
    destroyed_on = models.DateField(_("destroyed on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PlanFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["plan", "position", "index"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "index"], name="plan_file_index_once"),
            models.CheckConstraint(
                condition=(Q(permanent=True, retention_years=None)
                           | Q(permanent=False, retention_years__gte=1)),
                name="plan_file_retention_set"),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("archyvas:file_detail", args=[self.pk])

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def retention_class(self) -> str:
        return retention_class(self.permanent, self.retention_years)

    @property
    def retention_label(self) -> str:
        if self.permanent:
            return str(pgettext_lazy("retention", "permanently"))
        return str(pgettext_lazy("retention", "%(years)s y.") % {"years": self.retention_years})

    def retention_end_for(self, closed_year: int) -> date | None:
        """The last day the file is kept: ``retention_years`` counted from 1 January of the
        year after it closed (closed in 2025, 5 years: kept until 2030-12-31)."""
        if self.permanent:
            return None
        return date(closed_year + self.retention_years, 12, 31)
