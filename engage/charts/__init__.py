"""Chart builders and their drawing: pure functions from figures to charts (no Flask, no DB)."""
