#!/usr/bin/env python3
"""Checks the search page in headless Chromium, by hand (Selenium, chromium and chromedriver):

    scripts/search_check.py [--gen .build/debug/gen] [--site Tests/Fixtures/sites/annotated]
                            [--person "Nigel Farage"] [--note-words "foreign decision-making"]
                            [--filler 2100]

Builds the site with search into a scratch folder, serves it under a subpath (/review/, with
--base-url to match), and checks: the person's name finds the articles that mention them and
their entity page; ?verdict=false lists exactly the notes rated false (read from the built
pages; an undated page's too), a verdict and a kind together only notes with both, words and a
verdict the page with its notes of that verdict, and an excerpt stops where the notes begin; words of a note's body find that note's anchor; the header's search box works from
the keyboard; the page has a dark scheme. With --filler N, N short articles are added first, so
that the index is made in parts (above 2,000 pages): the same checks, and a word of every filler
article finds all N, from every part. Prints each check and exits 1 if one fails."""
import argparse
import functools
import glob
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

here = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser()
ap.add_argument("--gen", default=os.path.join(here, "..", ".build", "debug", "gen"))
ap.add_argument("--site", default=os.path.join(here, "..", "Tests", "Fixtures", "sites", "annotated"))
ap.add_argument("--person", default="Nigel Farage")
ap.add_argument("--note-words", default="foreign decision-making")
ap.add_argument("--filler", type=int, default=0, help="short articles to add, each with the word 'quayside'")
args = ap.parse_args()

scratch = tempfile.mkdtemp(prefix="search-check-")
site = os.path.join(scratch, "site")
shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", ".*.gen-*"))
for n in range(args.filler):
    with open(os.path.join(site, "content", "articles", f"filler-{n:05d}.md"), "w", encoding="utf-8") as f:
        f.write(f"---\ntitle: \"Quayside notice {n}\"\ndate: 2020-01-01\n---\n\nThe quayside ledger number {n} was filed.\n")
# An undated standalone page with a false fact check: a search by filters alone (sorted by
# date) must list it too.
os.makedirs(os.path.join(site, "content", "pages"), exist_ok=True)
with open(os.path.join(site, "content", "pages", "method.md"), "w", encoding="utf-8") as f:
    f.write(f"---\ntitle: \"How we check\"\n---\n\nEvery claim gets one of five verdicts, from true to false, as {args.person} learned from the quillwort report.\n")
with open(os.path.join(site, "content", "annotations", "method.md"), "w", encoding="utf-8") as f:
    f.write("---\narticle: method\n---\n\n> one of five verdicts\n\n{#five .fact-check verdict=false}\n\n"
            "A site may add steps of its own to the scale.\n")
out = os.path.join(scratch, "www", "review")
env = dict(os.environ)
env.pop("GEN_PAGEFIND", None)
built = subprocess.run([args.gen, "build", "--site", site, "--output", out, "--base-url", "https://example.org/review/"],
                       capture_output=True, text=True, env=env)
print(built.stdout.strip())
if built.returncode != 0 or "search:" not in built.stdout:
    sys.exit(f"search_check: the site was not built with search:\n{built.stderr}")

# What the pages say: who each article mentions, and every note's verdict.
expected_person, expected_false, tagged, filtered_person = set(), set(), {}, set()
for page in glob.glob(out + "/**/index.html", recursive=True):
    url = "/" + os.path.relpath(os.path.dirname(page), out).replace(os.sep, "/") + "/"
    html = open(page, encoding="utf-8").read()
    if "data-pagefind-body" not in html:
        continue
    for tag in re.findall(r'rel="tag">([^<]+)</a>', html):
        tagged.setdefault(tag, set()).add(url)
    if args.person in html and not url.startswith("/entities/"):
        expected_person.add(url)
    if re.search(r'data-pagefind-filter="entity-[a-z0-9]+">' + re.escape(args.person) + "<", html):
        filtered_person.add(url)
    # Each entry of the note list, up to the next one: its verdict is in its head.
    entries = re.split(r'(?=<(?:div|aside) class="note note-)', html)
    for entry in entries[1:]:
        note = re.match(r'<(?:div|aside) class="note [^"]*" id="(note-[^"]+)"', entry)
        if note and 'class="verdict verdict-false"' in entry.split("</p>", 1)[0]:
            expected_false.add(url + "#" + note.group(1))


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=os.path.join(scratch, "www")))
threading.Thread(target=server.serve_forever, daemon=True).start()
base = f"http://127.0.0.1:{server.server_address[1]}/review/"
options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]:
    options.add_argument(flag)
browser = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("ok      " if ok else "FAILED  ") + name + ("" if ok else f": {detail}"))
    failures += 0 if ok else 1


def results(address):
    browser.get(base + "search/?" + address)
    deadline = time.time() + 20
    while time.time() < deadline:
        status = browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text
        if "result" in status.lower() and "Searching" not in status:
            break
        time.sleep(0.1)
    time.sleep(0.5)
    pages = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".search-result h2 a")]
    notes = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".search-notes a")]
    strip = lambda u: u[len(base) - 1:] if u.startswith(base) else u
    return {strip(p) for p in pages}, {strip(n) for n in notes}


try:
    pages, _ = results("q=" + args.person.replace(" ", "+"))
    slug = re.sub(r"[^a-z0-9]+", "-", args.person.lower()).strip("-")
    check(f"'{args.person}' finds their articles and entity page", expected_person <= pages and f"/entities/{slug}/" in pages,
          f"expected {sorted(expected_person)}, found {sorted(pages)}")

    # An article's result shows its date as the article does ("18 October 2024"), not ISO 8601.
    dates = [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".search-result .meta")]
    check("results show dates as the pages do", bool(dates) and not any(re.search(r"\d{4}-\d\d-\d\d", d) for d in dates)
          and any(re.search(r"\b\d{4}\b", d) for d in dates), dates)

    _, notes = results("verdict=false")
    check("?verdict=false lists exactly the false fact checks", notes == expected_false and bool(notes),
          f"expected {sorted(expected_false)}, found {sorted(notes)}")
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".search-result mark")]
    check("a search by filters alone marks no word (none was typed)", not marks, marks)
    selected = browser.find_element(By.CSS_SELECTOR, 'select[name="verdict"]').get_attribute("value")
    check("the deep link's filter is selected in the form", selected == "false", selected)

    # A verdict and a kind together select notes that have both, not pages that have each.
    pages, notes = results("verdict=false&kind=context")
    check("?verdict=false&kind=context lists nothing (no note is both)", not pages and not notes, f"found {sorted(pages | notes)}")
    _, notes = results("verdict=false&kind=fact-check")
    check("?verdict=false&kind=fact-check lists exactly the false fact checks", notes == expected_false,
          f"expected {sorted(expected_false)}, found {sorted(notes)}")

    # Words of a page's text with a verdict: the page, and under it the notes with that verdict.
    pages, notes = results("q=quillwort&verdict=false")
    check("words and a verdict list the page with its notes of that verdict",
          pages == {"/method/"} and notes == {"/method/#note-five"}, f"found {sorted(pages)}, {sorted(notes)}")
    # The page's excerpt is its own words, not the head of its notes list.
    pages, _ = results("q=quillwort")
    excerpts = [p.text for p in browser.find_elements(By.CSS_SELECTOR, ".search-result > .search-excerpt")]
    check("a page's excerpt stops where its notes begin", pages == {"/method/"} and excerpts
          and "quillwort" in excerpts[0] and "Fact check" not in excerpts[0], excerpts)

    # The word found is marked, not the punctuation beside it ("report." marks "report").
    results("q=report")
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, ".search-result mark")]
    check("a found word is marked without its punctuation", "report" in [m.lower() for m in marks]
          and not any(re.search(r"\W$|^\W", m) for m in marks), marks)

    if tagged:
        tag = sorted(tagged)[0]
        pages, _ = results("tag=" + tag)
        check(f"?tag={tag} lists exactly the pages with that tag", pages == tagged[tag], f"expected {sorted(tagged[tag])}, found {sorted(pages)}")

    pages, _ = results("entity=" + args.person.replace(" ", "+"))
    check(f"?entity={args.person} lists exactly the pages that mention them", pages == filtered_person and bool(pages),
          f"expected {sorted(filtered_person)}, found {sorted(pages)}")

    _, notes = results("q=" + args.note_words.replace(" ", "+"))
    check(f"'{args.note_words}' finds its note's anchor", any("#note-" in n for n in notes), f"found {sorted(notes)}")

    # The header's box from the keyboard: Tab to it, type, Enter; then Tab to a result.
    browser.get(base)
    box = None
    for _ in range(30):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.get_attribute("id") == "site-search":
            box = browser.switch_to.active_element
            break
    check("the header's search box is reached with Tab", box is not None)
    if box is not None:
        box.send_keys(args.person.split()[-1], Keys.ENTER)
        time.sleep(2)
        check("Enter opens the search page with the query", "search/?q=" in browser.current_url, browser.current_url)
        first = browser.find_elements(By.CSS_SELECTOR, ".search-result h2 a")
        check("the results are links", bool(first))

    # Light and dark.
    browser.get(base + "search/?q=" + args.person.split()[-1])
    light = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    dark = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    field = browser.execute_script("return getComputedStyle(document.getElementById('search-query')).backgroundColor")
    check("the search page follows the dark scheme", light != dark and field == dark, f"{light} / {dark} / {field}")
    # axe-core 4 (the copy the axe-playwright-python package ships, when installed): no
    # violations on the search page with results and notes, in light and in dark.
    import importlib.util
    spec = importlib.util.find_spec("axe_playwright_python")
    axe = os.path.join(spec.submodule_search_locations[0], "axe.min.js") if spec and spec.submodule_search_locations else None
    if axe and os.path.exists(axe):
        for scheme in ["light", "dark"]:
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
            results("q=" + args.note_words.replace(" ", "+"))
            browser.execute_script(open(axe, encoding="utf-8").read())
            found = browser.execute_async_script("var done = arguments[arguments.length - 1]; axe.run().then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ')')));")
            check(f"axe finds no violations on the search page ({scheme})", not found, found)
    else:
        print("skipped axe: pip install --no-deps axe-playwright-python==0.1.8")
    if args.filler:
        parts = sorted(os.listdir(os.path.join(out, "pagefind")))
        check("the index is made in parts", "part-2" in parts, parts)
        results("q=quayside")
        status = browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text
        check(f"a word of every filler article finds all {args.filler}, from every part", status.startswith(f"{args.filler:,} ")
              or status.startswith(f"{args.filler} "), status)
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    check("no script errors", not errors, errors)
    if args.filler:
        # A part missing (a partial upload): the other part is still searched.
        shutil.rmtree(os.path.join(out, "pagefind", "part-2"))
        results("q=quayside")
        status = browser.find_element(By.CSS_SELECTOR, "[data-search-status]").text
        found = re.match(r"([\d,]+) results", status)
        check("without its second part, the index's first is still searched",
              bool(found) and 0 < int(found.group(1).replace(",", "")) < args.filler, status)
finally:
    browser.quit()
    server.shutdown()
    shutil.rmtree(scratch, ignore_errors=True)
sys.exit(1 if failures else 0)
