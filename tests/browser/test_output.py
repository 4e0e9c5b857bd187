"""What the built pages carry besides their layout: the note script only where there are notes."""
import re

from conftest import OUT


def test_script_only_on_pages_with_notes_and_small(server):
    www = OUT / "www"
    with_notes = www / "margin" / "articles" / "river-survey" / "index.html"
    without = www / "margin" / "articles" / "market-hours" / "index.html"
    scripts = lambda path: [s for s in re.findall(r"<script(?![^>]*application/ld\+json)[^>]*>(.*?)</script>",
                                                  path.read_text(), re.S)]
    assert scripts(without) == [], "a page without notes carries a script"
    for path in (www / "margin" / "index.html", www / "margin" / "tags" / "index.html"):
        assert scripts(path) == [], f"{path} carries a script"
    placed = scripts(with_notes)
    assert len(placed) <= 1
    for script in placed:
        assert len(script.encode()) < 3072, f"the note script is {len(script.encode())} bytes"
