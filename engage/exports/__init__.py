"""Export writers: pure functions from summaries to file bytes (no Flask, no database)."""
