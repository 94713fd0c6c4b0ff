"""Speakers as a syntactic parser sees them, beside the rules (issue 13, an experiment; not in
article mode).

    make link-grammar   # Debian's link-grammar, its English dictionary and Python bindings
    .venv/bin/python -m bench.parser_speakers [--news DIR] [--split dev] [--any-verb] [--statements]

The rules miss speakers of unseen news whose reported speech no pattern reaches, and a reader of
clause structure is what those misses need. No pretrained pipeline that downloads its models
can be used here, but CMU's link-grammar parser installs from Debian with its English
dictionary (rule-based, no model to download). This parses every sentence of the news articles,
takes the subject of each reporting verb (the rules' cue verbs, ``quotes.CUE_VERBS``, after
auxiliaries: "has said", "would argue"; with ``--any-verb`` the subject of every verb) with the
proper-name words linked to it, and adds to the rules' speakers each such name the rules did not
output, under the same name filter and union as the tagger (:mod:`bench.speaker_tagger`).

``--statements`` goes one step further, as article mode would have to: in each sentence that
holds none of the rules' statements, a named subject of a cue verb gets the clause its verb
reports (:func:`add_parser_statements`), and extraction, attribution and speakers are scored
with the evaluator.

It also counts how many gold speakers the rules miss appear among the parser's subjects at all
(the most a parser-based finder could add). The parser goes into article mode only if its
additions on dev pass the tagger's bar (more than 0.42 of them real); ``--split test`` is for the
one run on the test articles after that, never for choosing. Results go to
``bench/results/parser-speakers-*.json``.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import json
import re
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.speaker_tagger import candidate_name, figures
from serving.article.evaluate import (
    Article,
    load_articles,
    names_match,
    normalize_name,
    score_article,
    summarize,
    surname,
)
from serving.article.extract import Extraction, Speaker, Statement, extract
from serving.article.quotes import CUE_VERBS, paragraphs
from serving.article.vocabulary import geo_names

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
_THAT = re.compile(r"\bthat\s+")
_EDGE = " \t,;:—–-"
MIN_WORDS = 4  # as for the training statements: a shorter clause carries no stance


class ParserMissing(RuntimeError):
    """The link-grammar Python bindings are not installed (``make link-grammar``)."""


@dataclass(frozen=True)
class Parse:
    """One linkage of a sentence: its words (base forms, without the dictionary's subscripts)
    and its links as (label, left word index, right word index)."""

    words: list[str]
    links: list[tuple[str, int, int]]
    ends: list[int] = field(default_factory=list)  # each word's end offset in the sentence


def base_form(word: str) -> str:
    """'told.q-d' -> 'told', 'Lavrov[!<CAPITALIZED-WORDS>]' -> 'Lavrov', '.' -> '.'."""
    word = re.sub(r"\[.*$", "", word)
    head, dot, _ = word.partition(".")
    return head if dot and head else word


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of each paragraph, without surrounding blanks."""
    for para in paragraphs(text):
        cuts = [para.start]
        for m in _SENTENCE_END.finditer(text, para.start, para.end):
            cuts += [m.start(), m.end()]
        cuts.append(para.end)
        for start, end in zip(cuts[::2], cuts[1::2], strict=True):
            piece = text[start:end]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                yield start + lead, start + len(piece.rstrip())


def sentences(text: str) -> Iterator[str]:
    for start, end in sentence_spans(text):
        yield text[start:end]


def speaker_subjects(p: Parse, verbs: frozenset[str] | None = REPORTING) -> list[str]:
    """The subjects of the sentence's reporting verbs (of every verb when ``verbs`` is None),
    each with the name words linked to it, as text."""
    return [name for name, _, _ in speaker_clauses(p, verbs)]


def speaker_clauses(
    p: Parse, verbs: frozenset[str] | None = REPORTING
) -> list[tuple[str, int, int]]:
    """:func:`speaker_subjects` with the index of the subject's head word and of the verb it
    speaks by (the cue verb itself after an auxiliary: 'has -PP- said')."""
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
        cues = [v for v in carried(verb) if verbs is None or p.words[v].lower() in verbs]
        if not cues:
            continue
        span, todo = {subject}, [subject]
        while todo:  # a name chain: 'Ali -G- Bagheri -G- Kani'
            for lab, j in adj.get(todo.pop(), []):
                if lab.startswith(NAME_LINKS) and j not in span:
                    span.add(j)
                    todo.append(j)
        out.append((" ".join(p.words[min(span) : max(span) + 1]), subject, cues[-1]))
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
        ends = [linkage.word_char_end(i) for i in range(linkage.num_of_words())]
        return Parse([base_form(w) for w in linkage.words()], links, ends)

    return parse


def reported_clause(sentence: str, p: Parse, subject_first: bool, verb: int) -> tuple[int, int]:
    """Where the statement stands in the sentence: after the verb ('X said [the talks would
    resume]', 'X told reporters that [...]') or, when the subject follows the verb ('[...], said
    X'), before it."""
    if subject_first:
        start = p.ends[verb]
        that = _THAT.search(sentence, start, min(len(sentence), start + 60))
        start = that.end() if that else start
        end = len(sentence)
    else:
        start, end = 0, p.ends[verb - 1] if verb > 0 else 0
    while start < end and sentence[start] in _EDGE:
        start += 1
    while end > start and sentence[end - 1] in _EDGE + ".":
        end -= 1
    return start, end


def add_parser_statements(
    text: str, ext: Extraction, parse: Callable[[str], Parse | None], places: frozenset[str]
) -> tuple[Extraction, int]:
    """The rules' extraction plus, in each sentence that holds none of its statements, one
    reported statement: the clause reported by the first named subject of a cue verb, given to
    the rules' speaker of that name or to a new person; and how many were added."""
    speakers = [Speaker(s.name, s.role, s.kind, list(s.statements)) for s in ext.speakers]
    statements = list(ext.statements)
    taken = [(a, b) for st in ext.statements for a, b in st.parts]
    added = 0
    for s0, s1 in sentence_spans(text):
        if any(a < s1 and s0 < b for a, b in taken):
            continue
        sentence = text[s0:s1]
        p = parse(sentence)
        if p is None or not p.ends:
            continue
        for span, subject, verb in speaker_clauses(p):
            name = candidate_name(span, places)
            if name is None:
                continue
            a, b = reported_clause(sentence, p, subject < verb, verb)
            if len(sentence[a:b].split()) < MIN_WORDS:
                continue
            norm, last = normalize_name(name), surname(name)
            who = next((i for i, sp in enumerate(speakers)
                        if normalize_name(sp.name) == norm
                        or (sp.kind == "person" and surname(sp.name) == last)), None)  # fmt: skip
            if who is None:
                speakers.append(Speaker(name, None, "person"))
                who = len(speakers) - 1
            st = Statement(sentence[a:b], s0 + a, s0 + b, "reported", [(s0 + a, s0 + b)], who)
            statements.append(st)
            speakers[who].statements.append(st)
            added += 1
            break  # one statement per sentence
    return Extraction(speakers, statements), added


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


def missed_coverage(
    articles: Sequence[Article],
    found: dict[str, list[tuple[float, str]]],
    extractions: dict[str, Extraction],
) -> dict:
    """Of the gold speakers the rules miss, how many the parser has as a subject (any form the
    evaluator's name rule accepts, before the name filter)."""
    missed = covered = 0
    for a in articles:
        for g in a.speakers:
            if any(names_match(s.name, g) for s in extractions[a.name].speakers):
                continue
            missed += 1
            covered += any(names_match(x, g) for _, x in found[a.name])
    return {"missed_by_rules": missed, "among_parser_subjects": covered}


def statement_figures(
    articles: Sequence[Article],
    parse: Callable[[str], Parse | None],
    extractions: dict[str, Extraction],
) -> dict:
    """Extraction, attribution and speaker figures of the rules alone and with the parser's
    statements (:func:`add_parser_statements`)."""
    places = geo_names()
    keys = ("extraction_precision", "extraction_recall", "attribution_precision",
            "attribution_recall", "speaker_recall", "speaker_precision")  # fmt: skip
    rules, both, added, added_right = [], [], 0, 0
    for a in articles:
        ext = extractions[a.name]
        more, n = add_parser_statements(a.text, ext, parse, places)
        rules.append(score_article(a, ext))
        both.append(score_article(a, more))
        added += n
        added_right += both[-1]["attributed"] - rules[-1]["attributed"]
    out = {name: {k: summarize(c)[k] for k in keys} for name, c in
           (("rules", rules), ("rules+parser statements", both))}  # fmt: skip
    return out | {"statements_added": added, "added_attributed_right": added_right}


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m bench.parser_speakers", description=__doc__)
    p.add_argument("--news", default=str(ROOT / "data" / "news"))
    p.add_argument("--split", default="dev", choices=["dev", "test"],
                   help="test: run once, and only after the dev articles passed the bar")  # fmt: skip
    p.add_argument("--any-verb", action="store_true",
                   help="the subject of every verb, not only of reporting verbs")  # fmt: skip
    p.add_argument("--statements", action="store_true",
                   help="also give each added speaker the clause its verb reports, in sentences "
                   "that hold no statement of the rules, and measure extraction and attribution")  # fmt: skip
    p.add_argument("--out", default=None, help="JSON report (default bench/results/...)")
    args = p.parse_args(argv)
    try:
        # each sentence is parsed once: --statements reads the parses the subjects came from
        parse = functools.lru_cache(maxsize=None)(load_parser())
    except ParserMissing as e:
        raise SystemExit(f"error: {e}") from None
    articles = [a for a in load_articles(args.news) if a.split == args.split]
    verbs = None if args.any_verb else REPORTING
    print(f"parsing {len(articles)} {args.split} articles ...", file=sys.stderr)
    found, cost = parse_articles(articles, parse, verbs)
    rows = figures(articles, found, [1.0])
    extractions = {a.name: extract(a.text) for a in articles}
    report = {
        "split": args.split,
        "verbs": "any" if args.any_verb else "reporting",
        "cost": cost,
        "rules": rows["rules"],
        "rules+parser": rows["rules+tagger@1.0"],
        "coverage": missed_coverage(articles, found, extractions),
    }
    if args.statements:
        report["statements"] = statement_figures(articles, parse, extractions)
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
