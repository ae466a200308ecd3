from planavimas.models.access import may_approve, may_prepare, may_read_all, may_read_approved
from planavimas.models.plans import (
    EDITABLE,
    REPORT_STATUS_LABELS,
    Chapter,
    Event,
    EventAction,
    Goal,
    Indicator,
    Measure,
    MeasureStatus,
    Objective,
    Plan,
    Report,
    Snapshot,
    SnapshotKind,
    Status,
)

__all__ = ["EDITABLE", "REPORT_STATUS_LABELS", "Chapter", "Event", "EventAction", "Goal",
           "Indicator", "Measure", "MeasureStatus", "Objective", "Plan", "Report", "Snapshot",
           "SnapshotKind", "Status", "may_approve", "may_prepare", "may_read_all",
           "may_read_approved"]
