"""Parley serving: the registered-model runtime, the shared predict function and the HTTP API."""
