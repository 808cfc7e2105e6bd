"""Analytics: counters kept as participation happens, the anonymised dashboard with its
small-cell suppression."""
