"""The analysis engine: pure Python, no Flask and no database (a test enforces it)."""
