"""Concluded contracts and invoices (a low-value purchase may end in an invoice alone):
the year's register of them, with those ending soon.

A contract usually closes a purchase of this app (its request, approval and supplier
survey); one concluded otherwise (through CPO LT, an open procedure run elsewhere) is
registered without a purchase and may name its line of the plan. ``SummaryReminder``
remembers when the reminder of a year's summary (pirkimų suvestinė) was last sent, so it
goes out once a week at most."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import Organisation
from pirkimai.models.access import ReadableQuerySetMixin
from pirkimai.models.plan import MONEY, PlannedPurchase
from pirkimai.models.purchases import Purchase


class ContractKind(models.TextChoices):
    CONTRACT = "contract", pgettext_lazy("procurement", "Contract")
    INVOICE = "invoice", pgettext_lazy("procurement", "Invoice")


def _upload_to(instance, filename: str) -> str:
    return f"pirkimai/sutartys/{instance.signed_on:%Y}/{filename}"


class ContractQuerySet(ReadableQuerySetMixin, models.QuerySet):
    def of_year(self, year: int):
        return self.filter(signed_on__year=year)

    def ending_between(self, start, end):
        return self.filter(ends_on__gte=start, ends_on__lte=end)


class Contract(models.Model):
    purchase = models.ForeignKey(Purchase, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="contracts", verbose_name=_("purchase"))
    # the line of the plan: the purchase's, or chosen for a contract without a purchase
    planned = models.ForeignKey(PlannedPurchase, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="contracts",
                                verbose_name=_("line of the plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=ContractKind.choices,
                            default=ContractKind.CONTRACT)
    number = models.CharField(_("number"), max_length=60)
    signed_on = models.DateField(_("date"))
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="procurement_contracts",
                                 verbose_name=_("supplier"))
    subject = models.CharField(pgettext_lazy("contract", "subject"), max_length=300)
    value = models.DecimalField(_("value without VAT, EUR"), **MONEY)
    value_with_vat = models.DecimalField(_("value with VAT, EUR"), null=True, blank=True,
                                         **MONEY)
    ends_on = models.DateField(_("valid until"), null=True, blank=True)
    extension = models.CharField(_("extension"), max_length=300, blank=True,
                                 help_text=_("Whether and how the term may be extended."))
    payment = models.CharField(_("payment terms"), max_length=300, blank=True,
                               help_text=_("For example: within 30 days of receiving the "
                                           "invoice."))
    file = models.FileField(_("signed copy"), upload_to=_upload_to, max_length=300,
                            blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract or invoice")
        verbose_name_plural = _("contracts and invoices")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="contract_value_positive"),
            models.CheckConstraint(condition=Q(value_with_vat__isnull=True)
                                   | Q(value_with_vat__gte=F("value")),
                                   name="contract_vat_not_below_value"),
            models.CheckConstraint(condition=Q(ends_on__isnull=True)
                                   | Q(ends_on__gte=models.F("signed_on")),
                                   name="contract_ends_after_signed"),
            models.UniqueConstraint(fields=["supplier", "kind", "number"],
                                    name="contract_number_once_per_supplier"),
        ]
        indexes = [models.Index(fields=["ends_on"]), models.Index(fields=["signed_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("pirkimai:contract_detail", args=[self.pk])

    @property
    def has_file(self) -> bool:
        return bool(self.file)

    @property
    def vat(self):
        """The VAT of the contract (with VAT − without), when the value with VAT is known."""
        if self.value_with_vat is None:
            return None
        return self.value_with_vat - self.value


class SummaryReminder(models.Model):
    """When the reminder of a year's summary was last sent (one row per year)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_sent_on = models.DateField()

    class Meta:
        verbose_name = _("summary reminder")
        verbose_name_plural = _("summary reminders")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_sent_on.isoformat()}"


class EndingNotice(models.Model):
    """The week (its Monday) the notice of contracts ending soon went out: one row per week,
    so a second run of the weekly task (a retry, a manual run) sends nothing."""

    week = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("notice of contracts ending")
        verbose_name_plural = _("notices of contracts ending")

    def __str__(self) -> str:
        return self.week.isoformat()
