"""Benchmarks of the gptproto clients against their anchors (``python -m bench``).

One loopback emulator process, every client in the same run, interleaved, medians.
Method and results: docs/performance.md. Nothing here is a test: it only reports.
"""
