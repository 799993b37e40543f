"""Fault scripts for issue 11, point 4: each prints its figures (README, "Faults")."""
