"""The parser experiment of bench.parser_speakers: word forms, which subjects count as
speakers on hand-written linkages (link-grammar's labels), and the real parser where Debian's
link-grammar is installed (``make link-grammar``; ``make test`` installs it when it can)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.parser_speakers import (
    Parse,
    ParserMissing,
    add_parser_statements,
    base_form,
    load_parser,
    main,
    reported_clause,
    sentence_spans,
    sentences,
    speaker_clauses,
    speaker_subjects,
)
from serving.article.extract import Extraction, Speaker, Statement

# 'Foreign Minister Sergei Lavrov told reporters that Moscow remained open.' as the parser
# links it: Minister -G- Lavrov (the title), Sergei -G- Lavrov, Lavrov -Ss- told
LAVROV = Parse(
    ["LEFT-WALL", "Foreign", "Minister", "Sergei", "Lavrov", "told", "reporters", "that",
     "Moscow", "remained", "open", ".", "RIGHT-WALL"],
    [("Wa", 0, 2), ("A", 1, 2), ("G", 2, 4), ("G", 3, 4), ("Ss*s", 4, 5), ("Op", 5, 6),
     ("R", 6, 7), ("Cr", 7, 8), ("Ss*s", 8, 9), ("Pa", 9, 10), ("Xp", 0, 11)],
)  # fmt: skip


def test_base_form_drops_subscripts_and_word_classes() -> None:
    assert base_form("told.q-d") == "told"
    assert base_form("Lavrov[!<CAPITALIZED-WORDS>]") == "Lavrov"
    assert base_form("minister.n") == "minister"
    assert base_form(".") == "."
    assert base_form("U.S.") == "U"  # a dotted word loses its dots: the name filter drops it


def test_subject_of_a_reporting_verb_with_its_name_words() -> None:
    # the subject of 'told' with every word the name links reach; 'Moscow remained' is no report
    assert speaker_subjects(LAVROV) == ["Minister Sergei Lavrov"]
    # every verb's subject with --any-verb
    assert speaker_subjects(LAVROV, None) == ["Minister Sergei Lavrov", "Moscow"]


def test_reporting_verb_after_an_auxiliary_and_inverted_subject() -> None:
    perfect = Parse(
        ["LEFT-WALL", "the", "minister", "has", "said", "talks", "must", "resume", "."],
        [("Wd", 0, 2), ("Ds**c", 1, 2), ("Ss*s", 2, 3), ("PP", 3, 4), ("Ce", 4, 5),
         ("Sp", 5, 6), ("I", 6, 7)],
    )  # fmt: skip
    assert speaker_subjects(perfect) == ["minister"]
    inverted = Parse(
        ["LEFT-WALL", '"', "we", "are", "ready", ",", '"', "said", "Ali", "Bagheri", "Kani", "."],
        [("Spx", 2, 3), ("Pa", 3, 4), ("SIsj", 7, 10), ("G", 9, 10), ("G", 8, 9)],
    )  # fmt: skip
    # 'we are' is no report; 'said Ali Bagheri Kani' is, through the whole name chain
    assert speaker_subjects(inverted) == ["Ali Bagheri Kani"]


def test_coordination_and_other_verbs_are_no_speakers() -> None:
    visited = Parse(
        ["LEFT-WALL", "Lavrov", "visited", "Beijing", "."],
        [("Wd", 0, 1), ("Ss*s", 1, 2), ("Os", 2, 3)],
    )
    assert speaker_subjects(visited) == []
    joined = Parse(
        ["LEFT-WALL", "Lavrov", "and", "Wang", "said", "."],
        [("SJls", 1, 2), ("SJr", 2, 3), ("Sp", 2, 4)],
    )  # fmt: skip
    # SJ* joins coordinated nouns and is no subject link; the conjunction's Sp is one
    assert speaker_subjects(joined) == ["and"]


def test_sentences_split_paragraphs_and_stops() -> None:
    text = 'Talks resume\n\nOkoro said talks would resume. "We are ready," Brann said.\n\nA third.'
    assert list(sentences(text)) == [
        "Talks resume",
        "Okoro said talks would resume.",
        '"We are ready," Brann said.',
        "A third.",
    ]


def _parser():
    try:
        return load_parser()
    except ParserMissing:
        pytest.skip("Debian's link-grammar is not installed (make link-grammar)")


def test_real_parser_finds_the_speaker_of_a_report() -> None:
    parse = _parser()
    p = parse("Foreign Minister Sergei Lavrov told reporters on Tuesday that Moscow remained open.")
    assert p is not None and "Lavrov" in p.words
    assert any("Sergei Lavrov" in s for s in speaker_subjects(p))
    q = parse("Lavrov visited Beijing on Monday.")
    assert q is not None and speaker_subjects(q) == []


def test_main_reports_the_union_on_a_dev_folder(tmp_path: Path) -> None:
    _parser()
    news = tmp_path / "news"
    news.mkdir()
    (news / "x-dev-01.txt").write_text(
        "Talks resume in Varne\n\n"
        "Foreign Minister Dana Okoro told reporters that the talks should resume.\n\n"
        "Opposition leader Pavel Brann insisted that no talks could begin this year.\n"
    )
    statements = [("Dana Okoro", "the talks should resume", "favor"),
                  ("Pavel Brann", "no talks could begin this year", "against")]  # fmt: skip
    (news / "x-dev-01.json").write_text(json.dumps({
        "split": "dev",
        "speakers": [{"name": n, "aliases": [], "stance": s,
                      "statements": [{"kind": "reported", "text": t, "stance": s}]}
                     for n, t, s in statements],
    }))  # fmt: skip
    out = tmp_path / "report.json"
    report = main(["--news", str(news), "--out", str(out)])
    assert json.loads(out.read_text()) == report
    assert report["cost"]["sentences"] == 3
    assert report["rules"]["speakers"] == 2
    # the union never loses a speaker the rules found
    assert report["rules+parser"]["found"] >= report["rules"]["found"]
    assert report["coverage"]["missed_by_rules"] == 2 - report["rules"]["found"]


def _parse_of(words: list[str], sentence: str, links: list[tuple[str, int, int]]) -> Parse:
    """A hand-written linkage with each word's end offset found in the sentence."""
    ends, at = [0], 0
    for w in words[1:]:
        at = sentence.index(w, at) + len(w)
        ends.append(at)
    return Parse(["LEFT-WALL", *words[1:]], links, ends)


TOLD = "Sergei Lavrov told reporters that the talks would resume next month."
TOLD_PARSE = _parse_of(
    ["LEFT-WALL", "Sergei", "Lavrov", "told", "reporters", "that", "the", "talks", "would",
     "resume", "next", "month", "."],
    TOLD,
    [("G", 1, 2), ("Ss", 2, 3), ("Op", 3, 4), ("R", 4, 5), ("Ss", 7, 8), ("I", 8, 9)],
)  # fmt: skip
INVERTED = "The talks will resume next month, said Dana Okoro."
INVERTED_PARSE = _parse_of(
    ["LEFT-WALL", "The", "talks", "will", "resume", "next", "month", ",", "said", "Dana",
     "Okoro", "."],
    INVERTED,
    [("Sp", 2, 3), ("I", 3, 4), ("SIs", 8, 10), ("G", 9, 10)],
)  # fmt: skip


def test_reported_clause_after_that_or_before_an_inverted_subject() -> None:
    ((name, subject, verb),) = speaker_clauses(TOLD_PARSE)
    assert (name, subject < verb) == ("Sergei Lavrov", True)
    a, b = reported_clause(TOLD, TOLD_PARSE, True, verb)
    assert TOLD[a:b] == "the talks would resume next month"
    ((name, subject, verb),) = speaker_clauses(INVERTED_PARSE)
    assert (name, subject < verb) == ("Dana Okoro", False)
    a, b = reported_clause(INVERTED, INVERTED_PARSE, False, verb)
    assert INVERTED[a:b] == "The talks will resume next month"


def test_sentence_spans_are_offsets_into_the_article() -> None:
    text = 'Talks resume\n\nOkoro said talks would resume. "We are ready," Brann said.'
    assert [text[a:b] for a, b in sentence_spans(text)] == list(sentences(text))


def test_parser_statements_only_where_the_rules_have_none() -> None:
    quote = '"We will not sit with them," Brann said.'
    text = f"Talks resume\n\n{TOLD}\n\n{INVERTED}\n\n{quote}"
    start = text.index("We will")
    held = Statement("We will not sit with them,", start, start + 26, "direct",
                     [(start, start + 26)], 0)  # fmt: skip
    rules = Extraction([Speaker("Pavel Brann", None, "person", [held]),
                        Speaker("Okoro", None, "person")], [held])  # fmt: skip
    parses = {TOLD: TOLD_PARSE, INVERTED: INVERTED_PARSE}
    seen: list[str] = []

    def parse(sentence: str) -> Parse | None:
        seen.append(sentence)
        return parses.get(sentence)

    more, added = add_parser_statements(text, rules, parse, frozenset())
    assert added == 2
    # the sentence with the rules' quote is never parsed; the rules' extraction is untouched
    assert not any("sit with them" in s for s in seen)
    assert len(rules.statements) == 1 and len(rules.speakers[1].statements) == 0
    by_text = {st.text: more.speakers[st.speaker].name for st in more.statements}
    assert by_text == {
        "We will not sit with them,": "Pavel Brann",
        "the talks would resume next month": "Sergei Lavrov",  # a new person
        "The talks will resume next month": "Okoro",  # the rules' speaker of that surname
    }
    assert all(text[st.start : st.end] == st.text for st in more.statements)
