"""`close()`, `aclose()`, `with` and `async with` for objects that hold a `ClientSet`.

    with ChatGPTProto(model="gpt-4o") as llm:        # or: async with GPTProto(...) as llm
        llm.invoke("Hi")
    # the pooled connections (and an aiohttp session) are closed here, not at garbage collection

Both chat models mix this in, so the two adapters close their clients the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from gptproto_core.session import ClientSet

__all__ = ["ClosesClients"]

_Self = TypeVar("_Self", bound="ClosesClients")


class ClosesClients:
    """Mixin: the class sets `self._clients`; closing frees what was built and nothing else.
    A closed object still works: its next call builds fresh clients."""

    if TYPE_CHECKING:
        _clients: ClientSet

    def close(self) -> None:
        """Close the sync client. In async code use `aclose()`, which closes the loop's too."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close the sync client and the running loop's async client."""
        await self._clients.aclose()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    async def __aenter__(self: _Self) -> _Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
