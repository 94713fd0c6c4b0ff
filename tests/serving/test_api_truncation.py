"""A statement longer than the transformer's window is scored on its first window and flagged."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import predict_body

pytestmark = pytest.mark.slow

SHORT = "We must keep the channels to Moscow open, even now."
# Real words, far past 256 tokens, well under the 20,000-character limit.
LONG = (
    "Dialogue is how wars end, and we should keep every channel open while the fighting goes on. "
    * 40
)


def test_long_text_is_scored_and_flagged_truncated(serve, champion):
    assert len(LONG) < 20_000
    server = serve("models:/stance-classifier@champion")
    ready = server.wait_ready(timeout=180)
    assert ready["model"]["version"] == champion.version
    r = httpx.post(
        f"{server.url}/v1/predict", json=predict_body([SHORT, LONG], ["short", "long"]), timeout=60
    )
    assert r.status_code == 200, r.text
    short, long = r.json()["predictions"]
    assert (short["id"], short["truncated"]) == ("short", False)
    assert (long["id"], long["truncated"]) == ("long", True)
    assert long["label"] in ("favor", "against", "neutral")
    assert sum(long["scores"].values()) == pytest.approx(1.0, abs=1e-6)
    # Only the first window is read: a different tail beyond it changes nothing.
    other_tail = LONG + "Talking to them is pointless and dangerous; end the talks now. " * 40
    assert len(other_tail) < 20_000
    # Same batch shape as above.
    r = httpx.post(f"{server.url}/v1/predict", json=predict_body([SHORT, other_tail]), timeout=60)
    _, tail_pred = r.json()["predictions"]
    assert tail_pred["truncated"] is True
    assert tail_pred["label"] == long["label"]
    for label, score in long["scores"].items():
        assert tail_pred["scores"][label] == pytest.approx(score, abs=1e-5)
