"""Declarations of the archive's search area: the archive's personal data (GDPR export,
erasure and the records kept restricted), in ``archyvas.personal_data``."""

from archyvas import personal_data  # noqa: F401
