"""The analyst's page in a real browser (Debian's Chromium via Playwright) on real servers.

Each test loads ``/`` from a live Parley server, works the page as an analyst would (keyboard
and clicks), and checks the DOM against what the API itself answers for the same input.
Screenshots go to ``bench/results/`` (shown in the README).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.servers import LiveServer, settings

expect = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
).expect

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "data" / "articles" / "wire_hotline.txt"
SHOTS = ROOT / "bench" / "results"
STATEMENTS = [
    "We must keep talking to Moscow, even now.",
    "Sitting down with them only buys them time.",
    "The two foreign ministers have not met in person since the spring.",
]


def error_text(page) -> str:
    page.wait_for_selector("#error:not([hidden])")
    return page.inner_text("#error")


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_root_is_open_and_api_needs_the_key(keyed_server):
    r = httpx.get(f"{keyed_server.url}/", timeout=10)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "script-src 'self'" in r.headers["content-security-policy"]
    for asset in ("/static/parley.js", "/static/parley.css"):
        assert httpx.get(f"{keyed_server.url}{asset}", timeout=10).status_code == 200
    assert httpx.get(f"{keyed_server.url}/v1/model", timeout=10).status_code == 401
    assert "/" not in httpx.get(f"{keyed_server.url}/openapi.json", timeout=10).json()["paths"]


def test_article_with_key(browser_page, keyed_server, api_key):
    page, url = browser_page, keyed_server.url
    article = ARTICLE.read_text(encoding="utf-8")
    page.goto(url + "/")
    # The server needs a key: the page says so and shows the field.
    page.wait_for_selector("#key-box:not([hidden])")
    assert "API key" in page.inner_text("#model-info")
    assert page.get_attribute("#error", "role") == "alert"
    assert page.get_attribute("#status", "aria-live") == "polite"

    # Empty input: a message, no request.
    page.click("#submit")
    assert "empty" in error_text(page)
    assert page.get_attribute("#input-text", "aria-invalid") == "true"

    # An article but no key: the server's 401 becomes a message, focus goes to the key field.
    page.fill("#input-text", article)
    page.click("#submit")
    assert "needs an API key" in error_text(page)
    assert page.evaluate("document.activeElement.id") == "api-key"

    # With the key (typed, then Enter submits the form).
    page.fill("#api-key", api_key)
    page.press("#api-key", "Enter")
    page.wait_for_selector("#speakers")
    assert page.is_hidden("#error")
    expected = httpx.post(
        f"{url}/v1/analyze", json={"text": article}, headers={"X-API-Key": api_key}, timeout=60
    ).json()
    speakers = expected["speakers"]
    assert len(speakers) >= 3
    # Every speaker with their stance, in the server's order.
    cards = page.query_selector_all("#speakers > li")
    assert [c.query_selector(".speaker-name").inner_text() for c in cards] == [
        sp["name"] for sp in speakers
    ]
    assert [c.get_attribute("data-stance") for c in cards] == [sp["stance"] for sp in speakers]
    assert {"Ilse Marrek", "Tomas Vell", "Hanna Oskari"} <= {sp["name"] for sp in speakers}
    # Every statement part is highlighted in the article, in its speaker's colour and number.
    marks = page.query_selector_all("#article-text mark.quote")
    want = sorted(
        (start, end, i + 1)
        for i, sp in enumerate(speakers)
        for st in sp["statements"]
        for start, end in (st["parts"] or [[st["start"], st["end"]]])
    )
    assert len(marks) == len(want)
    shown = page.evaluate(
        """() => [...document.querySelectorAll('#article-text mark.quote')].map(m => [
            m.firstChild.textContent, Number(m.dataset.speaker),
            getComputedStyle(m).backgroundColor])"""
    )
    for (start, end, speaker), (text, shown_speaker, _) in zip(want, shown, strict=True):
        assert text == article[start:end] and shown_speaker == speaker
    colour = {s: bg for _, s, bg in shown}
    assert len(set(colour.values())) == min(len(colour), 8)  # one colour per speaker
    # The article text itself is intact around the highlights (less the speaker numbers).
    assert (
        page.evaluate(
            """() => { const c = document.querySelector('#article-text').cloneNode(true);
                c.querySelectorAll('sup').forEach(s => s.remove()); return c.textContent; }"""
        )
        == article
    )
    # The chart: one bar per speaker, stance named in text.
    assert len(page.query_selector_all("#stance-chart .chart-row")) == len(speakers)
    model_info = page.inner_text("#model-info")
    assert "parley-page-demo" in model_info and "version 1" in model_info
    assert "runtime: sklearn" in model_info
    assert "speaker" in page.inner_text("#status")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "page-article.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert no_horizontal_scroll(page)
    page.evaluate("document.querySelector('#results').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "page-article-narrow.png"))

    # A wrong key is named as such.
    page.fill("#api-key", "not-the-key")
    page.click("#submit")
    assert "not accepted" in error_text(page)


def test_statements_explained(browser_page, open_server):
    page, url = browser_page, open_server.url
    page.goto(url + "/")
    page.wait_for_selector("#model-info strong")
    assert page.is_hidden("#key-box")  # this server needs no key
    page.check("input[name=mode][value=statements]")
    assert page.inner_text("#input-label") == "Statements, one per line"
    page.fill("#input-text", "\n".join(STATEMENTS[:1] + [""] + STATEMENTS[1:]))
    page.keyboard.press("Tab")
    page.click("#submit")
    page.wait_for_selector("#statement-results")
    expected = httpx.post(
        f"{url}/v1/predict",
        json={"statements": [{"text": t} for t in STATEMENTS], "explain": True},
        timeout=60,
    ).json()["predictions"]
    cards = page.query_selector_all("#statement-results > li")
    assert [c.get_attribute("data-label") for c in cards] == [p["label"] for p in expected]
    for card, pred in zip(cards, expected, strict=True):
        marks = [m.inner_text() for m in card.query_selector_all("mark.evidence")]
        assert marks == [e["text"] for e in sorted(pred["evidence"], key=lambda e: e["start"])]
        for label, score in pred["scores"].items():
            assert f"{score:.2f}" in card.inner_text(), label
    assert any(c.query_selector("mark.evidence") for c in cards)
    assert "Carried by" in page.inner_text("#statement-results")
    page.screenshot(path=str(SHOTS / "page-statements.png"), full_page=True)

    # Too long: the server's limit and fix, named for the statement.
    page.fill("#input-text", "A short one.\n" + "We must keep talking. " * 20)
    page.click("#submit")
    message = error_text(page)
    assert "Statement 2: text has 439 characters; the limit is 300" in message
    assert "send only the statement itself" in message

    # An article over 100,000 characters.
    page.check("input[name=mode][value=article]")
    page.evaluate("document.querySelector('#input-text').value = 'Talks. '.repeat(15000)")
    page.click("#submit")
    assert "limit is 100000" in error_text(page)


def test_model_not_loaded_is_a_503_message(browser_page, page_model):
    """A server whose alias points nowhere answers 503 + Retry-After; the page says to wait."""
    missing = page_model.rsplit("@", 1)[0] + "@nowhere"
    server = LiveServer(settings(missing)).start()
    try:
        page = browser_page
        page.goto(server.url + "/")
        # A locator wait: wait_for_function would poll with eval, which the page's CSP forbids.
        expect(page.locator("#model-info")).to_contain_text("No model is loaded yet")
        page.fill("#input-text", "We must keep talking.")
        page.click("#submit")
        message = error_text(page)
        assert "still loading" in message and "try again in 5 seconds" in message
    finally:
        server.stop()
