"""Media jobs: the shared job machinery, image generation, and one module or package per vendor.

>>> from gptproto_emulator.media.routes import media_routes
"""
