"""Operator commands, run from a workstation against a deployed stage."""
