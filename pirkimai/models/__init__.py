"""Procurement documents (charter function 6.2): the year's procurement plan with CPV
codes, each purchase from the request through management's approval and the supplier
survey to the contract or invoice, the summary of planned purchases for CVP IS and the
register of concluded contracts.

Who sees what (decided here, in the querysets, and nowhere else): staff prepare, management
approve and read all, administrators both; territory librarians see nothing of it (a
404)."""

from pirkimai.models.access import may_approve, may_prepare, may_read
from pirkimai.models.contracts import Contract, ContractKind
from pirkimai.models.plan import (
    MONEY,
    Method,
    PlannedPurchase,
    PlanStatus,
    ProcurementPlan,
    PurchaseKind,
    threshold_for,
)
from pirkimai.models.purchases import (
    AskedHow,
    Criterion,
    FundingSource,
    Purchase,
    PurchaseStatus,
    SupplierOffer,
    SurveyMethod,
)
from pirkimai.models.vocabulary import CpvCode

__all__ = [
    "MONEY", "AskedHow", "Contract", "ContractKind", "CpvCode", "Criterion", "FundingSource",
    "Method", "PlanStatus", "PlannedPurchase", "ProcurementPlan", "Purchase", "PurchaseKind",
    "PurchaseStatus", "SupplierOffer", "SurveyMethod", "may_approve", "may_prepare",
    "may_read", "threshold_for",
]
