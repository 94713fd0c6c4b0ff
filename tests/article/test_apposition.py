"""A title or description first and the person's name after it in apposition: 'the Emir of
Kuwait, Sheikh Nawaf Al-Salem, said ...', '"...," said the leader of the Civic Alliance, Juan
Ortiz.', 'According to the head of the delegation, Omar Haddad, ...'.

Five role shapes (a title 'of' a place, a leader 'of' a party, a head 'of' a body, a possessive
description, a possessive title 'to' a place) x four names (one with an honorific) x five
attribution positions. A cell passes when the person, named in full without the honorific, is
the one speaker, keeps the role, and the statement is found; the role never speaks of its own.
"""

from __future__ import annotations

import pytest

from serving.article.extract import extract

NEUTRAL = "Border talks\n\nThe talks opened in Doha on Monday.\n\n"
C = "the talks would resume in May"
CQ = "The talks will resume in May"

ROLES = [
    ("emir-of", "the Emir of Kuwait"),
    ("leader-of", "the leader of the Civic Alliance"),
    ("head-of", "the head of the delegation"),
    ("possessive", "the country's foreign minister"),
    ("envoy-to", "Pakistan's envoy to Kabul"),
]
# (as written, the speaker's name)
NAMES = [
    ("Sheikh Nawaf Al-Salem", "Nawaf Al-Salem"),
    ("Juan Ortiz", "Juan Ortiz"),
    ("Omar Haddad", "Omar Haddad"),
    ("Ana Ruiz", "Ana Ruiz"),
]
POSITIONS = {
    "said-that": ("{X}, {N}, said that {C}.", C),
    "after-quote": ('"{CQ}," {x}, {N}, said.', CQ),
    "said-x": ('"{CQ}," said {x}, {N}.', CQ),
    "according": ("According to {x}, {N}, {C}.", C),
    "told-reporters": ("{X}, {N}, told reporters {C}.", C),
}

XFAIL: dict[str, str] = {}


def _cells() -> list[object]:
    cells = []
    for rid, role in ROLES:
        for written, name in NAMES:
            for pos, (template, words) in POSITIONS.items():
                body = template.format(X=role[0].upper() + role[1:], x=role, N=written, C=C, CQ=CQ)
                cid = f"{rid}-{name.split()[0].lower()}-{pos}"
                marks = [pytest.mark.xfail(strict=True, reason=XFAIL[cid])] if cid in XFAIL else []
                cells.append(pytest.param(body, name, role, words, id=cid, marks=marks))
    return cells


@pytest.mark.parametrize(("body", "name", "role", "words"), _cells())
def test_apposition(body, name, role, words):
    ext = extract(NEUTRAL + body + "\n")
    speakers = [s for s in ext.speakers if s.statements]
    stmts = [(ext.speakers[s.speaker].name, s.text) for s in ext.statements]
    assert [s.name for s in speakers] == [name], stmts
    assert (speakers[0].role or "").lower() == role.lower(), speakers[0].role
    assert len(stmts) == 1 and words in stmts[0][1], stmts


def test_clause_after_said_role_is_no_apposition():
    # '..., adding that X, the mediator, ...': the name opens a clause of the role's own
    body = '"The talks will resume," said the envoy, adding that Juan Ortiz, the mediator, agreed.'
    ext = extract(NEUTRAL + body + "\n")
    assert [s.name for s in ext.speakers if s.statements] == ["the envoy"]


def test_role_before_name_is_no_fronted_statement():
    body = "The head of the delegation, Omar Haddad, told reporters the talks would resume."
    ext = extract(NEUTRAL + body + "\n")
    assert [s.text for s in ext.statements] == ["the talks would resume."]
