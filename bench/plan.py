"""How much of each benchmark to run: the full run (for docs/performance.md) or a smoke run."""

from __future__ import annotations

from dataclasses import dataclass

SECTIONS = ("sync", "stream", "async", "jobs", "import", "memory", "profile")


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
    jobs: int = 100
    """Concurrent media jobs per round."""
    jobs_rounds: int = 10
    """Rounds of every job runner; each round moves the job's phase against the poll grid."""
    jobs_interval: float = 0.2
    """Poll interval of the job runners, real seconds."""
    jobs_ideal_polls: int = 8
    """The clock speed is set so that a job lasts between 7 and 8 intervals."""
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
            jobs_rounds=1,
            import_runs=2,
            memory_runs=1,
            profile_calls=200,
        )
