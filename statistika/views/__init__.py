"""Statistics pages, one module per subject: ``catalogue`` (indicators, checks, import and
export), ``campaign`` (the campaign, the status board and the librarian's form), ``review``
(the department's review and the hand-off) and ``analysis`` (the dashboards)."""
