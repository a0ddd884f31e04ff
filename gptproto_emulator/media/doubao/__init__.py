"""Doubao Seedream / SeedEdit image routes (API.md §13.3-§13.5)."""
