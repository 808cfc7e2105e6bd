"""Participation modules: debates, questionnaires, ideas, budgets and maps; their windows,
settings and rules, questionnaire responses, and the openings told to followers."""
