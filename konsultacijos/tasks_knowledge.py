"""knowledge: e-mails and periodic work."""
