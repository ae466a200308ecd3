"""reports: e-mails and periodic work."""
