"""Diplomas and thank-you letters."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from apdovanojimai.models.contests import RESULTS_STATUSES, Contest, _signed_in
from apdovanojimai.models.nominations import Nomination
from bibliotekos.models import Library, Person


class AwardKind(models.TextChoices):
    DIPLOMA = "diploma", pgettext_lazy("award kind", "Diploma")
    LETTER = "letter", pgettext_lazy("award kind", "Thank-you letter")


class AwardQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _signed_in(user):
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(contest__status__in=RESULTS_STATUSES)

    def diplomas(self):
        return self.filter(kind=AwardKind.DIPLOMA)


class Award(models.Model):
    """A diploma to a winner or a thank-you letter to a nominee, with the recipient's name
    as printed, in the proper case typed by staff (the portal declines nothing)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="awards",
                                verbose_name=_("contest"))
    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE,
                                      related_name="award", verbose_name=_("nomination"))
    kind = models.CharField(_("kind"), max_length=20, choices=AwardKind.choices,
                            default=AwardKind.DIPLOMA)
    title = models.CharField(_("award"), max_length=200,
                             help_text=_("For example: Librarian of the year 2026."))
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    recipient_text = models.CharField(
        _("recipient as printed"), max_length=255,
        help_text=_("The name in the case the text needs (for example, the dative: "
                    "Aušrai Petrauskienei). Typed by staff; nothing is declined "
                    "automatically."))
    citation = models.TextField(_("text"), blank=True)
    number = models.CharField(_("number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued"), default=timezone.localdate)
    # the nominee, kept for the history of awards on a person's and a library's page
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="awards", verbose_name=_("person"))
    library = models.ForeignKey(Library, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="awards", verbose_name=_("library"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-issued_on", "place", "pk"]
        indexes = [models.Index(fields=["contest", "kind"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("apdovanojimai:award_detail", args=[self.pk])
