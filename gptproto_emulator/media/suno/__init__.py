"""Suno (API.md §8, Suno web-API pass-through): request bodies, clips and lyrics, routes.

>>> from gptproto_emulator.media.suno.routes import suno_routes
"""
