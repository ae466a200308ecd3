"""Documents other apps produced (a report engine's output, minutes, a visit report, a
contract), filed into a file of the plan through the kit's fileable document kinds: the
archive keeps its own copy of the file and who may see it."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from archyvas.models.plan import PlanFile, may_read
from archyvas.models.stored import StoredFile


class Audience(models.TextChoices):
    """Who may see a filed document: what its source allowed, within the archive's readers
    (staff and management). A training's participant list stays with staff and management;
    a jury's scores with staff alone."""

    STAFF = "staff", pgettext_lazy("audience", "Department staff only")
    MANAGEMENT = "management", pgettext_lazy("audience", "Staff and management")


class FiledDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not may_read(user):
            return self.none()
        if user.can_manage_territory:
            return self
        # management: what the source let them see, and nothing restricted after an
        # erasure request (GDPR Art. 18: only the department opens those)
        return self.filter(audience=Audience.MANAGEMENT, restricted_on=None)


class FiledDocument(StoredFile):
    """A copy of another app's document in a file of the plan."""

    plan_file = models.ForeignKey(PlanFile, verbose_name=_("file"), on_delete=models.PROTECT,
                                  related_name="filed_documents")
    kind = models.CharField(_("document kind"), max_length=120,
                            help_text=_("The fileable kind that filed it."))
    subkind = models.CharField(max_length=120, blank=True)
    # What it was filed from: the source model and key (``ataskaitos.reportjob`` and the
    # job's id), and its page while it exists.
    source_model = models.CharField(max_length=100)
    source_key = models.CharField(max_length=100)
    source_url = models.CharField(max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=500)
    document_date = models.DateField(_("document date"))
    audience = models.CharField(_("who may see it"), max_length=12, choices=Audience.choices,
                                default=Audience.STAFF)
    library = models.ForeignKey("bibliotekos.Library", verbose_name=_("library"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                 on_delete=models.SET_NULL, related_name="+",
                                 verbose_name=_("filed by"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    history = HistoricalRecords(excluded_fields=["text", "text_status"])

    objects = FiledDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("filed document")
        verbose_name_plural = _("filed documents")
        ordering = ["-document_date", "-pk"]
        constraints = [
            # A document is filed once; to move it, staff refile it (the row moves).
            models.UniqueConstraint(fields=["source_model", "source_key"],
                                    name="filed_document_once"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("archyvas:filed_detail", args=[self.pk])
