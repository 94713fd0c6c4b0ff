"""Measure the extractor on annotated articles (``data/articles/NAME.txt`` + ``NAME.json``).

Matching rule (stated once, used everywhere): a predicted statement matches a gold statement
when the characters they cover (quote parts only, not the attribution between them) overlap by
at least half of the longer of the two; matching is one-to-one, largest overlap first.

* extraction precision / recall: matched / predicted, matched / gold;
* attribution: a matched statement is attributed correctly when the predicted speaker's name
  is the gold speaker's name or one of its aliases (a person's surname counts);
  attribution precision = correct / predicted, recall = correct / gold;
* stance per speaker: for every gold speaker the extractor found, its overall stance against
  the annotated one (end to end); plus the stance from the gold statements themselves, which
  isolates the model from the extractor. The rule is the one article mode uses
  (:mod:`serving.article.stance`); ``python -m serving.article.stance_eval`` compares the
  alternatives.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from serving.article.extract import Extraction, extract
from serving.article.vocabulary import NAME_SUFFIX

OVERLAP = 0.5


class AnnotationError(ValueError):
    """An annotation does not fit its article (a statement text not found, or found twice)."""


@dataclass
class GoldStatement:
    parts: list[tuple[int, int]]
    kind: str
    speaker: int
    stance: str | None = None  # the annotated per-statement stance, where the file has one


@dataclass
class GoldSpeaker:
    name: str
    aliases: list[str]
    role: str | None
    stance: str
    group: bool


@dataclass
class Article:
    name: str
    text: str
    style: str
    split: str
    speakers: list[GoldSpeaker]
    statements: list[GoldStatement] = field(default_factory=list)


def _locate(text: str, needle: str, where: str) -> tuple[int, int]:
    needle = needle.strip()
    first = text.find(needle)
    if first < 0:
        raise AnnotationError(f"{where}: text not found in the article: {needle[:60]!r}")
    if text.find(needle, first + 1) >= 0:
        raise AnnotationError(
            f"{where}: text occurs more than once; make it unique: {needle[:60]!r}"
        )
    return first, first + len(needle)


def load_article(txt: Path) -> Article:
    text = txt.read_text(encoding="utf-8")
    ann_path = txt.with_suffix(".json")
    ann = json.loads(ann_path.read_text(encoding="utf-8"))
    art = Article(txt.stem, text, ann.get("style", ""), ann.get("split", "dev"), [])
    for si, sp in enumerate(ann["speakers"]):
        art.speakers.append(
            GoldSpeaker(
                sp["name"], list(sp.get("aliases", [])), sp.get("role"), sp["stance"],
                bool(sp.get("group", False)),
            )
        )  # fmt: skip
        if sp["stance"] not in ("favor", "against", "neutral"):
            raise AnnotationError(f"{ann_path}: speaker {sp['name']!r} has stance {sp['stance']!r}")
        for st in sp["statements"]:
            pieces = st.get("parts") or [st["text"]]
            parts = [_locate(text, p, f"{ann_path}: {sp['name']}") for p in pieces]
            if st["kind"] not in ("direct", "reported"):
                raise AnnotationError(f"{ann_path}: kind must be direct or reported")
            if st.get("stance") not in (None, "favor", "against", "neutral"):
                raise AnnotationError(f"{ann_path}: statement stance {st['stance']!r}")
            art.statements.append(GoldStatement(parts, st["kind"], si, st.get("stance")))
    return art


def load_articles(directory: str | Path) -> list[Article]:
    paths = sorted(Path(directory).glob("*.txt"))
    if not paths:
        raise FileNotFoundError(f"no annotated articles (*.txt + *.json) in {directory}")
    return [load_article(p) for p in paths]


def _chars(parts: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for s, e in parts:
        out.update(range(s, e))
    return out


def normalize_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).lower().replace("’", "'")
    name = re.sub(r"^(the|a|an)\s+", "", name.strip()).rstrip(".")
    return re.sub(r"\s+", " ", name)


_BRACKETED = re.compile(r"(.+?)\s*\(([^()]+)\)")


def surname(name: str) -> str:
    """The last word of a person's name past a suffix ('Gilberto Teodoro Jr.'), normalised."""
    words = [w.rstrip(".,") for w in name.split()]
    while len(words) > 1 and NAME_SUFFIX.fullmatch(words[-1]):
        words.pop()
    return normalize_name(words[-1]) if words else ""


def names_match(pred: str, gold: GoldSpeaker) -> bool:
    p = normalize_name(pred)
    forms = {normalize_name(gold.name), *(normalize_name(a) for a in gold.aliases)}
    # 'Liberation Tigers of Tamil Eelam (LTTE)': the name without its acronym, and the acronym
    for form in list(forms):
        if (bm := _BRACKETED.fullmatch(form)) is not None:
            forms |= {bm.group(1), bm.group(2)}
    if p in forms:
        return True
    if not gold.group:
        return surname(pred) == surname(gold.name)
    return False


def match(art: Article, ext: Extraction) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs under the overlap rule."""
    gold_sets = [_chars(g.parts) for g in art.statements]
    pred_sets = [_chars(p.parts) for p in ext.statements]
    cands = []
    for gi, gs in enumerate(gold_sets):
        for pi, ps in enumerate(pred_sets):
            inter = len(gs & ps)
            if inter and inter >= OVERLAP * max(len(gs), len(ps)):
                cands.append((inter / max(len(gs), len(ps)), gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(cands, reverse=True):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def _role_ok(pred: str | None, gold: str | None) -> bool | None:
    if not gold:
        return None
    if not pred:
        return False
    stop = {"the", "a", "an", "of", "at", "in", "for", "to", "and", "who", "s"}
    g = {w for w in re.findall(r"\w+", gold.lower()) if w not in stop}
    p = {w for w in re.findall(r"\w+", pred.lower()) if w not in stop}
    if not g or not p:
        return False
    common = len(g & p)
    return common / len(g) >= 0.5 and common / len(p) >= 0.5


def score_article(art: Article, ext: Extraction) -> dict:
    """Counts for one article (extraction, attribution, speakers, roles)."""
    pairs = match(art, ext)
    correct = 0
    for gi, pi in pairs:
        gold_sp = art.speakers[art.statements[gi].speaker]
        pred_sp = ext.speakers[ext.statements[pi].speaker]
        correct += names_match(pred_sp.name, gold_sp)
    found: dict[int, int] = {}  # gold speaker -> predicted speaker
    for gsi, gsp in enumerate(art.speakers):
        for psi, psp in enumerate(ext.speakers):
            if names_match(psp.name, gsp):
                found[gsi] = psi
                break
    # an output speaker is real when it is some gold speaker (name, alias or a person's surname)
    real = sum(any(names_match(psp.name, gsp) for gsp in art.speakers) for psp in ext.speakers)
    roles = [_role_ok(ext.speakers[psi].role, art.speakers[gsi].role) for gsi, psi in found.items()]
    roles = [r for r in roles if r is not None]
    return {
        "breakdown": _breakdown(art, found, {gi for gi, _ in pairs}),
        "gold": len(art.statements),
        "predicted": len(ext.statements),
        "matched": len(pairs),
        "attributed": correct,
        "gold_speakers": len(art.speakers),
        "predicted_speakers": len(ext.speakers),
        "found_speakers": len(found),
        "real_speakers": real,
        "roles_checked": len(roles),
        "roles_ok": sum(roles),
        "found": found,
        "pairs": pairs,
    }


def _breakdown(art: Article, found: dict[int, int], matched: set[int]) -> Counter[str]:
    """Where recall is lost: speakers found by kind (person / group), statements matched by
    kind (direct / reported / ...), and each missed speaker as one with none of its statements
    extracted or one whose statements went to another speaker."""
    counts: Counter[str] = Counter()
    for si, sp in enumerate(art.speakers):
        kind = "group" if sp.group else "person"
        counts[f"{kind}_speakers"] += 1
        counts[f"{kind}_found"] += si in found
        if si not in found:
            own = {gi for gi, st in enumerate(art.statements) if st.speaker == si}
            counts["missed_given_to_another" if own & matched else "missed_none_extracted"] += 1
    for gi, st in enumerate(art.statements):
        counts[f"{st.kind}_statements"] += 1
        counts[f"{st.kind}_matched"] += gi in matched
    return counts


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def summarize(counts: list[dict]) -> dict:
    tot = {k: sum(c[k] for c in counts) for k in (
        "gold", "predicted", "matched", "attributed", "gold_speakers", "predicted_speakers",
        "found_speakers", "real_speakers", "roles_checked", "roles_ok",
    )}  # fmt: skip
    breakdown: Counter[str] = Counter()
    for c in counts:
        breakdown.update(c["breakdown"])  # update (unlike +) keeps the zero counts
    tot["breakdown"] = dict(sorted(breakdown.items()))
    p = ratio(tot["matched"], tot["predicted"])
    r = ratio(tot["matched"], tot["gold"])
    return tot | {
        "extraction_precision": p,
        "extraction_recall": r,
        "extraction_f1": round(2 * p * r / (p + r), 3) if p and r else 0.0,
        "attribution_precision": ratio(tot["attributed"], tot["predicted"]),
        "attribution_recall": ratio(tot["attributed"], tot["gold"]),
        "attribution_accuracy_on_matched": ratio(tot["attributed"], tot["matched"]),
        "speaker_recall": ratio(tot["found_speakers"], tot["gold_speakers"]),
        "speaker_precision": ratio(tot["real_speakers"], tot["predicted_speakers"]),
        "role_accuracy": ratio(tot["roles_ok"], tot["roles_checked"]),
    }


def evaluate_extraction(articles: list[Article]) -> dict:
    """Extraction and attribution figures, overall and per split (no model needed)."""
    per = {a.name: score_article(a, extract(a.text)) for a in articles}
    out = {"overall": summarize(list(per.values()))}
    for split in sorted({a.split for a in articles}):
        out[split] = summarize([per[a.name] for a in articles if a.split == split])
    out["articles"] = {
        name: {k: v for k, v in c.items() if k not in ("found", "pairs", "breakdown")}
        for name, c in per.items()
    }
    return out


def format_evaluation(report: dict) -> str:
    """The figures as a short text report (one line per split, then stance)."""
    from serving.article.stance import as_three_way

    lines = [f"matching rule: character overlap >= {OVERLAP:.0%} of the longer span, one-to-one"]
    head = f"{'split':<9} {'gold':>4} {'pred':>4}  {'ext P':>5} {'ext R':>5} {'ext F1':>6}  {'att P':>5} {'att R':>5}  {'spk P':>5} {'spk R':>5} {'role':>5}"
    lines.append(head)
    for split, r in report.items():
        if split in ("articles", "stance") or not isinstance(r, dict) or "gold" not in r:
            continue
        lines.append(
            f"{split:<9} {r['gold']:>4} {r['predicted']:>4}  {r['extraction_precision']:>5.3f} "
            f"{r['extraction_recall']:>5.3f} {r['extraction_f1']:>6.3f}  "
            f"{r['attribution_precision']:>5.3f} {r['attribution_recall']:>5.3f}  "
            f"{(r['speaker_precision'] or 0):>5.3f} {r['speaker_recall']:>5.3f} "
            f"{(r['role_accuracy'] or 0):>5.3f}"
        )
    lines += _format_breakdown(report)
    st = report.get("stance")
    if st:
        lines.append(
            f"stance per speaker ({st['rule']}; mixed counts as neutral): "
            f"{st['stance_accuracy_found'] or 0:.3f} on the {st['speakers_found']} speakers found "
            f"(of {st['speakers']}; {st['mixed']} mixed); from the gold statements: "
            f"{st['stance_accuracy_gold_statements'] or 0:.3f}"
        )
        for row in st["rows"]:
            pred = row["predicted"]
            mark = "ok " if pred and as_three_way(pred) == row["gold"] else "-- "
            lines.append(
                f"  {mark}{row['article']:<22} {row['speaker']:<28} gold {row['gold']:<8} "
                f"predicted {row['predicted'] or 'not found':<9} from gold statements {row['from_gold_statements']}"
            )
    return "\n".join(lines)


def _format_breakdown(report: dict) -> list[str]:
    """One line per split: speakers found by kind, statements matched by kind, missed speakers."""
    lines = []
    for split, r in report.items():
        b = r.get("breakdown") if isinstance(r, dict) else None
        if not b:
            continue
        kinds = sorted(k.removesuffix("_statements") for k in b if k.endswith("_statements"))
        found = ", ".join(
            f"{k}s {b.get(k + '_found', 0)}/{b[k + '_speakers']}"
            for k in ("person", "group")
            if b.get(k + "_speakers")
        )
        matched = ", ".join(f"{k} {b.get(k + '_matched', 0)}/{b[k + '_statements']}" for k in kinds)
        lines.append(
            f"  {split:<8} speakers found: {found}; statements matched: {matched}; missed speakers: "
            f"{b.get('missed_none_extracted', 0)} with no statement extracted, "
            f"{b.get('missed_given_to_another', 0)} with theirs given to another"
        )
    return lines
