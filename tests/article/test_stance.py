"""The speaker-stance rules on hand-made score lists, and that article mode uses the chosen one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from serving.article.stance import (
    CHOSEN,
    Candidate,
    as_three_way,
    candidates,
    decide,
    evidence,
    rule_any_side,
    rule_mean_argmax,
    rule_net_lean,
    rule_side_vote,
    takes_side,
)

ROOT = Path(__file__).resolve().parents[2]


def row(favor: float, against: float, neutral: float) -> dict:
    scores = {"favor": favor, "against": against, "neutral": neutral}
    return {"label": max(scores, key=scores.get), "scores": scores}


DESCRIPTIVE_FAVOR_LEANING = row(0.42, 0.20, 0.38)  # argmax favor, but no side taken clearly
CLEAR_AGAINST = row(0.08, 0.82, 0.10)
CLEAR_FAVOR = row(0.85, 0.05, 0.10)
NEAR_NEUTRAL = row(0.25, 0.20, 0.55)


def test_takes_side_needs_tau_and_more_than_neutral():
    assert takes_side(CLEAR_AGAINST, 0.5) == "against"
    assert takes_side(DESCRIPTIVE_FAVOR_LEANING, 0.5) is None
    assert takes_side(DESCRIPTIVE_FAVOR_LEANING, 0.4) == "favor"
    assert takes_side(row(0.45, 0.05, 0.5), 0.4) is None  # above tau but below neutral
    assert evidence([CLEAR_AGAINST, CLEAR_FAVOR, NEAR_NEUTRAL], 0.5) == {
        "favor": 1,
        "against": 1,
        "none": 1,
    }


def test_one_descriptive_favor_leaning_sentence_does_not_make_a_sceptic_a_supporter():
    scored = [DESCRIPTIVE_FAVOR_LEANING, NEAR_NEUTRAL, NEAR_NEUTRAL]
    assert rule_any_side(scored)[0] == "favor"  # the earlier rule's failure
    assert rule_side_vote(scored, tau=0.5)[0] == "neutral"
    with_against = [DESCRIPTIVE_FAVOR_LEANING, CLEAR_AGAINST, CLEAR_AGAINST]
    assert rule_side_vote(with_against, tau=0.5)[0] == "against"
    assert rule_net_lean(with_against, dead_zone=0.2)[0] == "against"
    out = decide(with_against)
    assert out["stance"] == "against"
    assert out["evidence"] == {"favor": 0, "against": 2, "none": 1}


def test_all_near_neutral_is_neutral():
    scored = [NEAR_NEUTRAL, row(0.2, 0.3, 0.5), row(0.3, 0.25, 0.45)]
    for cand in candidates():
        if cand.name in ("side_vote", "net_lean", "mean_argmax"):
            assert cand(scored)[0] == "neutral", cand.label
    stance, conf = rule_side_vote(scored, tau=0.5)
    assert stance == "neutral" and conf == pytest.approx(1 - 0.3)  # the strongest lean: 0.3


def test_strong_both_sides_is_mixed_and_the_evidence_shows_it():
    scored = [CLEAR_FAVOR, CLEAR_AGAINST, NEAR_NEUTRAL]
    stance, conf = rule_side_vote(scored, tau=0.5, dominance=0.6)
    assert stance == "mixed" and 0.9 < conf <= 1.0  # nearly equal weights
    assert as_three_way(stance) == "neutral"
    # with no margin required the heavier side wins, but both sides stay counted
    assert rule_side_vote(scored, tau=0.5, dominance=0.5)[0] == "favor"
    assert evidence(scored, 0.5) == {"favor": 1, "against": 1, "none": 1}


def test_a_dominant_side_wins_over_a_weak_opposite_statement():
    scored = [CLEAR_AGAINST, CLEAR_AGAINST, CLEAR_AGAINST, row(0.52, 0.1, 0.38)]
    stance, conf = rule_side_vote(scored, tau=0.5, dominance=0.7)
    assert stance == "against"
    share = 3 * 0.82 / (3 * 0.82 + 0.52)
    assert conf == pytest.approx(share * 0.82, abs=1e-3)
    assert decide(scored, Candidate("side_vote", rule_side_vote, {"tau": 0.5}))["evidence"] == {
        "favor": 1,
        "against": 3,
        "none": 0,
    }


def test_mean_argmax_lets_descriptions_outvote_a_side():
    scored = [CLEAR_AGAINST, NEAR_NEUTRAL, NEAR_NEUTRAL, NEAR_NEUTRAL]
    assert rule_mean_argmax(scored)[0] == "neutral"
    assert rule_side_vote(scored, tau=0.5)[0] == "against"


def test_net_lean_dead_zone():
    scored = [row(0.4, 0.3, 0.3)]  # lean (0.7 * 0.1) / 0.7 = 0.1
    assert rule_net_lean(scored, dead_zone=0.05) == ("favor", 0.1)
    assert rule_net_lean(scored, dead_zone=0.2)[0] == "neutral"
    assert rule_net_lean([row(0.0, 0.0, 1.0)], dead_zone=0.1)[0] == "neutral"  # no weight


def test_bad_parameters_and_empty_input_are_refused():
    with pytest.raises(ValueError, match="tau"):
        rule_side_vote([CLEAR_FAVOR], tau=1.5)
    with pytest.raises(ValueError, match="dominance"):
        rule_side_vote([CLEAR_FAVOR], dominance=0.3)
    with pytest.raises(ValueError, match="dead_zone"):
        rule_net_lean([CLEAR_FAVOR], dead_zone=-0.1)
    for cand in candidates():
        with pytest.raises(ValueError, match="at least one"):
            cand([])
    with pytest.raises(ValueError, match="at least one"):
        decide([])


def test_every_candidate_answers_a_known_stance_with_a_confidence():
    cases = [[CLEAR_FAVOR], [CLEAR_AGAINST, NEAR_NEUTRAL], [CLEAR_FAVOR, CLEAR_AGAINST]]
    labels = [c.label for c in candidates()]
    assert len(labels) == len(set(labels)) and CHOSEN.label in labels
    for cand in candidates():
        for scored in cases:
            stance, conf = cand(scored)
            assert stance in ("favor", "against", "neutral", "mixed")
            assert 0.0 <= conf <= 1.0


@pytest.fixture(scope="module")
def tfidf(tfidf_model_uri):
    from inference.predict import load_model

    return load_model(tfidf_model_uri)


def test_analyze_uses_the_chosen_rule(tfidf):
    from serving.article.analyze import aggregate, analyze, format_table

    rows = [DESCRIPTIVE_FAVOR_LEANING, CLEAR_AGAINST, CLEAR_AGAINST]
    assert aggregate(rows) == decide(rows, CHOSEN)
    text = (ROOT / "data/articles/wire_hotline.txt").read_text(encoding="utf-8")
    result = analyze(tfidf, text)
    assert result["speakers"]
    for sp in result["speakers"]:
        stance, conf = CHOSEN(sp["statements"])
        assert (sp["stance"], sp["confidence"]) == (stance, round(conf, 4))
        assert sp["evidence"] == evidence(sp["statements"], CHOSEN.params["tau"])
    assert CHOSEN.label in format_table(result)


@pytest.fixture(scope="module")
def two_articles(tmp_path_factory) -> Path:
    """One dev and one test article of the real-news set, copied into a folder of their own."""
    out = tmp_path_factory.mktemp("news")
    splits = {}
    for ann in sorted((ROOT / "data/news").glob("a-*.json")):
        split = json.loads(ann.read_text(encoding="utf-8"))["split"]
        if split not in splits:
            splits[split] = ann
    assert set(splits) == {"dev", "test"}
    for ann in splits.values():
        shutil.copy(ann, out)
        shutil.copy(ann.with_suffix(".txt"), out)
    return out


def test_compare_rules_on_gold_extracted_and_label_inputs(tfidf, two_articles):
    from serving.article.evaluate import load_articles
    from serving.article.stance_eval import (
        collect_cases,
        compare,
        format_markdown,
        format_run,
        format_table,
        run,
    )

    articles = load_articles(two_articles)
    cases = collect_cases(articles, tfidf)
    assert len(cases) == sum(len(a.speakers) for a in articles)
    for case in cases:
        assert case.inputs["gold"] and len(case.inputs["gold"]) == len(case.inputs["labels"])
        if case.inputs["extracted"] is not None:
            assert all(set(r["scores"]) == {"favor", "against", "neutral"}
                       for r in case.inputs["extracted"])  # fmt: skip
    rows = compare(cases, candidates())
    assert [r["rule"] for r in rows] == [c.label for c in candidates()]
    dev_n = sum(c.split == "dev" for c in cases)
    for r in rows:
        assert r["gold"]["n"] == r["labels"]["n"] == dev_n
        assert 0.0 <= r["gold"]["accuracy"] <= 1.0
    assert sum(r["chosen"] for r in rows) == 1
    result = run([str(two_articles)], tfidf, test=True)
    test_rows = result[str(two_articles)]["test"]
    assert [r["rule"] for r in test_rows] == [CHOSEN.label]  # test: the chosen rule only
    # the model on each split's annotated statements one by one, beside the speaker tables
    figs = result[str(two_articles)]["statements"]
    assert set(figs) == {"dev", "test"}
    dev_pairs = [(sc["label"], lab["label"]) for c in cases if c.split == "dev"
                 for sc, lab in zip(c.inputs["gold"], c.inputs["labels"], strict=True)]  # fmt: skip
    assert figs["dev"]["n"] == len(dev_pairs) > 0
    assert figs["dev"]["accuracy"] == round(sum(p == g for p, g in dev_pairs) / len(dev_pairs), 3)
    assert "annotated statements one by one" in format_run(result, "m")
    assert "right/n" in format_table(rows, "dev")
    md = format_markdown(rows).splitlines()
    assert len(md) == len(rows) + 2 and md[0] == "| rule | gold | extracted | labels |"
    assert sum(line.startswith(f"| **{CHOSEN.label}**") for line in md) == 1


def test_cli_compare_rules(tfidf_model_uri, two_articles, capsys):
    from parley.cli import main

    args = ["analyze", "--evaluate", str(two_articles), "--compare-rules"]
    assert main([*args, "--model", tfidf_model_uri]) == 0
    out = capsys.readouterr().out
    assert "dev split" in out and "test split" not in out
    for cand in candidates():
        assert cand.label in out
    assert main([*args, "--with-test", "--model", tfidf_model_uri, "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert set(obj[str(two_articles)]) == {"dev", "test", "statements"}


def test_loader_rejects_a_bad_statement_stance(tmp_path):
    from serving.article.evaluate import AnnotationError, load_article

    (tmp_path / "x.txt").write_text("Anna Berg said talks must go on.", encoding="utf-8")
    ann = {
        "speakers": [
            {
                "name": "Anna Berg",
                "stance": "favor",
                "statements": [{"kind": "reported", "text": "talks must go on.", "stance": "yes"}],
            }
        ]
    }
    (tmp_path / "x.json").write_text(json.dumps(ann), encoding="utf-8")
    with pytest.raises(AnnotationError, match="statement stance"):
        load_article(tmp_path / "x.txt")
