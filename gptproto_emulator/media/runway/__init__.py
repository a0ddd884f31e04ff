"""Runway (API.md §10): the "pro" and official request bodies, the task shapes, the routes.

>>> from gptproto_emulator.media.runway.routes import runway_routes
"""
