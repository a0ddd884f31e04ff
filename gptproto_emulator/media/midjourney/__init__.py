"""Midjourney (API.md §7, midjourney-proxy protocol): submit bodies, tasks, routes.

>>> from gptproto_emulator.media.midjourney.routes import midjourney_routes
"""
