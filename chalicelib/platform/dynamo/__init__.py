"""DynamoDB for every feature: the table base, batch reads, cursors, idempotency records and
the one transaction builder."""
