"""Search in the browser: scripts/search_check.py builds the annotated fixture with its Pagefind
index under a subpath and checks, in headless Chromium, that a person's name finds their
articles and entity page, that ?verdict=false lists exactly the false fact checks, that a tag's
deep link lists exactly its pages, that words of a note's body find that note's anchor, the
header's box from the keyboard, the dark scheme, and axe-core with no violations."""
import subprocess
import sys

from conftest import GEN, REPO


def test_search_page_in_the_browser():
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "search_check.py"), "--gen", str(GEN)],
                         capture_output=True, text=True, timeout=600)
    assert "search:" in run.stdout, run.stdout + run.stderr
    assert run.returncode == 0, run.stdout + run.stderr


def test_search_across_the_parts_of_a_large_index():
    """Over 2,000 pages, the index is made in two parts, which the search page merges."""
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "search_check.py"), "--gen", str(GEN), "--filler", "2100"],
                         capture_output=True, text=True, timeout=900)
    assert "search:" in run.stdout, run.stdout + run.stderr
    assert "the index is made in parts" in run.stdout, run.stdout + run.stderr
    assert run.returncode == 0, run.stdout + run.stderr
