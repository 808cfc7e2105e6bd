"""Storage: one PynamoDB model per table, one module per entity. Routes never build a key."""
