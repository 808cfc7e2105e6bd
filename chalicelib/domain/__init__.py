"""Domain rules: plain Python. No boto3, no Chalice; storage and services are called through
their own modules."""
