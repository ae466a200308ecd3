"""A purchase from the request (pirkimo paraiška) through management's approval and the
supplier survey (tiekėjų apklausos pažyma) to the contract or invoice."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import Organisation
from pirkimai.models.access import ReadableQuerySetMixin
from pirkimai.models.plan import MONEY, PlannedPurchase, PurchaseKind, threshold_for
from pirkimai.models.vocabulary import CpvCode


class PurchaseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("purchase", "Being prepared")
    SUBMITTED = "submitted", pgettext_lazy("purchase", "Submitted for approval")
    RETURNED = "returned", pgettext_lazy("purchase", "Returned")
    APPROVED = "approved", pgettext_lazy("purchase", "Approved")
    SURVEYED = "surveyed", pgettext_lazy("purchase", "Supplier chosen")
    CONTRACTED = "contracted", pgettext_lazy("purchase", "Contract concluded")
    CANCELLED = "cancelled", pgettext_lazy("purchase", "Cancelled")


class FundingSource(models.TextChoices):
    STATE = "state", _("State budget")
    MUNICIPAL = "municipal", _("Municipal budget")
    OWN = "own", _("Own income")
    PROJECT = "project", _("Project funds")
    OTHER = "other", _("Other")


class SurveyMethod(models.TextChoices):
    WRITTEN = "written", _("In writing (e-mail, CVP IS)")
    ORAL = "oral", _("Orally (phone, in person)")
    PUBLISHED = "published", _("Published prices (websites, catalogues)")


class Criterion(models.TextChoices):
    PRICE = "price", _("Lowest price")
    VALUE = "value", _("Best price and quality ratio")


class PurchaseQuerySet(ReadableQuerySetMixin, models.QuerySet):
    def awaiting_approval(self):
        return self.filter(status=PurchaseStatus.SUBMITTED)


class Purchase(models.Model):
    """One purchase, numbered per year (``2026-7``)."""

    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("object of the purchase"), max_length=300)
    cpv = models.ForeignKey(CpvCode, on_delete=models.PROTECT, related_name="purchases",
                            verbose_name=_("CPV code"))
    kind = models.CharField(_("kind"), max_length=10, choices=PurchaseKind.choices,
                            default=PurchaseKind.GOODS)
    planned = models.ForeignKey(PlannedPurchase, on_delete=models.SET_NULL, null=True,
                                blank=True, related_name="purchases",
                                verbose_name=_("line of the plan"))
    need = models.TextField(_("need"), help_text=_("What is needed, how much, by when."))
    justification = models.TextField(_("justification"), blank=True)
    estimated_value = models.DecimalField(_("estimated value without VAT, EUR"), **MONEY)
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    funding = models.CharField(_("paid from"), max_length=10, choices=FundingSource.choices,
                               default=FundingSource.STATE)
    budget_line = models.CharField(_("budget line"), max_length=200, blank=True,
                                   help_text=_("The programme or economic classification "
                                               "line it is paid from."))
    project = models.ForeignKey("projektai.Project", on_delete=models.PROTECT, null=True,
                                blank=True, related_name="purchases",
                                verbose_name=_("project"))
    project_budget_line = models.ForeignKey("projektai.BudgetLine", on_delete=models.SET_NULL,
                                            null=True, blank=True, related_name="purchases",
                                            verbose_name=_("project's budget line"))
    status = models.CharField(_("status"), max_length=12, choices=PurchaseStatus.choices,
                              default=PurchaseStatus.DRAFT, db_index=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="purchase_requests",
                                     verbose_name=_("requested by"))
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("management's comment"), blank=True)
    # the supplier survey (tiekėjų apklausos pažyma)
    survey_method = models.CharField(_("how suppliers were asked"), max_length=10,
                                     choices=SurveyMethod.choices, blank=True)
    criterion = models.CharField(_("criterion"), max_length=10, choices=Criterion.choices,
                                 default=Criterion.PRICE)
    surveyed_on = models.DateField(_("survey date"), null=True, blank=True)
    surveyed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("survey by"))
    choice_reason = models.TextField(_("why this supplier"), blank=True)
    cancelled_reason = models.TextField(_("why cancelled"), blank=True)
    cancelled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("cancelled by"))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    # The requester saw the splitting warning (the year's sum of the CPV code near or over
    # the low-value threshold) and confirmed the request all the same.
    threshold_confirmed = models.BooleanField(_("splitting warning confirmed"),
                                              default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = PurchaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase")
        verbose_name_plural = _("purchases")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["year", "number"], name="purchase_number_once"),
            models.CheckConstraint(condition=Q(estimated_value__gt=0),
                                   name="purchase_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.full_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("pirkimai:purchase_detail", args=[self.pk])

    @property
    def full_number(self) -> str:
        return f"{self.year}-{self.number}"

    @property
    def threshold(self):
        return threshold_for(self.kind)

    @property
    def chosen_offer(self):
        return next((offer for offer in self.offers.all() if offer.chosen), None)


class OfferQuerySet(ReadableQuerySetMixin, models.QuerySet):
    pass


class AskedHow(models.TextChoices):
    EMAIL = "email", pgettext_lazy("asked how", "by e-mail")
    CVP = "cvp", pgettext_lazy("asked how", "through CVP IS")
    PHONE = "phone", pgettext_lazy("asked how", "by phone")
    WEBSITE = "website", pgettext_lazy("asked how", "on a website or in a catalogue")
    IN_PERSON = "in_person", pgettext_lazy("asked how", "in person")


class SupplierOffer(models.Model):
    """A supplier asked in the survey and what they offered (or that they did not)."""

    purchase = models.ForeignKey(Purchase, on_delete=models.CASCADE, related_name="offers",
                                 verbose_name=_("purchase"))
    supplier = models.ForeignKey(Organisation, on_delete=models.PROTECT,
                                 related_name="procurement_offers",
                                 verbose_name=_("supplier"))
    asked_on = models.DateField(_("asked on"))
    asked_how = models.CharField(_("asked how"), max_length=10, choices=AskedHow.choices,
                                 default=AskedHow.EMAIL)
    answered = models.BooleanField(_("offered"), default=True)
    price = models.DecimalField(_("price without VAT, EUR"), null=True, blank=True, **MONEY)
    price_with_vat = models.DecimalField(_("price with VAT, EUR"), null=True, blank=True,
                                         **MONEY)
    note = models.CharField(_("note"), max_length=500, blank=True)
    chosen = models.BooleanField(_("chosen"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier's offer")
        verbose_name_plural = _("suppliers' offers")
        ordering = ["purchase", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["purchase"], condition=Q(chosen=True),
                                    name="purchase_one_chosen_offer"),
            models.UniqueConstraint(fields=["purchase", "supplier"],
                                    name="purchase_supplier_asked_once"),
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gt=0),
                                   name="offer_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.price}"
