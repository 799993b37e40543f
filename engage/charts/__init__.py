"""Chart builders: pure functions from figures to Plotly JSON (no Flask, no database)."""
