"""Handoff defect tickets: report, triage, resolve, confirm."""
