"""What every feature shares: HTTP routing and the OpenAPI document, configuration, the
clock, ids, errors, languages, sanitising; the DynamoDB base, cursors, idempotency and the
transaction builder; AWS clients, mail, media, queues and secrets. It imports no feature."""
