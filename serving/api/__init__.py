"""The HTTP API: FastAPI app, routers (one per resource), settings, micro-batcher, page."""
