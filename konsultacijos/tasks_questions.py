"""questions: e-mails and periodic work."""
