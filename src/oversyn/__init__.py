"""Översyn: organisational reviews for Swedish municipalities, from directive to follow-up."""

__version__ = "0.1.0"
