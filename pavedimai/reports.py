"""Report kinds and metrics of the assignments app."""
