"""``POST /v1/embeddings`` and ``GET /v1/models`` of the emulator (API.md §2.6: OpenAI shapes).

>>> from gptproto_emulator.embeddings.vectors import embed_text
>>> len(embed_text("a boardwalk over the marsh", 8))
8
"""
