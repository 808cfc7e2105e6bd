"""Agora: the backend of a citizen participation platform."""
