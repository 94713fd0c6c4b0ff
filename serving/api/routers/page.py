"""The analyst's page: ``GET /`` and its static files under ``/static`` (no build step).

The page is static, so it needs no API key; the API calls it makes from the browser send the
key the analyst types in (``/v1/*`` stays protected by ``ApiKeyMiddleware``).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# Only the page's own files; no inline script, no third-party origin.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

router = APIRouter(include_in_schema=False)


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    """The analyst's page (statements or a whole article in, labels and speakers out)."""
    return FileResponse(STATIC_DIR / "index.html", headers=SECURITY_HEADERS)


def install(app: FastAPI) -> None:
    """Add ``/`` and mount the page's CSS and JavaScript at ``/static``."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
