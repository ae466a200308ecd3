"""visits: e-mails and periodic work."""
