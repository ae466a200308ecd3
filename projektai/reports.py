"""Report kinds, metrics and the annual report's section of the projects app."""
