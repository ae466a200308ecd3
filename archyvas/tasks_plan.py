"""The file plan area runs no background work: a plan, its files and the BDSTR items are
written in the request (an import of a few hundred items takes well under a second), the
plan's PDF and DOCX are made by the report engine's own task, and the reminder that a
plan is due is a home card (``panels_plan``), not a scheduled e-mail."""
