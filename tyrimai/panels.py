"""Declarations of the research app (menu, home panels, object panels, personal data), one
module per area."""

from tyrimai import panels_answer, panels_results, panels_studies, personal_data  # noqa: F401
