"""``POST /v1/chat/completions`` (API.md §3, §5): request, validation, JSON and SSE shapes, route.

>>> from gptproto_emulator.chat.routes import chat_routes
"""
