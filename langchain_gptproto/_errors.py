"""gptproto errors that are also LangChain's standard model errors.

try:
    llm.invoke("hi")
except ModelRateLimitError:        # langchain_core.exceptions
    ...
except gptproto_core.RateLimitError:  # the same exception, caught by our type
    ...
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

from langchain_core import exceptions as lc

from gptproto_core import errors as core

__all__ = ["as_langchain_error", "atranslated_errors", "translated_errors"]

_MATCHING: tuple[tuple[type[core.GPTProtoError], type[lc.ModelError]], ...] = (
    (core.AuthenticationError, lc.ModelAuthenticationError),
    (core.PermissionDeniedError, lc.ModelPermissionDeniedError),
    (core.NotFoundError, lc.ModelNotFoundError),
    (core.BadRequestError, lc.ModelInvalidRequestError),
    (core.RateLimitError, lc.ModelRateLimitError),
    (core.APITimeoutError, lc.ModelTimeoutError),
    (core.APIConnectionError, lc.ModelConnectionError),
    (core.APIError, lc.ModelAPIError),
)


_DUALS: dict[type[core.GPTProtoError], type[core.GPTProtoError]] = {}


def _dual_class(ours: type[core.GPTProtoError]) -> type[core.GPTProtoError]:
    if ours in _DUALS:
        return _DUALS[ours]
    dual = ours
    for core_type, lc_type in _MATCHING:
        if issubclass(ours, core_type):
            dual = type(
                ours.__name__, (ours, lc_type), {"__module__": __name__, "__doc__": ours.__doc__}
            )
            break
    _DUALS[ours] = dual
    return dual


def as_langchain_error(error: core.GPTProtoError) -> core.GPTProtoError:
    """The same error, as an instance of both our class and LangChain's matching one."""
    dual = _dual_class(type(error))
    if dual is type(error):
        return error
    converted = dual.__new__(dual)
    converted.__dict__.update(error.__dict__)
    converted.args = error.args
    return converted


@contextmanager
def translated_errors() -> Iterator[None]:
    try:
        yield
    except core.GPTProtoError as error:
        raise as_langchain_error(error) from error.__cause__


@asynccontextmanager
async def atranslated_errors() -> AsyncIterator[None]:
    try:
        yield
    except core.GPTProtoError as error:
        raise as_langchain_error(error) from error.__cause__
