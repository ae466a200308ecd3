"""Statistics reads, one module per subject: ``values`` (value tables at every level,
formulas, exports), ``campaign`` (the form's field states, progress, the workbook
download), ``review`` (warnings, the timeline, the hand-off files), ``analysis`` (the
dashboards) and ``analysis_document`` (the regional analysis and the library profile as
documents)."""
