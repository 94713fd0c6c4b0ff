"""Speakers as a syntactic parser sees them, beside the rules (issue 13, an experiment; not in
article mode).

    make link-grammar   # Debian's link-grammar, its English dictionary and Python bindings
    .venv/bin/python -m bench.parser_speakers [--split dev] [--any-verb]

The rules miss speakers of unseen news whose reported speech no pattern reaches, and a reader of
clause structure is what those misses need. No pretrained pipeline that downloads its models
can be used here, but CMU's link-grammar parser installs from Debian with its English
dictionary (rule-based, no model to download). This parses every sentence of the news articles,
takes the subject of each reporting verb (the rules' cue verbs, ``quotes.CUE_VERBS``, after
auxiliaries: "has said", "would argue"; with ``--any-verb`` the subject of every verb) with the
proper-name words linked to it, and adds to the rules' speakers each such name the rules did not
output, under the same name filter and union as the tagger (:mod:`bench.speaker_tagger`).

It also counts how many gold speakers the rules miss appear among the parser's subjects at all
(the most a parser-based finder could add). The parser goes into article mode only if its
additions on dev pass the tagger's bar (more than 0.42 of them real); ``--split test`` is for the
one run on the test articles after that, never for choosing. Results go to
``bench/results/parser-speakers-*.json``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.speaker_tagger import figures
from serving.article.evaluate import Article, load_articles, names_match
from serving.article.extract import extract
from serving.article.quotes import CUE_VERBS, paragraphs

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_PACKAGES = Path("/usr/lib/python3/dist-packages")
# links from a subject's verb to the verb it carries: perfect (PP), infinitive after a modal
# or 'to' (I*), progressive (Pg), passive (Pv)
AUX_LINKS = ("PP", "I", "Pg", "Pv")
# links that join a name's words to its head: G, the words of a proper name and a title before
# it ('Minister Sergei Lavrov'); AN, a noun before a noun ('Foreign Ministry'). Adjectives (A)
# and determiners (D) stay out; the name filter of the union drops role descriptions anyway.
NAME_LINKS = ("G", "AN")
# the one-word cue verbs of the rules (say, tell and every reporting verb, in all their forms)
REPORTING = frozenset(v.lower() for v in CUE_VERBS if " " not in v)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s+(?=[\"“‘]?[A-Z])")


class ParserMissing(RuntimeError):
    """The link-grammar Python bindings are not installed (``make link-grammar``)."""


@dataclass(frozen=True)
class Parse:
    """One linkage of a sentence: its words (base forms, without the dictionary's subscripts)
    and its links as (label, left word index, right word index)."""

    words: list[str]
    links: list[tuple[str, int, int]]


def base_form(word: str) -> str:
    """'told.q-d' -> 'told', 'Lavrov[!<CAPITALIZED-WORDS>]' -> 'Lavrov', '.' -> '.'."""
    word = re.sub(r"\[.*$", "", word)
    head, dot, _ = word.partition(".")
    return head if dot and head else word


def sentences(text: str) -> Iterator[str]:
    for para in paragraphs(text):
        for s in _SENTENCE_END.split(text[para.start : para.end]):
            if s.strip():
                yield s.strip()


def speaker_subjects(p: Parse, verbs: frozenset[str] | None = REPORTING) -> list[str]:
    """The subjects of the sentence's reporting verbs (of every verb when ``verbs`` is None),
    each with the name words linked to it, as text."""
    adj: dict[int, list[tuple[str, int]]] = {}
    for label, a, b in p.links:
        adj.setdefault(a, []).append((label, b))
        adj.setdefault(b, []).append((label, a))

    def carried(i: int, depth: int = 0) -> Iterator[int]:
        yield i
        if depth < 3:
            for label, j in adj.get(i, []):
                if j > i and label.startswith(AUX_LINKS):
                    yield from carried(j, depth + 1)

    out = []
    for label, left, right in p.links:
        # S*: subject-verb; SI*: inverted ('said Smith'); SJ* joins coordinated nouns, SF* 'it'
        if not label.startswith("S") or label.startswith(("SJ", "SF")):
            continue
        subject, verb = (right, left) if label.startswith("SI") else (left, right)
        if verbs is not None and not any(p.words[v].lower() in verbs for v in carried(verb)):
            continue
        span, todo = {subject}, [subject]
        while todo:  # a name chain: 'Ali -G- Bagheri -G- Kani'
            for lab, j in adj.get(todo.pop(), []):
                if lab.startswith(NAME_LINKS) and j not in span:
                    span.add(j)
                    todo.append(j)
        out.append(" ".join(p.words[min(span) : max(span) + 1]))
    return out


def load_parser(max_parse_time: int = 1) -> Callable[[str], Parse | None]:
    """A function that parses one sentence with link-grammar's English dictionary (its best
    linkage, or None when the parser finds none in ``max_parse_time`` seconds)."""
    try:
        lg = importlib.import_module("linkgrammar")
    except ImportError:
        # Debian's python3-link-grammar lives outside the virtual environment: borrow that one
        # package from there without putting Debian's other packages on the path
        if not (DEBIAN_PACKAGES / "linkgrammar").is_dir():
            raise ParserMissing("link-grammar is not installed: run 'make link-grammar'") from None
        sys.path.insert(0, str(DEBIAN_PACKAGES))
        try:
            lg = importlib.import_module("linkgrammar")
        finally:
            sys.path.remove(str(DEBIAN_PACKAGES))
    clg = importlib.import_module("linkgrammar.clinkgrammar")

    def to_stderr(errinfo, _data) -> None:
        # the library prints its notes (an unknown locale, say) on stdout; keep stdout for the
        # report and pass on only warnings and errors
        if errinfo.severity_label not in ("Info", "Debug", "Trace"):
            print(f"link-grammar: {errinfo.text.strip()}", file=sys.stderr)

    lg.LG_Error.set_handler(to_stderr)
    dictionary = lg.Dictionary("en")
    options = lg.ParseOptions(
        min_null_count=0, max_null_count=999, max_parse_time=max_parse_time, linkage_limit=20
    )
    options.verbosity = 0

    def parse(sentence: str) -> Parse | None:
        try:
            linkage = next(iter(lg.Sentence(sentence, dictionary, options).parse()))
        except (StopIteration, lg.LG_Error):
            return None  # no linkage, or the time limit ran out
        ln = linkage._obj
        links = [
            (
                clg.linkage_get_link_label(ln, i),
                clg.linkage_get_link_lword(ln, i),
                clg.linkage_get_link_rword(ln, i),
            )
            for i in range(linkage.num_of_links())
        ]
        return Parse([base_form(w) for w in linkage.words()], links)

    return parse


def parse_articles(
    articles: Sequence[Article], parse: Callable[[str], Parse | None], verbs: frozenset[str] | None
) -> tuple[dict[str, list[tuple[float, str]]], dict]:
    """Each article's parser subjects (confidence 1.0, the tagger's candidate form) and the
    parsing cost."""
    found: dict[str, list[tuple[float, str]]] = {}
    n_sent = n_failed = n_words = 0
    start = time.perf_counter()
    for a in articles:
        subjects = []
        for s in sentences(a.text):
            n_sent += 1
            n_words += len(s.split())
            p = parse(s)
            if p is None:
                n_failed += 1
                continue
            subjects += [(1.0, x) for x in speaker_subjects(p, verbs)]
        found[a.name] = subjects
    seconds = time.perf_counter() - start
    cost = {"sentences": n_sent, "no_linkage": n_failed, "words": n_words,
            "seconds": round(seconds, 1),
            "ms_per_1000_words": round(1000 * seconds / max(n_words, 1) * 1000, 1)}  # fmt: skip
    return found, cost


def missed_coverage(articles: Sequence[Article], found: dict[str, list[tuple[float, str]]]) -> dict:
    """Of the gold speakers the rules miss, how many the parser has as a subject (any form the
    evaluator's name rule accepts, before the name filter)."""
    missed = covered = 0
    for a in articles:
        ext = extract(a.text)
        for g in a.speakers:
            if any(names_match(s.name, g) for s in ext.speakers):
                continue
            missed += 1
            covered += any(names_match(x, g) for _, x in found[a.name])
    return {"missed_by_rules": missed, "among_parser_subjects": covered}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m bench.parser_speakers", description=__doc__)
    p.add_argument("--news", default=str(ROOT / "data" / "news"))
    p.add_argument("--split", default="dev", choices=["dev", "test"],
                   help="test: run once, and only after the dev articles passed the bar")  # fmt: skip
    p.add_argument("--any-verb", action="store_true",
                   help="the subject of every verb, not only of reporting verbs")  # fmt: skip
    p.add_argument("--out", default=None, help="JSON report (default bench/results/...)")
    args = p.parse_args(argv)
    try:
        parse = load_parser()
    except ParserMissing as e:
        raise SystemExit(f"error: {e}") from None
    articles = [a for a in load_articles(args.news) if a.split == args.split]
    verbs = None if args.any_verb else REPORTING
    print(f"parsing {len(articles)} {args.split} articles ...", file=sys.stderr)
    found, cost = parse_articles(articles, parse, verbs)
    rows = figures(articles, found, [1.0])
    report = {
        "split": args.split,
        "verbs": "any" if args.any_verb else "reporting",
        "cost": cost,
        "rules": rows["rules"],
        "rules+parser": rows["rules+tagger@1.0"],
        "coverage": missed_coverage(articles, found),
    }
    added = report["rules+parser"]
    added["real_share_of_added"] = (
        round(added["added_real"] / added["added"], 3) if added["added"] else None
    )
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    out = Path(
        args.out or ROOT / "bench" / "results" / f"parser-speakers-{report['verbs']}-{stamp}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(json.dumps(report, indent=1))
    return report


if __name__ == "__main__":
    main()
