"""Kling (API.md §9, official format): request bodies and routes.

>>> from gptproto_emulator.media.kling.routes import kling_routes
"""
