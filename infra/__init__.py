"""Agora's AWS CDK app: every resource the platform needs, derived from the code."""
