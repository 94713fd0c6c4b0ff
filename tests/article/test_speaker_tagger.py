"""The learned speaker finder of bench.speaker_tagger: its labels, its name filter, its union
with the rules, and one real (tiny) training run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.speaker_tagger import (
    BEGIN,
    INSIDE,
    OUTSIDE,
    THRESHOLDS,
    candidate_name,
    examples,
    main,
    tag,
    token_labels,
    train_tagger,
    union,
)
from serving.article.evaluate import load_article
from serving.article.extract import extract

PLACES = frozenset({"ukraine", "moscow"})
ARTICLE = """Talks resume in Varne

Foreign Minister Dana Okoro said on Monday that the talks should resume without conditions.

Okoro added that her team was ready. The opposition leader, Pavel Brann, rejected the offer.

"We will not sit with them," Brann said.
"""
ANNOTATION = {
    "split": "dev",
    "speakers": [
        {"name": "Dana Okoro", "aliases": ["Foreign Minister Dana Okoro"], "stance": "favor",
         "statements": [
             {"kind": "reported", "text": "the talks should resume without conditions"},
             {"kind": "reported", "text": "her team was ready"}]},
        {"name": "Pavel Brann", "aliases": [], "stance": "against",
         "statements": [{"kind": "direct", "text": "We will not sit with them,"}]},
    ],
}  # fmt: skip


@pytest.fixture
def article(tmp_path: Path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.json").write_text(json.dumps(ANNOTATION), encoding="utf-8")
    return load_article(tmp_path / "a.txt")


def test_examples_mark_the_speakers_of_each_paragraph(article):
    exs = examples(article)
    assert [ex.text[:8] for ex in exs] == ["Talks re", "Foreign ", "Okoro ad", '"We will']
    marked = [[ex.text[a:b] for a, b in ex.mentions] for ex in exs]
    # the headline holds no statement; the longest form wins where forms overlap; Brann is
    # not marked in the third paragraph, which holds none of his statements
    assert marked == [[], ["Foreign Minister Dana Okoro"], ["Okoro"], ["Brann"]]


def test_the_context_paragraph_is_read_but_never_labelled(article):
    from transformers import AutoTokenizer

    from bench.speaker_tagger import encode
    from training.encoders import minilm_path

    tok = AutoTokenizer.from_pretrained(str(minilm_path()))
    ex = examples(article)[2]
    assert ex.context.startswith("Foreign Minister Dana Okoro said")
    alone, own_alone = encode(tok, ex, context=False)
    paired, own_paired = encode(tok, ex, context=True)
    assert len(paired["input_ids"]) > len(alone["input_ids"])
    # the paragraph's own tokens keep their offsets; the context's are (0, 0) like [CLS]
    assert [o for o in own_paired if o != (0, 0)] == [o for o in own_alone if o != (0, 0)]
    labels = token_labels(own_paired, ex.mentions)
    assert labels.count(BEGIN) == 1  # "Okoro" in the paragraph, not the context's full name


def test_token_labels_begin_inside_outside():
    offsets = [(0, 0), (0, 7), (8, 14), (15, 19), (20, 24), (0, 0)]
    assert token_labels(offsets, [(8, 19)]) == [-100, OUTSIDE, BEGIN, INSIDE, OUTSIDE, -100]
    # two mentions side by side: the second begins anew
    assert token_labels(offsets, [(0, 7), (8, 14)]) == [-100, BEGIN, BEGIN, OUTSIDE, OUTSIDE, -100]


@pytest.mark.parametrize(
    ("span", "name"),
    [
        ("Pavel Brann,", "Pavel Brann"),
        ("Pavel Brann’s", "Pavel Brann"),
        ("Brann", None),  # one word alone: too often a place, a people or a first name
        (
            "Pakistani Prime Minister Shahbaz Sharif in Baku",
            "Pakistani Prime Minister Shahbaz Sharif",
        ),
        ("Mohammed bin Salman", "Mohammed bin Salman"),
        ("the Ministry of Foreign Affairs", "the Ministry of Foreign Affairs"),
        ("by the Commons Foreign Affairs Committee", "the Commons Foreign Affairs Committee"),
        ("Zdravko Krivokapic tweeted", "Zdravko Krivokapic"),
        ("the Israeli prime minister", None),  # a role: the rules' coreference resolves it
        ("The President himself", None),
        ("he", None),
        ("Reuters", None),
        ("Ukraine", None),
        ("the Ukraine", None),
        ("officials", None),
    ],
)
def test_candidate_names(span, name):
    assert candidate_name(span, PLACES) == name


def test_union_adds_only_names_the_rules_did_not_output():
    ext = extract('"We will not sit with them," Pavel Brann said.')
    assert [s.name for s in ext.speakers] == ["Pavel Brann"]
    cands = [(0.99, "Pavel Brann"), (0.95, "Dana Okoro"), (0.97, "Minister Dana Okoro"),
             (0.5, "Mira Tal")]  # fmt: skip
    merged, added = union(ext, cands, 0.9, PLACES)
    assert added == ["Dana Okoro"]
    assert [s.name for s in merged.speakers] == ["Pavel Brann", "Dana Okoro"]
    assert merged.statements == ext.statements


@pytest.mark.parametrize("context", [False, True])
def test_a_tiny_training_run_tags_whole_words(article, context):
    model, tok = train_tagger(examples(article) * 4, epochs=1, seed=13, context=context)
    ex = examples(article)[2]
    text = ex.text
    for start, end, confidence in tag(model, tok, ex, context):
        assert 0 <= start < end <= len(text) and 0.0 <= confidence <= 1.0
        assert (start == 0 or text[start - 1].isspace()) and (
            end == len(text) or text[end].isspace()
        )


def test_fresh_articles_are_tagged_by_a_tagger_that_never_trained_on_them(tmp_path: Path):
    news, fresh = tmp_path / "news", tmp_path / "fresh"
    news.mkdir()
    fresh.mkdir()
    for folder, name in ((news, "old"), (news, "new"), (fresh, "new")):
        (folder / f"{name}.txt").write_text(ARTICLE, encoding="utf-8")
        (folder / f"{name}.json").write_text(json.dumps(ANNOTATION), encoding="utf-8")
    out = tmp_path / "report.json"
    report = main(["--news", str(news), "--written", "", "--fresh", str(fresh), "--folds", "0",
                   "--epochs", "1", "--out", str(out)])  # fmt: skip
    # 'new' is in both folders: it is tagged as a fresh article and never trained on
    assert report["dev_articles"] == 1
    assert set(report["tagged"]) == {"new"}
    assert "dev" not in report  # no folds: the dev articles were not tagged
    rules = report["fresh"]["rules"]
    assert rules["speakers"] == 2
    assert set(report["fresh"]) == {"rules", *(f"rules+tagger@{t}" for t in THRESHOLDS)}
    assert json.loads(out.read_text(encoding="utf-8"))["fresh"] == report["fresh"]
