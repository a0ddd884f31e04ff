"""The scripted model: deterministic answers built by general rules from the request.

    >>> from gptproto_emulator.model.reply import reply

The rules are listed in docs/emulator.md; chat and ``/v1/responses`` share them.
"""
