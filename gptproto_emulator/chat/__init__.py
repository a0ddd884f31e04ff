"""``POST /v1/chat/completions`` (API.md §3-§6, §13.1-§13.2): request, validation, shapes, route.

>>> from gptproto_emulator.chat.routes import chat_routes
"""
