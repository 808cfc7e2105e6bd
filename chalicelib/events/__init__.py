"""Queue-triggered and scheduled handlers: thin, idempotent, one blueprint per concern."""
