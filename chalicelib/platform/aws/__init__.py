"""Adapters to AWS services: clients, mail (SES or the local outbox), media (S3), queues
(SQS) and secrets."""
