"""Open data: the platform's public content for anyone, with no personal data."""
