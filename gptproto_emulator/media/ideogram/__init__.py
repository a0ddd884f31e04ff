"""Ideogram 3.0 routes (API.md §11)."""
