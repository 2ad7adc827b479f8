"""Outgoing e-mail through an outbox table, delivered by a scheduler job."""
