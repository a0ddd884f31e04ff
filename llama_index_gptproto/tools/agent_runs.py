"""Stop a LlamaIndex agent run on an error only the developer can fix.

    handler = agent.run("Draw a lighthouse at dusk")
    result = await raise_developer_errors(handler)   # a wrong key raises AuthenticationError

LlamaIndex's agents (`FunctionAgent`, `ReActAgent`, `AgentWorkflow`) catch every exception a
tool raises and show its text to the model, which then "answers" a wrong key or an empty
balance. The typed error stays on the `ToolCallResult` event; this reads the run's events and
raises the first such error, cancelling the run, so it reaches the developer as in LangChain.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from llama_index.core.agent.workflow import ToolCallResult

from gptproto_core.errors import GPTProtoError
from gptproto_core.task_text import for_developer

if TYPE_CHECKING:
    from workflows.handler import WorkflowHandler  # what llama-index-core's agent.run returns

__all__ = ["raise_developer_errors"]


async def raise_developer_errors(handler: WorkflowHandler) -> Any:
    """Await an agent run; raise (and cancel the run on) a tool's key, permission, balance,
    configuration or no-connection error instead of letting the model read it.

    Errors the model can act on (bad arguments, a refused prompt, a failed job, a timeout with
    its task id) stay with the model, as without this. Other events are left to any other
    reader: call it instead of `await handler`, not alongside `handler.stream_events()`.
    """
    async for event in handler.stream_events():
        if not isinstance(event, ToolCallResult):
            continue
        error = event.tool_output.exception
        if isinstance(error, GPTProtoError) and for_developer(error):
            await handler.cancel_run()
            raise error
    return await handler
