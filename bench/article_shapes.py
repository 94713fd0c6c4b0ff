"""Pathological article shapes: text that made the rule-based extractor super-linear.

Each shape is a unit repeated up to a target size, with an optional fixed head and tail
(``make("spaces_before_said", 50_000)``). The growth test (tests/article/test_growth.py),
the stress scenario (bench/stress/article.py) and ``python -m bench.article_shapes`` (the
growth table in the README) all use these.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

# name -> (head, unit, tail)
SHAPES: dict[str, tuple[str, str, str]] = {
    "dash_word": ("", "A-", "A"),  # one token: 'A-A-A-…'
    "spaces_before_said": ("Ann", " ", "Lee said that talks matter."),
    "tabs_before_said": ("Ann", "\t", "Lee said that talks matter."),
    "quoted_sentences": ("", "“a.” ", ""),
    "quote_dog_said": ("", '"a b c" dog said ', ""),
    "xavier_met_yolanda": ("", "Xavier met Yolanda ", ""),
    "adverbs_before_said": ("Ann Lee ", "quickly ", "said that talks matter."),
    "name_comma_run": ("", "Ann Lee, ", "said that talks matter."),
    "quote_said_name": ("", "“a b c” said Ann Lee, ", "."),
    "according_to_run": ("", "according to Ann Lee ", "."),
    "minister_of_place": ("", "the minister of Varne ", "said."),
    "called_it_run": ("", "called it “a b c” ", ""),
    "quote_she_said": ("", "“a b c,” she said. ", ""),
    "colon_quote": ("", "he said: “a b c” ", ""),
    "capital_letters": ("", "A ", "said."),
    "paragraph_quotes": ("", "“Talks must go on,” said Ann Lee.\n\n", ""),
    "abbreviations": ("", "Mr. ", "said."),
    "possessive_run": ("", "Marland’s ", "policy."),
}

SIZES = (12_500, 25_000, 50_000, 100_000)


def make(name: str, size: int) -> str:
    """The shape ``name`` at about ``size`` characters (never more)."""
    head, unit, tail = SHAPES[name]
    n = max(1, (size - len(head) - len(tail)) // len(unit))
    return head + unit * n + tail


def _time_one(name: str, size: int) -> float:
    from serving.article.extract import extract

    text = make(name, size)
    t0 = time.perf_counter()
    extract(text)
    return time.perf_counter() - t0


def growth_table(names: list[str], sizes: tuple[int, ...], timeout_s: float) -> dict:
    """Seconds per shape and size, each in its own process so that a timeout can kill it;
    after one timeout the larger sizes of that shape are not tried (they are slower still)."""
    table: dict[str, dict[str, float | str]] = {}
    for name in names:
        row: dict[str, float | str] = {}
        for size in sizes:
            if any(isinstance(v, str) for v in row.values()):
                row[str(size)] = f">{timeout_s:g}"
                continue
            code = (
                "import sys; from bench.article_shapes import _time_one; "
                f"print(_time_one({name!r}, {size}))"
            )
            try:
                out = subprocess.run(
                    [sys.executable, "-c", code],
                    capture_output=True,
                    text=True,
                    timeout=timeout_s,
                    check=True,
                )
                row[str(size)] = round(float(out.stdout.strip().splitlines()[-1]), 3)
            except subprocess.TimeoutExpired:
                row[str(size)] = f">{timeout_s:g}"
        table[name] = row
        print(name, row, flush=True)
    return table


def main() -> None:
    ap = argparse.ArgumentParser(description="extract() seconds per shape and size")
    ap.add_argument("--only", nargs="*", default=list(SHAPES))
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--out", help="write the table as JSON here")
    args = ap.parse_args()
    table = growth_table(args.only, SIZES, args.timeout)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump({"sizes": list(SIZES), "seconds": table}, fh, indent=1)


if __name__ == "__main__":
    main()
