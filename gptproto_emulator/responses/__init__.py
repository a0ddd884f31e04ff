"""``POST /v1/responses`` (API.md §3.6, §3.7): input, request, validation, shapes, store, stream.

>>> from gptproto_emulator.responses.routes import responses_routes
"""
