"""Constructor arguments never vanish: other libraries' names are mapped or refused, and an
unknown name is forwarded with a warning or refused, but never dropped.

    base_url: str | None = Field(default=None, validation_alias=aliases("base_url"))

    @model_validator(mode="before")
    @classmethod
    def _arguments(cls, data: Any) -> Any:
        return sort_arguments(cls, data, body_field="model_kwargs", forward=True)

pydantic ignores an argument it does not know; for a client that is how `openai_api_base=` once
left the base URL at production and sent real traffic and a real key there.
"""

from __future__ import annotations

import difflib
import sys
import warnings
from collections.abc import Mapping
from typing import Any

from pydantic import AliasChoices, BaseModel, ValidationError

from gptproto_core.errors import ConfigurationError

__all__ = [
    "ALIASES",
    "REFUSED",
    "accepted_names",
    "aliases",
    "as_configuration_error",
    "sort_arguments",
    "user_stacklevel",
]

# The names ChatOpenAI, OpenAILike and LlamaIndex's OpenAI use for our settings: mapped.
ALIASES: dict[str, tuple[str, ...]] = {
    "base_url": ("api_base", "openai_api_base"),
    "max_tokens": ("max_completion_tokens",),
    "timeout": ("request_timeout",),
    "model": ("model_name",),
}

# Names refused, with what to pass instead (None: we have no such setting, leave it out).
REFUSED: dict[str, str | None] = {
    # Named for an OpenAI key, which must never travel to gptproto: the user should look again.
    "openai_api_key": "api_key",
    "headers": "default_headers",
    "extra_headers": "default_headers",
    "organization": None,
    "openai_organization": None,
    "openai_proxy": None,
    "http_client": None,
    "http_async_client": None,
}

# A misspelling of one of these is never meant for the request body: refused, not forwarded.
_CONNECTION = ("api_key", "base_url", "timeout", "max_retries", "default_headers", "auth_scheme")


def aliases(field: str) -> AliasChoices:
    """The field's own name first, then the other libraries' names for it (`ALIASES`)."""
    return AliasChoices(field, *ALIASES[field])


def accepted_names(model: type[BaseModel]) -> dict[str, str]:
    """Every argument name `model` accepts (field names, aliases, alias choices) → its field."""
    names: dict[str, str] = {}
    for name, info in model.model_fields.items():
        names[name] = name
        if info.alias:
            names[info.alias] = name
        choices = info.validation_alias
        if isinstance(choices, str):
            names[choices] = name
        elif isinstance(choices, AliasChoices):
            names.update({choice: name for choice in choices.choices if isinstance(choice, str)})
    return names


def sort_arguments(
    model: type[BaseModel], data: Any, *, body_field: str | None, forward: bool
) -> Any:
    """Check the raw constructor arguments of `model` before pydantic sees them.

    Two names for one setting, a refused name or a misspelt connection setting raise
    `ConfigurationError`. Any other unknown name goes into `body_field` with a warning
    (`forward=True`, as ChatOpenAI does) or is refused with the closest names (`forward=False`,
    or no `body_field` at all, as for the media tools: their arguments come from the model).
    """
    if not isinstance(data, Mapping):
        return data
    owner, names = model.__name__, accepted_names(model)
    _refuse_two_names_for_one(owner, data, names)
    unknown = [key for key in data if key not in names]
    if not unknown:
        return data
    values = dict(data)
    extra = dict(values.get(body_field) or {})
    for key in unknown:
        _refuse_connection_like(owner, key, values[key])
        if not forward or body_field is None:
            body = (
                f" Fields for the request body go in {body_field}={{{key!r}: ...}}."
                if body_field
                else ""
            )
            raise ConfigurationError(
                f"{owner} has no argument {key}=.{_did_you_mean(key, names)}{body}"
            )
        if key in extra:
            raise ConfigurationError(
                f"{owner}: {key} is given twice, as {key}= and in {body_field}"
            )
        warnings.warn(
            f"{owner} has no argument {key}=; it is sent in every request body as "
            f"{body_field}[{key!r}].{_did_you_mean(key, names)} Pass {body_field}="
            f"{{{key!r}: ...}} to say so and silence this warning.",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
        extra[key] = values.pop(key)
    values[body_field] = extra
    return values


def _refuse_two_names_for_one(owner: str, data: Mapping[str, Any], names: dict[str, str]) -> None:
    given: dict[str, list[str]] = {}
    for key in data:
        if key in names:
            given.setdefault(names[key], []).append(key)
    for field, keys in given.items():
        if len(keys) > 1:
            spelled = " and ".join(f"{key}=" for key in keys)
            raise ConfigurationError(
                f"{owner} got {spelled}, two names for one setting; pass {field}= only"
            )


def _refuse_connection_like(owner: str, key: str, value: Any) -> None:
    """Refuse names of other libraries' settings, misspelt settings, and URLs under any name."""
    if key in REFUSED:
        instead = REFUSED[key]
        if instead is None:
            raise ConfigurationError(f"{owner} has no {key}= setting (it is another library's)")
        raise ConfigurationError(f"{owner} has no argument {key}=; did you mean {instead}=?")
    close = difflib.get_close_matches(key, _CONNECTION, n=1, cutoff=0.75)
    if close:
        raise ConfigurationError(f"{owner} has no argument {key}=; did you mean {close[0]}=?")
    # A URL under an unknown name is a base URL that would otherwise be ignored.
    if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
        raise ConfigurationError(
            f"{owner} has no argument {key}= (given a URL); did you mean base_url=?"
        )


def _did_you_mean(key: str, names: dict[str, str]) -> str:
    close = difflib.get_close_matches(key, list(names), n=3, cutoff=0.6)
    return f" Did you mean {' or '.join(f'{name}=' for name in close)}?" if close else ""


def as_configuration_error(owner: str, error: ValidationError) -> ConfigurationError:
    """Our own error if a validator raised one, else pydantic's complaints as one message."""
    details = error.errors()
    for detail in details:
        cause = (detail.get("ctx") or {}).get("error")
        if isinstance(cause, ConfigurationError):
            return cause
    return ConfigurationError(f"{owner}: " + "; ".join(_describe(detail) for detail in details))


_SECRET_WORDS = ("key", "header", "secret", "token")


def _describe(detail: Mapping[str, Any]) -> str:
    where = ".".join(str(part) for part in detail.get("loc", ())) or "arguments"
    text = f"{where}: {detail.get('msg', 'invalid')}"
    if any(word in where.lower() for word in _SECRET_WORDS):  # never echo what may be a key
        return text
    shown = repr(detail.get("input"))
    return f"{text} (got {shown[:80]})"


# Packages between a user's constructor call and our warnings: pydantic's validation and the
# frameworks' base classes.
_INTERNAL = frozenset(
    {
        "gptproto_core",
        "langchain_gptproto",
        "llama_index_gptproto",
        "pydantic",
        "pydantic_core",
        "langchain_core",
        "llama_index",
    }
)


def user_stacklevel() -> int:
    """The `stacklevel` for a warning raised by our caller that points at the user's own line."""
    frame, level = sys._getframe(1), 1
    while frame.f_back is not None and frame.f_globals.get("__name__", "").partition(".")[0] in (
        _INTERNAL
    ):
        frame, level = frame.f_back, level + 1
    return level
