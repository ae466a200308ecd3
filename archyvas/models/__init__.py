"""The department's documentation and archive (charter function 6.1): the yearly file
plan with the BDSTR items it follows, the department's registers of documents, documents
other apps file into the plan's files, and at year end the inventories and destruction
acts.

Who sees what (decided here, in the querysets, and nowhere else): staff and management
read the plan, the registers and the archive; staff keep them; management (or staff, for
an approval made on paper) approve a plan and a destruction act. A filed document keeps the
access of its source (``FiledDocument.audience``): management do not see what only staff
saw. Everyone else gets a 404."""

from archyvas.models.filing import Audience, FiledDocument
from archyvas.models.plan import (
    BdstrItem,
    FilePlan,
    PlanFile,
    PlanStatus,
    RetentionClass,
    may_approve,
    may_manage,
    may_read,
    retention_class,
)
from archyvas.models.registers import (
    Register,
    RegisterCounter,
    RegisterEntry,
    RegisterKind,
)
from archyvas.models.stored import ARCHIVE_KINDS, StoredFile, TextStatus
from archyvas.models.yearend import ActStatus, Appraisal, DestructionAct, DestructionItem

__all__ = [
    "ARCHIVE_KINDS", "ActStatus", "Appraisal", "Audience", "BdstrItem", "DestructionAct",
    "DestructionItem", "FilePlan", "FiledDocument", "PlanFile", "PlanStatus", "Register",
    "RegisterCounter", "RegisterEntry", "RegisterKind", "RetentionClass", "StoredFile",
    "TextStatus", "may_approve", "may_manage", "may_read", "retention_class",
]
