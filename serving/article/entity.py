"""One speaker of an article, as the registry and the coreference step see it."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    plural: bool = False  # a group that 'they' may mean ('legislators', 'X and Y', 'Some')
    places: set[str] = field(default_factory=set)  # places its roles name ('Russian', 'US')
    ranks: dict[str, frozenset[str]] = field(default_factory=dict)  # 'president': {'vice'}

    def key(self) -> str:
        return self.name.split()[-1].lower() if self.kind == "person" else self.name.lower()
