"""How much of each benchmark to run: the full run (for docs/performance.md) or a smoke run."""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = ("sync", "stream", "async", "import", "memory", "profile")


@dataclass(frozen=True)
class Plan:
    calls: int = 1000
    """Sync calls per client (after the warm-up)."""
    sync_warmup: int = 100
    stream_rounds: int = 25
    async_requests: int = 2000
    async_concurrency: int = 50
    async_rounds: int = 5
    async_warmup: int = 200
    import_runs: int = 9
    memory_runs: int = 7
    profile_calls: int = 2000

    @classmethod
    def full(cls, calls: int | None = None) -> Plan:
        return cls(calls=calls or 1000)

    @classmethod
    def quick(cls, calls: int | None = None) -> Plan:
        return cls(
            calls=calls or 50,
            sync_warmup=10,
            stream_rounds=3,
            async_requests=200,
            async_rounds=1,
            async_warmup=50,
            import_runs=2,
            memory_runs=1,
            profile_calls=200,
        )
