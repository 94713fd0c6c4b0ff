"""Compare the speaker-stance rules of :mod:`serving.article.stance` on annotated articles.

Every gold speaker of every article becomes one case with up to three inputs:

* ``gold`` — the annotated statements, scored by the model: isolates the rule (and the model)
  from the extractor;
* ``extracted`` — the statements the extractor attributed to the matching predicted speaker,
  scored by the model (end to end; only for the speakers the extractor found);
* ``labels`` — the annotated statements with their annotated per-statement stance as one-hot
  scores (only where every statement has one): isolates the rule from the model too.

The model scores each article's statements once; every rule then runs on the same scores.
A speaker's stance is right when the rule's stance, with ``mixed`` counted as ``neutral``,
equals the annotated one. Rules and thresholds are chosen on the dev split only; the test split
(and any other split) is reported for the chosen rule alone (``--test``).

    python -m serving.article.stance_eval data/news --model models:/stance-classifier/1
    parley analyze --evaluate data/news --compare-rules [--test]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import f1_score

from parley_model.labels import LABELS
from serving.article.evaluate import Article, load_articles, ratio, score_article
from serving.article.extract import extract
from serving.article.stance import CHOSEN, Candidate, as_three_way, candidates, decide

INPUTS: tuple[str, ...] = ("gold", "extracted", "labels")
STATEMENTS = "statements"  # the key of :func:`run`'s per-statement figures, beside the splits


@dataclass
class Case:
    article: str
    split: str
    speaker: str
    gold: str
    inputs: dict[str, list[dict] | None]


def _one_hot(label: str) -> dict:
    return {"label": label, "scores": {lab: float(lab == label) for lab in LABELS}}


def collect_cases(articles: Sequence[Article], model) -> list[Case]:  # noqa: ANN001 - LoadedModel
    """Score every article's gold and extracted statements once; one case per gold speaker."""
    from serving.article.analyze import model_input, model_inputs, score_statements

    cases = []
    for art in articles:
        ext = extract(art.text)
        found = score_article(art, ext)["found"]
        by_pred: dict[int, list[dict]] = {}
        for st, sc in zip(
            ext.statements,
            score_statements(model, model_inputs(model, art.text, ext.statements)),
            strict=True,
        ):
            by_pred.setdefault(st.speaker, []).append(sc)
        gold_texts = [
            model_input(model, art.text, g.parts[0][0], " ".join(art.text[s:e] for s, e in g.parts))
            for g in art.statements
        ]
        gold_scored = score_statements(model, gold_texts)
        for gsi, gsp in enumerate(art.speakers):
            mine = [(g, sc) for g, sc in zip(art.statements, gold_scored, strict=True)
                    if g.speaker == gsi]  # fmt: skip
            labels = [g.stance for g, _ in mine]
            psi = found.get(gsi)
            inputs = {
                "gold": [sc for _, sc in mine] or None,
                "extracted": by_pred.get(psi) if psi is not None else None,
                "labels": [_one_hot(lab) for lab in labels]
                if mine and all(lab in LABELS for lab in labels)
                else None,
            }
            cases.append(Case(art.name, art.split, gsp.name, gsp.stance, inputs))
    return cases


def evaluate_stance(articles: Sequence[Article], model) -> dict:  # noqa: ANN001
    """Per-speaker stance with the chosen rule: end to end and from the gold statements.

    ``mixed`` answers count as ``neutral`` when compared with the annotated stance
    (:func:`serving.article.stance.as_three_way`); the rows keep the raw answer and evidence.
    """
    rows = []
    for case in collect_cases(articles, model):
        ext_rows, gold_rows = case.inputs["extracted"], case.inputs["gold"]
        pred = decide(ext_rows) if ext_rows else None
        oracle = decide(gold_rows) if gold_rows else None
        rows.append({
            "article": case.article, "split": case.split, "speaker": case.speaker,
            "gold": case.gold, "predicted": pred["stance"] if pred else None,
            "evidence": pred["evidence"] if pred else None,
            "from_gold_statements": oracle["stance"] if oracle else None,
        })  # fmt: skip
    found = [r for r in rows if r["predicted"] is not None]

    def right(row: dict, key: str) -> bool:
        return row[key] is not None and as_three_way(row[key]) == row["gold"]

    return {
        "rule": CHOSEN.label,
        "speakers": len(rows),
        "speakers_found": len(found),
        "mixed": sum(r["predicted"] == "mixed" for r in found),
        "stance_accuracy_found": ratio(sum(right(r, "predicted") for r in found), len(found)),
        "stance_accuracy_all": ratio(sum(right(r, "predicted") for r in rows), len(rows)),
        "stance_accuracy_gold_statements": ratio(
            sum(right(r, "from_gold_statements") for r in rows), len(rows)
        ),
        "rows": rows,
    }


def score_rule(cases: Sequence[Case], rule: Candidate, source: str) -> dict | None:
    """Accuracy, macro-F1 and the number of ``mixed`` answers of ``rule`` on one input."""
    used = [c for c in cases if c.inputs.get(source)]
    if not used:
        return None
    raw = [rule(c.inputs[source])[0] for c in used]
    pred = [as_three_way(s) for s in raw]
    gold = [c.gold for c in used]
    return {
        "n": len(used),
        "right": sum(p == g for p, g in zip(pred, gold, strict=True)),
        "accuracy": round(sum(p == g for p, g in zip(pred, gold, strict=True)) / len(used), 3),
        "macro_f1": round(
            float(f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0)), 3
        ),
        "mixed": sum(s == "mixed" for s in raw),
    }


def statement_figures(cases: Sequence[Case], split: str) -> dict | None:
    """The model on the annotated statements of ``split`` one by one, against their annotated
    stance: no extractor and no rule (speakers whose statements all carry a stance)."""
    pairs = [(lab["label"], sc["label"])
             for c in cases if c.split == split and c.inputs["gold"] and c.inputs["labels"]
             for sc, lab in zip(c.inputs["gold"], c.inputs["labels"], strict=True)]  # fmt: skip
    if not pairs:
        return None
    gold, pred = zip(*pairs, strict=True)
    return {
        "n": len(pairs),
        "accuracy": round(sum(g == p for g, p in pairs) / len(pairs), 3),
        "macro_f1": round(
            float(f1_score(gold, pred, labels=list(LABELS), average="macro", zero_division=0)), 3
        ),
    }


def compare(cases: Sequence[Case], rules: Sequence[Candidate], split: str = "dev") -> list[dict]:
    """One row per rule: its figures on each input, on the cases of ``split``."""
    mine = [c for c in cases if c.split == split]
    return [
        {"rule": r.label, "chosen": r == CHOSEN} | {s: score_rule(mine, r, s) for s in INPUTS}
        for r in rules
    ]


def _cell(fig: dict | None) -> str:
    if not fig:
        return f"{'-':>20}"
    return f"{fig['right']:>3}/{fig['n']:<3} {fig['accuracy']:.3f} {fig['macro_f1']:.2f} {fig['mixed']:>2}"


def format_table(rows: Sequence[dict], title: str) -> str:
    """The comparison as text: per input, right/n, accuracy, macro-F1, mixed answers."""
    head = f"{'rule':<38}" + "".join(f"{s:>22}" for s in INPUTS)
    sub = f"{'':<38}" + "".join(f"{'right/n  acc   F1 mx':>22}" for _ in INPUTS)
    lines = [title, head, sub]
    for r in rows:
        mark = "*" if r["chosen"] else " "
        lines.append(f"{mark}{r['rule']:<37}" + "".join(f"  {_cell(r[s])}" for s in INPUTS))
    lines.append(
        "* = the rule article mode uses. acc: stance right (mixed counted as neutral); "
        "F1: macro-F1 over favor/against/neutral; mx: speakers answered mixed."
    )
    return "\n".join(lines)


def format_markdown(rows: Sequence[dict]) -> str:
    """The comparison as a Markdown table (for the README): right/n (accuracy) per input."""

    def cell(fig: dict | None) -> str:
        if not fig:
            return "–"
        mixed = f", {fig['mixed']} mixed" if fig["mixed"] else ""
        return f"{fig['right']}/{fig['n']} ({fig['accuracy']:.2f}; F1 {fig['macro_f1']:.2f}{mixed})"

    lines = ["| rule | " + " | ".join(INPUTS) + " |", "|---" * (len(INPUTS) + 1) + "|"]
    for r in rows:
        name = f"**{r['rule']}**" if r["chosen"] else r["rule"]
        lines.append(f"| {name} | " + " | ".join(cell(r[s]) for s in INPUTS) + " |")
    return "\n".join(lines)


def run(directories: Sequence[str], model, test: bool = False) -> dict:  # noqa: ANN001
    """The comparison on each directory's dev split (and the chosen rule on the other splits)."""
    out: dict = {}
    for d in directories:
        cases = collect_cases(load_articles(d), model)
        out[d] = {"dev": compare(cases, candidates())}
        if test:  # every other split (test; heldout and fresh in data/articles): chosen rule only
            for split in sorted({c.split for c in cases} - {"dev"}):
                out[d][split] = compare(cases, [CHOSEN], split=split)
        out[d][STATEMENTS] = {split: statement_figures(cases, split) for split in list(out[d])}
    return out


def format_run(result: dict, model_ref: str, markdown: bool = False) -> str:
    """Every table of :func:`run`, as text or as Markdown."""
    parts = []
    for d, res in result.items():
        for split, rows in res.items():
            if split == STATEMENTS:
                continue
            n = max((r[s]["n"] for r in rows for s in INPUTS if r[s]), default=0)
            title = f"{d} — {split} split, {n} speakers; model {model_ref}"
            parts.append(
                f"{title}\n\n{format_markdown(rows)}" if markdown else format_table(rows, title)
            )
            fig = res.get(STATEMENTS, {}).get(split)
            if fig:
                parts.append(
                    f"{d} — {split} split, the model on the {fig['n']} annotated statements one "
                    f"by one: accuracy {fig['accuracy']:.3f}, macro-F1 {fig['macro_f1']:.3f}"
                )
    return "\n\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    from inference.predict import DEFAULT_MODEL_URI, load_model

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("directories", nargs="+", metavar="DIR", help="annotated articles")
    p.add_argument("--model", default=DEFAULT_MODEL_URI)
    p.add_argument("--test", action="store_true", help="also the chosen rule on the other splits")
    p.add_argument("--json", action="store_true")
    p.add_argument("--markdown", action="store_true", help="Markdown tables")
    args = p.parse_args(argv)
    result = run(args.directories, load_model(args.model), test=args.test)
    print(
        json.dumps(result, indent=1)
        if args.json
        else format_run(result, args.model, markdown=args.markdown)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
