"""A learned speaker finder beside the rules (issue 13, an experiment; not in article mode).

    .venv/bin/python -m bench.speaker_tagger [--folds 3] [--epochs 3] [--test]

The rules miss speakers of unseen news whose reported speech no pattern reaches. This trains a
MiniLM-L6 token tagger (``AutoModelForTokenClassification``, B/I/O) to mark, in each paragraph,
the mentions of the speakers whose statements the paragraph holds (the labels come from the
annotations: a speaker's name, aliases and, for a person, surname), then adds to the rules'
speakers every tagged name the rules did not output (:func:`union`; :func:`candidate_name` says
which spans count as names).

On the dev articles the figures come from k-fold cross-validation by article (the tagger never
sees the articles it tags; the rules were written on all of them; ``--folds 0`` skips it).
``--test`` trains on every dev article (and the written ones in ``data/articles``) and reports
the frozen test once at the threshold given by ``--threshold``, never used to choose.
``--fresh DIR`` tags, with that same tagger, the dev-split articles of a folder that neither the
rules nor the tagger have seen (a new batch, before any rule is written on it): there the rules
miss what they miss on unseen news, which the dev folds cannot show. Results go to
``bench/results/speaker-tagger-*.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from serving.article.evaluate import (
    Article,
    load_articles,
    normalize_name,
    score_article,
    summarize,
    surname,
)
from serving.article.extract import Extraction, Speaker, extract
from serving.article.quotes import paragraphs
from serving.article.vocabulary import (
    OFFICE_HEADS,
    PARTICLES,
    PERSON_NOUNS,
    STOP_CAPS,
    TITLE_WORDS,
    WIRES,
    geo_names,
)

ROOT = Path(__file__).resolve().parent.parent
MAX_TOKENS = 192
OUTSIDE, BEGIN, INSIDE = 0, 1, 2
THRESHOLDS = (0.5, 0.8, 0.9, 0.95, 0.97)
_ROLE_HEADS = PERSON_NOUNS | OFFICE_HEADS | TITLE_WORDS
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their"}


@dataclass
class Example:
    """One paragraph: its text and the gold mention spans (offsets into ``text``)."""

    text: str
    mentions: list[tuple[int, int]]
    context: str = ""  # the paragraph before, read with ``--context`` but never labelled


def speaker_forms(article: Article, index: int) -> list[str]:
    """The ways the annotation names speaker ``index``, longest first."""
    sp = article.speakers[index]
    forms = {sp.name, *sp.aliases}
    if not sp.group:
        capitals = [w for w in sp.name.split() if w[:1].isupper()]
        if capitals:
            forms.add(capitals[-1])
    return sorted((f for f in forms if len(f) > 1), key=len, reverse=True)


def examples(article: Article) -> list[Example]:
    """Every paragraph, with the mentions of the speakers whose statements it holds."""
    out: list[Example] = []
    for para in paragraphs(article.text):
        s, e = para.start, para.end
        text = article.text[s:e]
        speakers = {
            st.speaker for st in article.statements if any(a < e and b > s for a, b in st.parts)
        }
        spans: list[tuple[int, int]] = []
        for si in sorted(speakers):
            for form in speaker_forms(article, si):
                for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text):
                    if not any(a <= m.start() < b for a, b in spans):
                        spans.append((m.start(), m.end()))
        out.append(Example(text, sorted(spans), out[-1].text if out else ""))
    return out


def encode(tok, ex: Example, context: bool, tensors: str | None = None):
    """The tokens of a paragraph, after the paragraph before it when ``context``; and each
    token's character offsets in the paragraph, ``(0, 0)`` for the context and special tokens
    (so that they take no label and never form a mention)."""
    if context and ex.context:
        enc = tok(ex.context, ex.text, truncation="longest_first", max_length=MAX_TOKENS,
                  return_offsets_mapping=True, return_tensors=tensors)  # fmt: skip
    else:
        enc = tok(ex.text, truncation=True, max_length=MAX_TOKENS, return_offsets_mapping=True,
                  return_tensors=tensors)  # fmt: skip
    offsets = enc.pop("offset_mapping")
    offsets = offsets[0].tolist() if tensors else offsets
    body = 1 if context and ex.context else 0
    own = [
        (a, b) if seq == body else (0, 0)
        for (a, b), seq in zip(offsets, enc.sequence_ids(0), strict=True)
    ]
    return enc, own


def token_labels(offsets: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]]) -> list[int]:
    """B/I/O per token (-100 for special tokens): a token is inside a mention when its
    characters overlap it, and begins one when it holds the mention's first character or
    follows a token outside."""
    labels, prev_inside = [], False
    for a, b in offsets:
        if a == b:
            labels.append(-100)
            prev_inside = False
            continue
        inside = any(a < y and b > x for x, y in spans)
        begins = inside and (not prev_inside or any(a <= x < b for x, _ in spans))
        labels.append(OUTSIDE if not inside else BEGIN if begins else INSIDE)
        prev_inside = inside
    return labels


def train_tagger(train: Sequence[Example], epochs: int, seed: int, context: bool = False,
                 encoder: Path | None = None):  # fmt: skip
    """Fine-tune MiniLM-L6 as a B/I/O tagger; returns ``(model, tokenizer)`` in eval mode."""
    import torch
    from transformers import (
        AutoModelForTokenClassification,
        AutoTokenizer,
        DataCollatorForTokenClassification,
        get_linear_schedule_with_warmup,
    )

    from training.encoders import minilm_path

    path = str(encoder or minilm_path())
    torch.manual_seed(seed)
    rng = random.Random(seed)
    tok = AutoTokenizer.from_pretrained(path)
    model = AutoModelForTokenClassification.from_pretrained(path, num_labels=3)
    encoded = []
    for ex in train:
        enc, offsets = encode(tok, ex, context)
        encoded.append(
            {"input_ids": enc["input_ids"], "labels": token_labels(offsets, ex.mentions)}
        )
    collate = DataCollatorForTokenClassification(tok)  # pads ids with [PAD], labels with -100
    batch_size = 16
    steps = max(1, epochs * -(-len(encoded) // batch_size))
    opt = torch.optim.AdamW(model.parameters(), lr=5e-5, weight_decay=0.01)
    sched = get_linear_schedule_with_warmup(opt, max(1, int(0.1 * steps)), steps)
    # mentions are a few tokens in a paragraph: weigh them up so the tagger does not learn "O"
    weight = torch.tensor([1.0, 3.0, 3.0])
    model.train()
    for epoch in range(epochs):
        # batches of similar length, in random order
        order = sorted(
            range(len(encoded)), key=lambda i: len(encoded[i]["input_ids"]) + rng.random() * 20
        )
        batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
        rng.shuffle(batches)
        t0, total = time.perf_counter(), 0.0
        for batch in batches:
            padded = collate([encoded[i] for i in batch])
            logits = model(
                input_ids=padded["input_ids"], attention_mask=padded["attention_mask"]
            ).logits
            loss = torch.nn.functional.cross_entropy(
                logits.reshape(-1, 3),
                padded["labels"].reshape(-1),
                weight=weight,
                ignore_index=-100,
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item()
        print(
            f"  epoch {epoch + 1}/{epochs}: loss {total / len(batches):.4f}, "
            f"{time.perf_counter() - t0:.0f} s",
            flush=True,
        )
    model.eval()
    return model, tok


def tag(model, tok, ex: Example, context: bool = False) -> list[tuple[int, int, float]]:
    """The mention spans the tagger marks in one paragraph, as runs of whole words:
    ``(start, end, confidence)`` with offsets into ``ex.text``, confidence being the mean
    probability of not-O over the span's tokens."""
    import torch

    text = ex.text
    enc, offsets = encode(tok, ex, context, tensors="pt")
    with torch.no_grad():  # as in training: no token types
        logits = model(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"]).logits
    probs = logits[0].softmax(-1).numpy()
    tokens = [(a, b, p) for (a, b), p in zip(offsets, probs, strict=True) if a < b]
    spans: list[list] = []
    current: list | None = None
    i = 0
    for word in re.finditer(r"\S+", text):
        mine = []
        while i < len(tokens) and tokens[i][0] < word.end():
            if tokens[i][1] > word.start():
                mine.append(tokens[i][2])
            i += 1
        if not mine:  # past the truncation
            break
        # a word is inside a mention when its tokens are, on average; it begins one when its
        # first token leans to B (or the word before is outside)
        confs = [1 - float(p[OUTSIDE]) for p in mine]
        inside = sum(confs) / len(confs) >= 0.5
        if inside and (current is None or mine[0][BEGIN] > mine[0][INSIDE]):
            current = [word.start(), word.end(), confs]
            spans.append(current)
        elif inside:
            current[1] = word.end()
            current[2] += confs
        else:
            current = None
    return [(a, b, sum(c) / len(c)) for a, b, c in spans]


_KEEP_LOWER = PARTICLES | {"of", "the", "for"}


def candidate_name(span: str, places: frozenset[str]) -> str | None:
    """A tagged span as a speaker's name, or None when it is no name: a pronoun, a role
    description ("the Israeli prime minister": the rules' coreference resolves those), a news
    agency, a place, or a single word (on the dev articles a lone word was a place, a people
    or a first name three times in four)."""
    words = [re.sub(r"(?:’s|'s|’|')$", "", w.strip(',.;:“”"()')) for w in span.split()]
    words = [w for w in words if w]
    if words and words[-1].lower() in _ROLE_HEADS:
        return None
    # "by the Commons committee": lower-case words before the name go; "Sharif in Baku",
    # "Krivokapic tweeted": the name ends at the first lower-case word that is not part of one
    while words and words[0][:1].islower() and words[0].lower() != "the":
        words.pop(0)
    for i, w in enumerate(words[1:], 1):
        if w[:1].islower() and w not in _KEEP_LOWER and w not in _ROLE_HEADS:
            words = words[:i]
            break
    while words and not words[-1][:1].isupper():
        words.pop()
    name = " ".join(words)
    norm = normalize_name(name)
    if len(norm.split()) < 2 or norm in _PRONOUNS:
        return None
    if words[-1].lower() in _ROLE_HEADS or words[-1].lower() in STOP_CAPS:
        return None
    if name.lower() in WIRES or norm in places:
        return None
    return name


def union(ext: Extraction, candidates: Sequence[tuple[float, str]], threshold: float,
          places: frozenset[str]) -> tuple[Extraction, list[str]]:  # fmt: skip
    """The rules' extraction plus one speaker per tagged name the rules did not output (same
    name, same person's surname, or one name inside the other), and the names added."""
    speakers = list(ext.speakers)
    names = [normalize_name(s.name) for s in speakers]
    surnames = {surname(s.name) for s in speakers if s.kind == "person"}
    added = []
    for confidence, span in candidates:
        name = candidate_name(span, places) if confidence >= threshold else None
        if name is None:
            continue
        norm = normalize_name(name)
        if norm in names or surname(name) in surnames or any(norm in n or n in norm for n in names):
            continue
        speakers.append(Speaker(name, None, "person"))
        names.append(norm)
        surnames.add(surname(name))
        added.append(name)
    return Extraction(speakers, list(ext.statements)), added


def speaker_figures(counts: Sequence[dict]) -> dict:
    """Speaker recall / precision / F1 over :func:`score_article` counts (totals as
    :func:`summarize` adds them)."""
    tot = summarize(counts)
    gold, found = tot["gold_speakers"], tot["found_speakers"]
    out, real = tot["predicted_speakers"], tot["real_speakers"]
    r, p = found / gold, real / out if out else 0.0
    return {"speakers": gold, "found": found, "output": out, "real": real,
            "recall": round(r, 3), "precision": round(p, 3),
            "f1": round(2 * r * p / (r + p), 3) if r + p else 0.0}  # fmt: skip


Tagged = dict[str, list[tuple[float, str]]]  # article name -> (confidence, span) per mention


def figures(articles: Sequence[Article], tagged: Tagged, thresholds: Sequence[float]) -> dict:
    """Speaker recall / precision of the rules alone and of the union at each threshold."""
    places = geo_names()
    extractions = [extract(a.text) for a in articles]
    rows = {
        "rules": speaker_figures(
            [score_article(a, e) for a, e in zip(articles, extractions, strict=True)]
        )
    }
    for t in thresholds:
        counts = [
            score_article(a, union(e, tagged[a.name], t, places)[0])
            for a, e in zip(articles, extractions, strict=True)
        ]
        row = speaker_figures(counts)
        # the speakers the tagger added, and how many of them are real
        row["added"] = row["output"] - rows["rules"]["output"]
        row["added_real"] = row["real"] - rows["rules"]["real"]
        rows[f"rules+tagger@{t}"] = row
    return rows


def tag_articles(model, tok, articles: Sequence[Article], context: bool) -> Tagged:
    return {
        a.name: [
            (c, ex.text[x:y]) for ex in examples(a) for x, y, c in tag(model, tok, ex, context)
        ]
        for a in articles
    }


def fold_of(name: str, folds: int) -> int:
    return int(hashlib.sha256(f"cv:{name}".encode()).hexdigest(), 16) % folds


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(prog="python -m bench.speaker_tagger", description=__doc__)
    p.add_argument("--news", default=str(ROOT / "data" / "news"))
    p.add_argument("--written", default=str(ROOT / "data" / "articles"))
    p.add_argument("--folds", type=int, default=3)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--context", action="store_true",
                   help="the tagger also reads the paragraph before (never labelled)")  # fmt: skip
    p.add_argument("--threshold", type=float, default=0.9, help="the one reported on --test")
    p.add_argument("--test", action="store_true", help="also train on all dev, report test")
    p.add_argument("--rescore", metavar="REPORT",
                   help="score the mentions an earlier report saved again (no training)")  # fmt: skip
    p.add_argument("--fresh", metavar="DIR",
                   help="articles no rule was written on: train on every other dev article and "
                   "the written ones, report DIR's dev-split articles at every threshold (its "
                   "test-split articles are never tagged)")  # fmt: skip
    p.add_argument("--out", default=None)
    args = p.parse_args(argv)
    batch = load_articles(args.fresh) if args.fresh else []
    fresh = [a for a in batch if a.split == "dev"]
    fresh_names = {a.name for a in batch}
    news = [a for a in load_articles(args.news) if a.name not in fresh_names]
    dev = [a for a in news if a.split == "dev"]
    test = [a for a in news if a.split == "test"]
    written = load_articles(args.written) if args.written else []
    if args.rescore:
        report = json.loads(Path(args.rescore).read_text(encoding="utf-8"))
    else:
        report = {"folds": args.folds, "epochs": args.epochs, "seed": args.seed,
                  "context": args.context, "dev_articles": len(dev),
                  "written_articles": len(written), "tagged": {}}  # fmt: skip
        for k in range(args.folds):
            train = [a for a in dev if fold_of(a.name, args.folds) != k] + written
            held = [a for a in dev if fold_of(a.name, args.folds) == k]
            print(f"fold {k + 1}/{args.folds}: train on {len(train)} articles, tag {len(held)}")
            examples_ = [x for a in train for x in examples(a)]
            model, tok = train_tagger(examples_, args.epochs, args.seed, args.context)
            report["tagged"] |= tag_articles(model, tok, held, args.context)
    # one tagger trained on every dev and written article tags the test and the fresh articles
    unseen = [a for a in test if args.test] + fresh
    if unseen and not all(a.name in report["tagged"] for a in unseen):
        print(f"train on {len(dev) + len(written)} articles, tag {len(unseen)} unseen")
        examples_ = [x for a in dev + written for x in examples(a)]
        context = report.get("context", False)
        model, tok = train_tagger(examples_, report["epochs"], report["seed"], context)
        report["tagged"] |= tag_articles(model, tok, unseen, context)
    if dev and all(a.name in report["tagged"] for a in dev):
        report["dev"] = figures(dev, report["tagged"], THRESHOLDS)
    if fresh:
        report["fresh"] = figures(fresh, report["tagged"], THRESHOLDS)
    if test and all(a.name in report["tagged"] for a in test):
        report["test"] = figures(test, report["tagged"], [args.threshold])
    for split in ("dev", "fresh", "test"):
        for row, fig in report.get(split, {}).items():
            print(f"{split:<5} {row:<22} recall {fig['found']}/{fig['speakers']} = {fig['recall']:.3f}"
                  f"  precision {fig['real']}/{fig['output']} = {fig['precision']:.3f}  F1 {fig['f1']:.3f}"
                  + (f"  added {fig['added_real']}/{fig['added']} real" if "added" in fig else ""))  # fmt: skip
    stamp = time.strftime("%Y%m%dT%H%M%S")
    out = Path(args.out or ROOT / "bench" / "results" / f"speaker-tagger-{stamp}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return report


if __name__ == "__main__":
    main()
