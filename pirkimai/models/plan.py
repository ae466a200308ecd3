"""The year's procurement plan: planned purchases with their CPV code, estimated value
without VAT, quarter and method. The thresholds are settings (``threshold_for``)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from pirkimai.models.access import ReadableQuerySetMixin
from pirkimai.models.vocabulary import CpvCode

MONEY = {"max_digits": 12, "decimal_places": 2}


class PurchaseKind(models.TextChoices):
    GOODS = "goods", pgettext_lazy("purchase kind", "Goods")
    SERVICES = "services", pgettext_lazy("purchase kind", "Services")
    WORKS = "works", pgettext_lazy("purchase kind", "Works")


def threshold_for(kind: str) -> Decimal:
    """The low-value threshold without VAT for a kind of purchase, from the settings."""
    if kind == PurchaseKind.WORKS:
        return Decimal(settings.PROCUREMENT_LOW_VALUE_WORKS)
    return Decimal(settings.PROCUREMENT_LOW_VALUE_GOODS_SERVICES)


class Method(models.TextChoices):
    LOW_VALUE = "low_value", _("Low-value purchase (survey)")
    CENTRAL = "central", _("Through the central purchasing body (CPO LT)")
    OPEN = "open", _("Open procedure")
    RESTRICTED = "restricted", _("Restricted procedure")
    NEGOTIATED_PUBLISHED = "negotiated_published", _("Negotiated procedure with publication")
    NEGOTIATED = "negotiated", _("Negotiated procedure without publication")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("procurement plan", "Draft")
    APPROVED = "approved", pgettext_lazy("procurement plan", "Approved")


class ProcurementPlanQuerySet(ReadableQuerySetMixin, models.QuerySet):
    pass


class ProcurementPlan(models.Model):
    """The year's plan of purchases: drafted by staff, approved by management; an approved
    plan is still amended during the year (each change is in the history)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT)
    note = models.TextField(_("note"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("approved by"))
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("copied from"))
    # The day the summary was published in CVP IS (staff mark it; the reminder stops).
    summary_published_on = models.DateField(_("summary published in CVP IS on"), null=True,
                                            blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = ProcurementPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("procurement plan")
        verbose_name_plural = _("procurement plans")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("Procurement plan %(year)s") % {"year": self.year}

    def get_absolute_url(self) -> str:
        return reverse("pirkimai:plan_detail", args=[self.year])


class PlannedPurchaseQuerySet(ReadableQuerySetMixin, models.QuerySet):
    def above_low_value(self):
        """What the summary (pirkimų suvestinė) lists: every method but low-value."""
        return self.exclude(method=Method.LOW_VALUE)


class PlannedPurchase(models.Model):
    plan = models.ForeignKey(ProcurementPlan, on_delete=models.CASCADE,
                             related_name="purchases", verbose_name=_("plan"))
    title = models.CharField(_("object of the purchase"), max_length=300)
    cpv = models.ForeignKey(CpvCode, on_delete=models.PROTECT, related_name="planned",
                            verbose_name=_("CPV code"))
    kind = models.CharField(_("kind"), max_length=10, choices=PurchaseKind.choices,
                            default=PurchaseKind.GOODS)
    estimated_value = models.DecimalField(_("estimated value without VAT, EUR"), **MONEY)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("When the purchase is to start."))
    method = models.CharField(_("method"), max_length=24, choices=Method.choices,
                              default=Method.LOW_VALUE)
    duration_months = models.PositiveSmallIntegerField(
        _("contract term, months"), null=True, blank=True)
    green = models.BooleanField(_("green purchase"), default=False)
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("responsible"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["version"])

    objects = PlannedPurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned purchase")
        verbose_name_plural = _("planned purchases")
        ordering = ["plan", "quarter", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(estimated_value__gt=0),
                                   name="planned_purchase_value_positive"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4),
                                   name="planned_purchase_quarter_1_4"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pirkimai:plan_detail", args=[self.plan.year]) + f"#p{self.pk}"

    @property
    def is_low_value(self) -> bool:
        return self.method == Method.LOW_VALUE

    @property
    def threshold(self) -> Decimal:
        return threshold_for(self.kind)
