"""Year end: destruction acts (*dokumentų naikinimo aktai*) for files whose retention ended,
with each file's appraisal."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from archyvas.models.plan import PlanFile, may_read


class ActStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("destruction act status", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("destruction act status", "Submitted for approval")
    APPROVED = "approved", pgettext_lazy("destruction act status", "Approved")
    EXECUTED = "executed", pgettext_lazy("destruction act status", "Files destroyed")


class DestructionActQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if may_read(user) else self.none()


class DestructionAct(models.Model):
    """A destruction act (*dokumentų naikinimo aktas*) for files whose retention ended and
    whose appraisal said "destroy". Nothing is deleted before it is approved; once approved,
    the stored files of those files' documents are deleted and the act remains, with its
    frozen PDF."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=ActStatus.choices,
                              default=ActStatus.DRAFT, db_index=True)
    compiled_on = models.DateField(_("compiled on"))
    compiled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("compiled by"))
    basis = models.TextField(_("basis"), blank=True,
                             help_text=_("The appraisal: who assessed the files and why they "
                                         "are no longer needed."))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("approved by"))
    approval_reference = models.CharField(
        _("approving document"), max_length=200, blank=True,
        help_text=_("For an approval made on paper: e.g. the director's order of 2026-02-10 "
                    "No. V-12."))
    # Why the act was last returned to a draft (management's or staff's words).
    return_reason = models.TextField(_("reason for returning"), blank=True)
    executed_at = models.DateTimeField(_("files destroyed at"), null=True, blank=True)
    # The approved act as a PDF, kept in archive storage once it is approved.
    file = models.FileField(upload_to="archyvas/aktai/", blank=True, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version", "file"])

    objects = DestructionActQuerySet.as_manager()

    class Meta:
        verbose_name = _("destruction act")
        verbose_name_plural = _("destruction acts")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="destruction_act_number"),
            models.CheckConstraint(condition=Q(status__in=["draft", "submitted"])
                                   | Q(approved_on__isnull=False),
                                   name="destruction_act_approved_has_date"),
        ]

    def __str__(self) -> str:
        return str(_("Destruction act %(year)s No. %(number)s")
                   % {"year": self.year, "number": self.number})

    def get_absolute_url(self) -> str:
        return reverse("archyvas:act_detail", args=[self.pk])


class Appraisal(models.TextChoices):
    DESTROY = "destroy", pgettext_lazy("appraisal", "Destroy")
    EXTEND = "extend", pgettext_lazy("appraisal", "Keep longer")


class DestructionItem(models.Model):
    """A file in an act, with its appraisal; only ``destroy`` items are destroyed."""

    act = models.ForeignKey(DestructionAct, on_delete=models.CASCADE, related_name="items")
    plan_file = models.ForeignKey(PlanFile, verbose_name=_("file"), on_delete=models.PROTECT,
                                  related_name="destruction_items")
    decision = models.CharField(_("appraisal"), max_length=10, choices=Appraisal.choices,
                                default=Appraisal.DESTROY)
    extend_years = models.PositiveSmallIntegerField(_("keep for more years"), null=True,
                                                    blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # Copied when the act is approved: what was destroyed, for the act's record.
    documents_count = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("file in the act")
        verbose_name_plural = _("files in the act")
        ordering = ["plan_file__plan__year", "plan_file__index"]
        constraints = [
            models.UniqueConstraint(fields=["act", "plan_file"], name="destruction_item_once"),
            models.CheckConstraint(condition=Q(decision="destroy")
                                   | Q(extend_years__gte=1),
                                   name="destruction_item_extension_set"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_file}: {self.get_decision_display()}"
