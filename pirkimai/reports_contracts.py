"""Report kinds, metrics and fileable kinds of the contracts area."""
