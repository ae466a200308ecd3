"""The registers' metric (charter function 6.1): documents registered in a period, by
register (``{register name: count}``). The registers are the department's own, so they
count for the territory; a municipality's or a library's scope has none. What it counts is
``selectors_registers.entries_registered``."""

from archyvas import selectors_registers as selectors
from portalas.registry import register_metric

register_metric("archyvas.registered", label_lt="Užregistruoti dokumentai pagal registrą",
                label_en="Documents registered, by register", function="6.1", unit="vnt.",
                dimension="register", value=selectors.counts_by_register,
                records=selectors.entries_registered)
