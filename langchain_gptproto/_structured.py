"""`with_structured_output` for ChatGPTProto: json_schema, function_calling or json_mode."""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from langchain_core.language_models import LanguageModelInput
from langchain_core.output_parsers import (
    JsonOutputKeyToolsParser,
    JsonOutputParser,
    PydanticOutputParser,
    PydanticToolsParser,
)
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from langchain_core.utils.function_calling import convert_to_openai_tool
from langchain_core.utils.pydantic import is_basemodel_subclass

from gptproto_core.errors import InvalidInputError

if TYPE_CHECKING:
    from langchain_gptproto.chat_models import ChatGPTProto

__all__ = ["structured_runnable"]


def structured_runnable(
    llm: ChatGPTProto,
    schema: Mapping[str, Any] | type | None,
    *,
    method: str,
    include_raw: bool,
    strict: bool | None,
) -> Runnable[LanguageModelInput, Any]:
    if schema is None and method != "json_mode":
        raise InvalidInputError(f"method={method!r} needs a schema; pass one or use json_mode")
    is_pydantic = isinstance(schema, type) and is_basemodel_subclass(schema)
    tool = convert_to_openai_tool(schema, strict=strict) if schema is not None else None
    trace = {"kwargs": {"method": method, "strict": strict}, "schema": tool}
    if method == "function_calling":
        assert tool is not None
        name = tool["function"]["name"]
        bound = llm.bind_tools(
            [tool], tool_choice=name, strict=strict, ls_structured_output_format=trace
        )
        parser: Runnable[Any, Any] = (
            PydanticToolsParser(tools=[schema], first_tool_only=True)  # type: ignore[list-item]
            if is_pydantic
            else JsonOutputKeyToolsParser(key_name=name, first_tool_only=True)
        )
    elif method == "json_schema":
        assert tool is not None
        function = tool["function"]
        json_schema: dict[str, Any] = {"name": function["name"], "schema": function["parameters"]}
        if function.get("description"):
            json_schema["description"] = function["description"]
        if strict is not None:
            json_schema["strict"] = strict
        bound = llm.bind(
            response_format={"type": "json_schema", "json_schema": json_schema},
            ls_structured_output_format=trace,
        )
        parser = _json_parser(schema, is_pydantic)
    elif method == "json_mode":
        bound = llm.bind(response_format={"type": "json_object"}, ls_structured_output_format=trace)
        parser = _json_parser(schema, is_pydantic)
    else:
        raise InvalidInputError(
            f"method must be 'json_schema', 'function_calling' or 'json_mode', got {method!r}"
        )
    if not include_raw:
        return bound | parser
    parse = RunnablePassthrough.assign(
        parsed=itemgetter("raw") | parser, parsing_error=lambda _: None
    )
    give_up = RunnablePassthrough.assign(parsed=lambda _: None)
    return RunnableMap(raw=bound) | parse.with_fallbacks([give_up], exception_key="parsing_error")


def _json_parser(schema: Any, is_pydantic: bool) -> Runnable[Any, Any]:
    if is_pydantic:
        return PydanticOutputParser(pydantic_object=schema)
    return JsonOutputParser()
