"""Report kinds, metrics and fileable kinds of the plan area."""
