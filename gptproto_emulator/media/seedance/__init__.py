"""Doubao Seedance (API.md §13.6-§13.7, Volcengine Ark's task API): request bodies and routes.

>>> from gptproto_emulator.media.seedance.routes import seedance_routes
"""
