"""Privacy: account erasure, data export, and the retention purges."""
