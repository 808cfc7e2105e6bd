"""Moderation: flags that hide at the community's threshold, cases and decisions with a
statement of reasons, appeals, the decision log, and the strike ladder."""
