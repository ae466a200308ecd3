"""Report kinds and metrics of the archive app, one module per area that has them (filing
declares none: the kinds of documents it files are declared by the apps owning them; search
is a page)."""

from archyvas import (  # noqa: F401
    reports_annual,
    reports_plan,
    reports_registers,
    reports_yearend,
)
