"""Veo (API.md §5.2-§5.3, gptproto's async format): request bodies and routes.

>>> from gptproto_emulator.media.veo.routes import veo_routes
"""
