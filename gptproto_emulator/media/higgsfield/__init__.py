"""higgsfield (API.md §14): the motion catalogue, the generate body, the task shapes, the routes.

>>> from gptproto_emulator.media.higgsfield.routes import higgsfield_routes
"""
