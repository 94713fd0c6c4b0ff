"""Hostile input for the API, ``parley score`` and ``parley train --data``: the cases, and a
runner that checks each gets a clear error or a correct result (never a 5xx or a lost row).

The fast tests (``tests/reliability/test_hostile_input.py``) parametrize over the same cases.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import httpx

from tests.helpers import corpus_texts
from tests.servers import loopback_only

# Odd but valid statements: each must be scored (one prediction each, in order).
ODD_TEXTS = {
    "control": "We must\x00 keep\x07 talking\x1b[31m to them.\r\n\t",
    "bidi": "\u202eWe must keep talking\u202c, \u200bnow\u200d.",
    "emoji": "🕊️🤝 Talks now! 🇺🇦🇷🇺 " * 3,
    "mixed_scripts": "We must talk: нужно говорить, 我们必须对话, يجب أن نتحدث, חייבים לדבר.",
    "html": "<script>alert('x')</script><b>Negotiations</b> &amp; sanctions &lt;now&gt;",
    "json_like": '{"statements": [{"text": "nested"}]} \\u0000 \\ud800',
    "only_punctuation": "?!…",
    "one_char": "a",
    "long_words": "negotiate" * 2000,  # one 18,000-character "word"
    "long_emoji": "🕊" * 20_000,  # at the character limit (80 kB of UTF-8)
}

# (payload, field named in the error, words in the error): each must be a 422.
BAD_PAYLOADS = [
    ({"statements": [{"id": "a", "text": "Talk \ud800 now."}]}, "statements[0].text", "Unicode"),
    ({"statements": [{"id": "\udfff", "text": "Talk now."}]}, "statements[0].id", "Unicode"),
    ({"statements": [{"id": "a"}]}, "statements[0].text", "missing"),
    ({"statements": [{"id": "a", "text": "   \n\t "}]}, "statements[0].text", "empty"),
    ({"statements": [{"id": "a", "text": "x" * 20_001}]}, "statements[0].text", "20000"),
    ({"statements": [{"id": "a", "text": 42}]}, "statements[0].text", "string"),
    ({"statements": [{"id": 7, "text": "Talk."}]}, "statements[0].id", "string"),
    ({"statements": []}, "statements", "empty"),
    ({"statement": [{"text": "Talk."}]}, "statements", "missing"),
    ({"statements": {"text": "Talk."}}, "statements", "list"),
    ({"statements": [{"text": "Talk."}] * 257}, None, "256"),
    ([{"text": "Talk."}], "body", "object"),
]

# Raw bodies that cannot be decoded: each must be a 422 whose error says so.
BAD_BODIES = [
    (b'{"statements": [{"id": "a", "text": "Talk \xff\xfe now."}]}', "UTF-8"),
    (b"[" * 200_000 + b"]" * 200_000, "nested"),
    (b'{"statements": [{"id": "a", "text": "Talk."}', "JSON"),
    (b"", "body"),
    (b"\x00\x01\x02", "JSON"),
]


def post_json(client: httpx.Client, url: str, payload, path: str = "/v1/predict"):
    """JSON as a client library sends it (ASCII escapes: a lone surrogate is ``\\ud800``)."""
    return client.post(
        f"{url}{path}", content=json.dumps(payload), headers={"Content-Type": "application/json"}
    )


def check_api(url: str, rounds: int = 1, seed: int = 11) -> dict:
    """Every case ``rounds`` times (odd texts shuffled into real statements each round)."""
    url = loopback_only(url)
    rng = random.Random(seed)
    real = corpus_texts()
    requests, problems = 0, []
    with httpx.Client(timeout=120) as client:
        for _ in range(rounds):
            texts = list(ODD_TEXTS.values()) + rng.sample(real, 20)
            rng.shuffle(texts)
            ids = [f"h{i}" for i in range(len(texts))]
            body = {"statements": [{"id": i, "text": t} for i, t in zip(ids, texts, strict=True)]}
            r = post_json(client, url, body)
            requests += 1
            got = [p["id"] for p in r.json().get("predictions", [])] if r.status_code == 200 else []
            if r.status_code != 200 or got != ids:
                problems.append(f"odd texts: {r.status_code} {r.text[:200]}")
            for payload, field, words in BAD_PAYLOADS:
                r = post_json(client, url, payload)
                requests += 1
                text = r.text
                if r.status_code != 422 or words not in text or (field and field not in text):
                    problems.append(f"{str(payload)[:60]}: {r.status_code} {text[:200]}")
            for raw, words in BAD_BODIES:
                r = client.post(
                    f"{url}/v1/predict", content=raw, headers={"Content-Type": "application/json"}
                )
                requests += 1
                if r.status_code != 422 or words not in r.text:
                    problems.append(f"{raw[:30]!r}: {r.status_code} {r.text[:200]}")
            for text in ODD_TEXTS.values():
                article = {"text": f'"{text}," the minister said.\n\n{text}'}
                r = post_json(client, url, article, path="/v1/analyze")
                requests += 1
                if r.status_code != 200:
                    problems.append(f"analyze {text[:20]!r}: {r.status_code} {r.text[:200]}")
    return {"requests": requests, "problems": problems}


def hostile_jsonl(path: Path, rows: int, seed: int = 5) -> dict:
    """A JSONL file of ``rows`` lines mixing real statements with every kind of bad line;
    returns how many lines of each kind it has (so the output can be checked row by row)."""
    rng = random.Random(seed)
    real = corpus_texts()
    kinds = {"good": 0, "odd": 0, "bad_utf8": 0, "surrogate": 0, "bad_json": 0, "no_text": 0}
    odd = list(ODD_TEXTS.values())
    with open(path, "wb") as fh:
        for i in range(rows):
            roll = rng.random()
            if roll < 0.80:
                kind, line = "good", json.dumps({"id": f"r{i}", "text": rng.choice(real)})
            elif roll < 0.88:
                kind, line = "odd", json.dumps({"id": f"r{i}", "text": rng.choice(odd)})
            elif roll < 0.91:
                kinds["bad_utf8"] += 1
                fh.write(b'{"id": "r%d", "text": "Talk \xff\xfe now"}\n' % i)
                continue
            elif roll < 0.94:
                kind, line = "surrogate", json.dumps({"id": f"r{i}", "text": "Talk \ud800 now"})
            elif roll < 0.97:
                kind, line = "bad_json", f'{{"id": "r{i}", "text": "unterminated'
            else:
                kind, line = "no_text", json.dumps({"id": f"r{i}", "speaker": "X"})
            kinds[kind] += 1
            fh.write(line.encode("utf-8") + b"\n")
    return kinds
