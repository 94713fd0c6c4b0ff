"""The documentation works from a clone: every relative link resolves inside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ["README.md", "data/README.md", "docs/labeling-guide.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def test_relative_links_resolve_inside_the_clone():
    for doc in DOCS:
        path = ROOT / doc
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            resolved = (path.parent / target.split("#", 1)[0]).resolve()
            assert resolved.is_relative_to(ROOT), f"{doc} links outside the clone: {target}"
            assert resolved.exists(), f"{doc} links to a missing file: {target}"


def test_the_labeling_guide_is_the_projects_own():
    guide = (ROOT / "docs" / "labeling-guide.md").read_text(encoding="utf-8")
    for label in ("`favor`", "`against`", "`neutral`"):
        assert label in guide
    assert "Reported speech" in guide and "reported speaker's stance" in guide
    tracked = subprocess.run(
        ["git", "grep", "-l", "shared/labeling-guide"], cwd=ROOT, capture_output=True, text=True
    )
    assert tracked.stdout.strip() in ("", "tests/unit/test_docs.py"), tracked.stdout
