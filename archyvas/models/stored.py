"""What a registered document and a filed document share: the stored file (checked by its
content, kept in archive storage), its extracted text for search, and its destruction."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from portalas.files import CONTENT_TYPES

#: The kinds of file the archive keeps (``portalas.files.file_kind``).
ARCHIVE_KINDS = ("pdf", "docx", "odt", "xlsx", "ods", "jpg", "png")


class TextStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting to be read")
    DONE = "done", _("Read")
    NONE = "none", _("No text")          # an image, a spreadsheet, or nothing stored
    FAILED = "failed", _("Could not be read")


class StoredFile(models.Model):
    """A document's own file in archive storage (``archyvas/…``): never the source app's
    file, so the source deleting its own (the report engine after its retention days) does
    not touch it."""

    file = models.FileField(_("file"), upload_to="archyvas/%Y/", blank=True, max_length=300)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_kind = models.CharField(max_length=10, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    # The text of a PDF or DOCX, read by a task (``archyvas.tasks``) for search.
    text = models.TextField(blank=True, editable=False)
    text_status = models.CharField(max_length=10, choices=TextStatus.choices,
                                   default=TextStatus.NONE, editable=False)
    # Set when an approved destruction act deleted the stored file; the row remains.
    file_destroyed_on = models.DateField(_("file destroyed on"), null=True, blank=True)
    destruction_act = models.ForeignKey("archyvas.DestructionAct", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("destruction act"))
    # A person asked to be erased (GDPR Art. 17) while the law still keeps this record: it is
    # kept, restricted (Art. 18), from ``restricted_on`` until ``restricted_until`` (its
    # file's retention end; none for a file kept permanently). ``archyvas.personal_data``.
    restricted_on = models.DateField(_("restricted on"), null=True, blank=True,
                                     editable=False)
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True,
                                        editable=False)

    class Meta:
        abstract = True

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.file_destroyed_on is None

    @property
    def is_restricted(self) -> bool:
        return self.restricted_on is not None

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.file_kind, "application/octet-stream")

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()
