"""consultations: e-mails and periodic work."""
