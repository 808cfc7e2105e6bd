"""Adapters to AWS services (mail, media, queues, secrets) and cross-cutting services (logs)."""
