"""Statistics use cases. ``history`` holds the catalogue and history import; ``reports`` the
yearly campaign, the form's saves, checks and workflow."""

from statistika.services import review  # noqa: F401, E402
from statistika.services.history import (  # noqa: F401
    LNB_COLUMNS,
    LONG_COLUMNS,
    StatisticsImportResult,
    add_formula_version,
    check_expression,
    import_statistics,
    install_default_catalogue,
    normalize_name,
)
from statistika.services.reports import (  # noqa: F401, E402
    ReportLocked,
    field_states,
    form_units,
    import_report_xlsx,
    open_campaign,
    outstanding,
    report_xlsx,
    save_explanation,
    save_value,
    submit,
)
