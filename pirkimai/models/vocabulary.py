"""The Common Procurement Vocabulary (CPV): codes staff load from the official file, and a
record of each load (who, when, which file, what changed)."""

import re

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pirkimai.models.access import ReadableQuerySetMixin

#: What a search by code looks like: digits, perhaps with the dash and the check digit.
CODE_PREFIX = re.compile(r"^\s*(\d{1,8}(?:-\d?)?)(?:\s|$)")


class CpvQuerySet(ReadableQuerySetMixin, models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def search(self, text: str):
        """By the beginning of the code (``3019``, ``30190000-7``; a code followed by its
        title, as the suggestions fill it in, is the code) or by words of either title, in
        any case, with or without diacritics."""
        from portalas.search import search

        text = (text or "").strip()
        if not text:
            return self
        match = CODE_PREFIX.match(text)
        if match:
            return self.filter(code__startswith=match.group(1))
        return search(self, text, ("title_lt", "title_en"))


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


class CpvFormat(models.TextChoices):
    XLSX = "xlsx", "XLSX"
    XML = "xml", "XML"


class CpvLoadQuerySet(ReadableQuerySetMixin, models.QuerySet):
    pass


class CpvLoad(models.Model):
    """One load of the vocabulary from a file: what it added, changed, took out of use and
    brought back into use."""

    loaded_at = models.DateTimeField(_("loaded"), auto_now_add=True)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+",
                                  verbose_name=_("loaded by"))
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=4, choices=CpvFormat.choices)
    total = models.PositiveIntegerField(_("codes in the file"), default=0)
    created = models.PositiveIntegerField(_("added"), default=0)
    updated = models.PositiveIntegerField(_("titles changed"), default=0)
    deactivated = models.PositiveIntegerField(_("taken out of use"), default=0)
    reactivated = models.PositiveIntegerField(_("back in use"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)

    objects = CpvLoadQuerySet.as_manager()

    class Meta:
        verbose_name = _("load of the CPV vocabulary")
        verbose_name_plural = _("loads of the CPV vocabulary")
        ordering = ["-loaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.file_name or self.get_file_format_display()} ({self.loaded_at:%Y-%m-%d})"
