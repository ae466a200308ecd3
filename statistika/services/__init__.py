"""Statistics writes, one module per subject: ``catalogue`` (the default catalogue, formula
versions, the history import), ``values`` (the one way a value is written), ``campaign``
(opening a year, the form's saves, submitting, the workbook upload), ``review`` (the
department's review and the hand-off) and ``analysis`` (the analysis's text)."""
