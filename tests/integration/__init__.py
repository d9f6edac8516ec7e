"""Integration tests against real databases."""
