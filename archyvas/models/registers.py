"""The department's own registers of documents: incoming, outgoing and internal, each
numbered consecutively per year (the counter is locked in the registering transaction)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from archyvas.models.plan import PlanFile, may_read
from archyvas.models.stored import StoredFile


class RegisterKind(models.TextChoices):
    INCOMING = "incoming", pgettext_lazy("register kind", "Incoming documents")
    OUTGOING = "outgoing", pgettext_lazy("register kind", "Outgoing documents")
    INTERNAL = "internal", pgettext_lazy("register kind", "Internal documents")


class RegisterQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if may_read(user) else self.none()


class Register(models.Model):
    """A register (*registras*): numbers run per register and year (``G-1``, ``G-2``…)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=RegisterKind.choices)
    prefix = models.CharField(_("number prefix"), max_length=10,
                              help_text=_("Printed before the number: G for incoming, S for "
                                          "outgoing, V for internal documents."))
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    objects = RegisterQuerySet.as_manager()

    class Meta:
        verbose_name = _("register")
        verbose_name_plural = _("registers")
        ordering = ["position", "name"]
        constraints = [models.UniqueConstraint(fields=["prefix"], name="register_prefix_once")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archyvas:register_detail", args=[self.pk])


class RegisterCounter(models.Model):
    """The last number given in a register in a year; the registering transaction locks
    this row (``select_for_update``), so two registrations never share a number."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="counters")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["register", "year"],
                                               name="register_counter_once_per_year")]

    def __str__(self) -> str:
        return f"{self.register.prefix} {self.year}: {self.last_number}"


class RegisterEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not may_read(user):
            return self.none()
        if user.can_manage_territory:
            return self
        # restricted after an erasure request (GDPR Art. 18, ``archyvas.personal_data``):
        # the department only
        return self.filter(restricted_on=None)

    def awaiting_answer(self):
        """Incoming documents with a due date for an answer and no answer yet."""
        return self.filter(register__kind=RegisterKind.INCOMING, answer_due__isnull=False,
                           answered_on=None)


class RegisterEntry(StoredFile):
    """One registered document: number by register and year, dates, correspondent, title,
    the file (index) of the year's plan it goes into, who is responsible, the answer's due
    date, and the document itself."""

    register = models.ForeignKey(Register, verbose_name=_("register"),
                                 on_delete=models.PROTECT, related_name="entries")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    registered_on = models.DateField(_("registered on"))
    document_date = models.DateField(_("document date"), null=True, blank=True)
    their_number = models.CharField(_("correspondent's number"), max_length=100,
                                    blank=True)
    correspondent = models.CharField(_("correspondent"), max_length=300, blank=True,
                                     help_text=_("Who sent it (incoming) or to whom it goes "
                                                 "(outgoing)."))
    title = models.CharField(_("title"), max_length=500)
    plan_file = models.ForeignKey(PlanFile, verbose_name=_("file"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="entries")
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("responsible"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="archive_entries")
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # Answered without a registered letter (by phone, by e-mail, in person): how.
    answer_note = models.CharField(_("how it was answered"), max_length=500, blank=True)
    # An outgoing answer names the incoming document it answers; registering it marks that
    # one answered.
    reply_to = models.ForeignKey("self", verbose_name=_("answers"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="answers")
    note = models.TextField(_("note"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                      on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("registered by"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version", "text",
                                                 "text_status"])

    objects = RegisterEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered document")
        verbose_name_plural = _("registered documents")
        ordering = ["-year", "register", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "year", "number"],
                                    name="register_entry_number_once"),
            models.CheckConstraint(condition=Q(number__gte=1),
                                   name="register_entry_number_positive"),
        ]
        indexes = [models.Index(fields=["responsible", "answer_due"])]

    def __str__(self) -> str:
        return f"{self.full_number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("archyvas:entry_detail", args=[self.pk])

    @property
    def full_number(self) -> str:
        """``S-12`` — the number as it is written on the document."""
        return f"{self.register.prefix}-{self.number}"
