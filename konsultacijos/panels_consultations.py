"""consultations: what other pages show (filled by its owner)."""
