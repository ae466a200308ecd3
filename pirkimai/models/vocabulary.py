"""The Common Procurement Vocabulary (CPV): codes staff load from the official file."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pirkimai.models.access import ReadableQuerySetMixin


class CpvQuerySet(ReadableQuerySetMixin, models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(Q(code__startswith=text) | Q(title_lt__icontains=text)
                           | Q(title_en__icontains=text))


class CpvCode(models.Model):
    """One code of the vocabulary, ``30190000-7`` (eight digits, a dash, the check digit).
    The first two digits are the division, which the thresholds are counted by in the
    warnings (purchases of one kind in a year)."""

    code = models.CharField(_("CPV code"), max_length=10, unique=True)
    title_lt = models.CharField(_("title in Lithuanian"), max_length=500)
    title_en = models.CharField(_("title in English"), max_length=500, blank=True)
    active = models.BooleanField(_("in use"), default=True,
                                 help_text=_("A code the official file no longer has stays for "
                                             "the purchases that name it, out of use."))
    loaded_at = models.DateTimeField(_("loaded"), auto_now=True)

    objects = CpvQuerySet.as_manager()

    class Meta:
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        if (get_language() or "lt").startswith("en") and self.title_en:
            return self.title_en
        return self.title_lt

    @property
    def division(self) -> str:
        return self.code[:2]
