"""Reliability under load, faults and bad input: shared harness and the stress suite.

``python -m bench.stress`` (``make stress``) runs the long scenarios and prints one table; the
fast versions live in ``tests/reliability`` and use the same harness. Everything is bounded in
time and traffic, and every process binds and targets 127.0.0.1 only.
"""
