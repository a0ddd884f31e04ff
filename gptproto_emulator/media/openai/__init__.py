"""OpenAI's image edits and audio routes (API.md §3.3, §3.8, §3.9)."""
