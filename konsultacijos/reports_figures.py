"""Metrics, the register of consultations (XLSX) and the annual report section."""
