"""Report kinds, metrics and fileable kinds of the purchases area."""
