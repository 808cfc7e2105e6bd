"""Contributions: what people post in modules, comments, upvotes, reactions, favourites,
read marks and feeds, attachments, the budget ballots that choose ideas, and results."""
