"""The search area declares no report kind and no metric: what it finds is a page
(``archyvas.views_search``), and the registers' and year end's figures are theirs."""
