"""The built-in theme in headless Chromium: every page kind of the example site and of the
dense test site, at 1400 and 390 px, light and dark. Screenshots go to .build/browser/."""
import json
import re
import time

import pytest
from axe_selenium_python import Axe
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from conftest import OUT, axe_script, set_viewport, screenshot

# Every page kind, on each site: (name, path below the site's folder).
PAGES = {
    "example": [
        ("index", ""),
        ("article", "articles/labour-volunteers-us-election/"),
        ("article-plain", "articles/reading-a-fact-check/"),
        ("page", "about/"),
        ("tags", "tags/"),
        ("tag", "tags/us-election-2024/"),
        ("entities", "entities/"),
        ("entity", "entities/federal-election-commission/"),
        ("sources", "sources/"),
        ("404", "404.html"),
    ],
    "dense": [
        ("index", ""),
        ("index-page2", "page/2/"),
        ("article", "articles/river-survey/"),
        ("article-short", "articles/bridge-vote/"),
        ("article-no-notes", "articles/market-hours/"),
        ("page", "about/"),
        ("tags", "tags/"),
        ("tag", "tags/local-government/"),
        ("entities", "entities/"),
        ("entity", "entities/mira-okafor/"),
        ("sources", "sources/"),
        ("404", "404.html"),
    ],
}
ALL_PAGES = [(site, name, path) for site, pages in PAGES.items() for name, path in pages]
ARTICLES_WITH_NOTES = [("example", "articles/labour-volunteers-us-election/"),
                       ("dense", "articles/river-survey/"), ("dense", "articles/bridge-vote/"), ("dense", "about/")]


def page_id(value):
    """A test id: the site and the page's name, or the last folder of its path."""
    if len(value) == 3:
        return f"{value[0]}-{value[1]}"
    return f"{value[0]}-{value[1].strip('/').split('/')[-1] or 'index'}"


def open_page(driver, server, site, path, width, scheme="light", height=900):
    set_viewport(driver, width, height, scheme)
    driver.get(server[site] + path)
    title = driver.title
    assert not title.startswith("Error response"), f"{server[site] + path}: {title}"
    driver.execute_script("return document.fonts && document.fonts.ready")
    # Let any placement script run after layout.
    driver.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


# Axe-core, and a screenshot of every page kind at both widths and both schemes.

@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("page", ALL_PAGES, ids=page_id)
def test_axe_has_no_violations(driver, server, page, width, scheme):
    site, name, path = page
    open_page(driver, server, site, path, width, scheme)
    screenshot(driver, OUT / f"{site}-{name}-{width}-{scheme}.png")
    axe = Axe(driver, script_url=axe_script())
    axe.inject()
    results = axe.run()
    assert results["testEngine"]["version"].startswith("4."), results["testEngine"]
    violations = results["violations"]
    summary = [f"{v['id']} ({len(v['nodes'])}): {v['help']}; first: {v['nodes'][0]['target']}"
               for v in violations]
    assert not violations, f"{len(violations)} rules violated:\n" + "\n".join(summary)


# No sideways scrolling on a phone, nor at the narrowest width the theme supports.

@pytest.mark.parametrize("width", [390, 320])
@pytest.mark.parametrize("page", ALL_PAGES, ids=page_id)
def test_no_horizontal_scroll(driver, server, page, width):
    site, name, path = page
    open_page(driver, server, site, path, width)
    scroll, client = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    wide = driver.execute_script("""
        const w = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')].filter(e => {
          const r = e.getBoundingClientRect();
          return r.width > 0 && r.right > w + 1 && getComputedStyle(e).position !== 'fixed';
        }).slice(0, 5).map(e => e.tagName + '.' + e.className + ' right=' + Math.round(e.getBoundingClientRect().right));
    """)
    assert scroll <= client, f"page is {scroll} px wide in a {client} px viewport: {wide}"


# Sidenotes beside their passages.

SIDENOTE_GEOMETRY = """
const out = [];
for (const side of document.querySelectorAll('.sidenote')) {
  const link = side.querySelector('a[href^="#note-"]');
  const id = decodeURIComponent(link.getAttribute('href').slice(6));
  const mark = document.getElementById('mark-' + id);
  const rects = mark ? mark.getClientRects() : [];
  const first = rects.length ? rects[0] : mark.getBoundingClientRect();
  const segments = [...document.querySelectorAll('mark.annotation')]
    .filter(m => (m.dataset.annotations || '').split(' ').includes(id));
  const last = segments.length ? segments[segments.length - 1].getBoundingClientRect() : first;
  const box = side.querySelector('.sidenote-body') || side;
  const r = box.getBoundingClientRect();
  const text = document.querySelector('.article-body').getBoundingClientRect();
  out.push({id, markTop: first.top + scrollY, lastBottom: last.bottom + scrollY,
            top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right,
            width: r.width, height: r.height, textRight: text.right, textLeft: text.left,
            viewport: document.documentElement.clientWidth});
}
return out;
"""


@pytest.mark.parametrize("width", [1400, 1280])
@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_sidenotes_sit_beside_their_passages(driver, server, article, width):
    site, path = article
    open_page(driver, server, site, path, width)
    notes = driver.execute_script(SIDENOTE_GEOMETRY)
    assert notes, "no sidenotes on a page with notes"
    problems = []
    above = None
    for note in notes:
        if note["height"] <= 0:
            problems.append(f"{note['id']}: not shown")
            continue
        if note["left"] < note["textRight"] or note["right"] > note["viewport"]:
            problems.append(f"{note['id']}: not in the margin ({note['left']:.0f}..{note['right']:.0f}, "
                            f"text ends at {note['textRight']:.0f}, viewport {note['viewport']})")
        distance = note["top"] - note["markTop"]
        if above is not None and note["top"] < above["bottom"] - 0.5:
            problems.append(f"{note['id']}: overlaps {above['id']} by {above['bottom'] - note['top']:.0f} px")
        if abs(distance) > 24:
            occupied = above is not None and above["bottom"] > note["markTop"]
            if not occupied:
                problems.append(f"{note['id']}: {distance:.0f} px from its passage, whose place is free")
            elif note["top"] - above["bottom"] > 24:
                problems.append(f"{note['id']}: {note['top'] - above['bottom']:.0f} px below {above['id']}, "
                                f"which holds its place")
        above = note
    distances = ", ".join(f"{n['id']} {n['top'] - n['markTop']:+.0f}" for n in notes)
    assert not problems, "\n".join(problems) + f"\n(distances: {distances})"


@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_narrow_notes_open_at_their_passage(driver, server, article):
    site, path = article
    open_page(driver, server, site, path, 390)
    problems = []
    for note in driver.execute_script(SIDENOTE_GEOMETRY.replace("side.querySelector('.sidenote-body') || side", "side")):
        # The note's control comes after the start of its passage and right after its end.
        if note["top"] < note["markTop"] - 2:
            problems.append(f"{note['id']}: {note['markTop'] - note['top']:.0f} px above its passage")
        elif note["top"] - note["lastBottom"] > 40:
            problems.append(f"{note['id']}: {note['top'] - note['lastBottom']:.0f} px below its passage")
    # Opening every note keeps the page inside the screen, and shows each body.
    for toggle in driver.find_elements(By.CSS_SELECTOR, ".sidenote-label, .sidenote summary, .sidenote button"):
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
        toggle.click()
    hidden = driver.execute_script("""
        return [...document.querySelectorAll('.sidenote-body')].filter(b => b.getBoundingClientRect().height === 0)
          .map(b => b.closest('.sidenote').querySelector('a[href^="#note-"]').getAttribute('href'));""")
    if hidden:
        problems.append(f"not shown once opened: {hidden}")
    scroll, client = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll > client:
        problems.append(f"with the notes open the page is {scroll} px wide in {client} px")
    assert not problems, "\n".join(problems)


# Tooltips and popovers stay inside the viewport.

@pytest.mark.parametrize("width", [320, 390, 768, 1100, 1216, 1300, 1400])
@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_tooltips_stay_inside_the_viewport(driver, server, article, width):
    site, path = article
    open_page(driver, server, site, path, width)
    # Narrow screens: open every note, so the citations inside them are shown too.
    for toggle in driver.find_elements(By.CSS_SELECTOR, ".sidenote-label, .sidenote summary"):
        if toggle.is_displayed():
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", toggle)
            toggle.click()
    cited = driver.find_elements(By.CSS_SELECTOR, "a.citation")
    assert cited, "no citations on the page"
    problems = []
    checked = 0
    for link in cited:
        if not link.is_displayed():
            continue
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", link)
        tip = driver.execute_script("""
            const a = document.activeElement;
            const tip = a.nextElementSibling && a.nextElementSibling.matches('.citation-tip, [role=tooltip]')
              ? a.nextElementSibling : document.getElementById(a.getAttribute('aria-describedby') || '-');
            if (!tip) return null;
            const r = tip.getBoundingClientRect();
            return {left: r.left, right: r.right, width: r.width, viewport: document.documentElement.clientWidth,
                    scroll: document.documentElement.scrollWidth, text: a.textContent};""")
        checked += 1
        if tip is None or tip["width"] == 0:
            problems.append(f"citation {link.text!r}: no tooltip shown on focus")
            continue
        if tip["width"] > 720:
            problems.append(f"citation {tip['text']!r}: tooltip {tip['width']:.0f} px wide, wider than a column")
        if tip["left"] < 0 or tip["right"] > tip["viewport"] or tip["scroll"] > tip["viewport"]:
            problems.append(f"citation {tip['text']!r}: tooltip at {tip['left']:.0f}..{tip['right']:.0f} "
                            f"in {tip['viewport']} px (page {tip['scroll']} px wide)")
    assert checked, "no citation shown"
    assert not problems, f"{len(problems)} of {checked}:\n" + "\n".join(problems)


# Keyboard: tab order follows reading order.

def tab_through(driver, limit=400):
    driver.execute_script("window.scrollTo(0, 0); document.activeElement && document.activeElement.blur()")
    body = driver.find_element(By.TAG_NAME, "body")
    driver.execute_script("document.body.focus()")
    stops = []
    seen = set()
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        stop = driver.execute_script("""
            const e = document.activeElement;
            if (!e || e === document.body) return null;
            // A visually hidden checkbox shows its focus on its label.
            const shown = e.matches('input.sidenote-toggle') && e.labels && e.labels.length ? e.labels[0] : e;
            const r = shown.getBoundingClientRect();
            const side = e.closest('.sidenote');
            const ref = e.closest('.note-ref');
            let note = null;
            if (side) { const l = side.querySelector('a[href^="#note-"]'); note = l && l.getAttribute('href').slice(6); }
            if (ref) { note = (e.getAttribute('href') || '').replace('#note-', ''); }
            // Whether the end of the note's passage comes before this stop in the document.
            let afterPassage = true;
            if (side && note) {
              const segments = [...document.querySelectorAll('mark.annotation')]
                .filter(m => (m.dataset.annotations || '').split(' ').includes(note));
              const last = segments[segments.length - 1];
              afterPassage = !!last && !!(last.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
            }
            let key = e.tagName + '|' + (e.id || '') + '|' + (e.getAttribute('href') || '') + '|' + Math.round(r.top + scrollY) + '|' + Math.round(r.left);
            return {key, top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, inSidenote: !!side,
                    inArticle: !!e.closest('.article-body'), isRef: !!ref, note, afterPassage, text: (e.textContent || e.tagName).trim().slice(0, 30)};""")
        if stop is None or stop["key"] in seen:
            break
        seen.add(stop["key"])
        stops.append(stop)
    return stops


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_tab_order_follows_reading_order(driver, server, article, width):
    site, path = article
    open_page(driver, server, site, path, width)
    stops = tab_through(driver)
    assert len(stops) > 5, "Tab reached almost nothing"
    problems = []
    ref_index = {}
    for i, stop in enumerate(stops):
        if stop["isRef"] and stop["note"] not in ref_index:
            ref_index[stop["note"]] = i
    for i, stop in enumerate(stops):
        if stop["inSidenote"]:
            # A note's own controls come after its passage, and after its badge when the badge
            # is shown (on narrow screens the note's toggle takes the badge's place).
            ref = ref_index.get(stop["note"])
            if not stop["afterPassage"] or (ref is not None and ref > i):
                problems.append(f"sidenote of {stop['note']} ({stop['text']!r}) is reached before its passage")
    # In the text column, each stop is on the same line as the previous one or below it.
    column = [s for s in stops if s["inArticle"] and not (width >= 1216 and s["inSidenote"])]
    for before, after in zip(column, column[1:]):
        same_line = after["top"] < before["bottom"] - 2 and after["bottom"] > before["top"] + 2
        if after["top"] < before["top"] - 2 and not (same_line and after["left"] >= before["left"]):
            problems.append(f"{after['text']!r} (y {after['top']:.0f}) comes after {before['text']!r} (y {before['top']:.0f})")
    assert not problems, "\n".join(problems[:20]) + (f"\n... {len(problems)} in all" if len(problems) > 20 else "")


@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_each_note_is_one_tab_stop_beside_the_text(driver, server, article):
    # Its badge and its margin note's link both lead to the note: Tab stops at the badge only.
    site, path = article
    open_page(driver, server, site, path, 1400)
    stops = tab_through(driver)
    to_notes = [s["note"] for s in stops if s["note"] and (s["isRef"] or s["text"].startswith(("Note", "Note ")))]
    twice = sorted({n for n in to_notes if to_notes.count(n) > 1})
    assert to_notes and not twice, f"reached twice: {twice}"
    # On a narrow screen the margin note's link is the way to the note: it stays a Tab stop
    # once the note is opened.
    set_viewport(driver, 390, 900)
    time.sleep(0.3)
    assert driver.execute_script("return [...document.querySelectorAll('.sidenote-head a')].every(a => !a.hasAttribute('tabindex'))")


# Targets of at least 24 by 24 CSS pixels (WCAG 2.2, 2.5.8), for the controls gen adds; links
# inside sentences are exempt.

TARGETS = ".note-ref a, a.citation, .sidenote-label, .sidenote a[href^='#note-'], .pagination a, " \
          ".site-header a, .tag-list a, .footnote-ref a, .source-backlinks a, .note-back, .heading-anchor, " \
          "a[data-footnote-backref], .entity-chips a"


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("page", [("example", "articles/labour-volunteers-us-election/"),
                                  ("dense", "articles/river-survey/"), ("dense", ""), ("dense", "page/2/")],
                         ids=page_id)
def test_targets_are_at_least_24px(driver, server, page, width):
    site, path = page
    open_page(driver, server, site, path, width)
    small = driver.execute_script("""
        return [...document.querySelectorAll(arguments[0])].map(e => {
          const r = e.getBoundingClientRect();
          return {what: e.className + ' ' + (e.getAttribute('href') || e.getAttribute('for') || ''), w: r.width, h: r.height,
                  shown: r.width > 0 && getComputedStyle(e).visibility !== 'hidden'};
        }).filter(t => t.shown && (t.w < 23.5 || t.h < 23.5));""", TARGETS)
    listed = "\n".join(f"{t['what'].strip()}: {t['w']:.0f}x{t['h']:.0f}" for t in small[:15])
    assert not small, f"{len(small)} targets under 24x24 px:\n{listed}"


@pytest.mark.parametrize("width", [1400, 1216, 390])
def test_the_column_stands_in_the_same_place_on_every_page(driver, server, width):
    # Opening an article with notes from the home page, or a short page from a long one,
    # moves neither the header nor the text.
    places = {}
    for site, name, path in ALL_PAGES:
        if site != "example":
            continue
        open_page(driver, server, site, path, width)
        places[name] = driver.execute_script(
            "return ['.site-header', 'main'].map(s => Math.round(document.querySelector(s).getBoundingClientRect().left))")
    assert len(set(map(tuple, places.values()))) == 1, places


CONTRAST = """
const rgb = s => s.match(/[\\d.]+/g).slice(0, 4).map(Number);
const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                   return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
return [...document.querySelectorAll(arguments[0])].map(e => {
  const style = getComputedStyle(e);
  let back = null;
  for (let a = e; a && !back; a = a.parentElement) {
    const c = rgb(getComputedStyle(a).backgroundColor);
    if (c.length < 4 || c[3] > 0) back = c;
  }
  back = back || [255, 255, 255];
  const alpha = Number(style.opacity), fore = rgb(style.color);
  const seen = fore.slice(0, 3).map((v, i) => alpha * v + (1 - alpha) * back[i]);
  const [hi, lo] = [lum(seen), lum(back)].sort((x, y) => y - x);
  return {what: e.outerHTML.slice(0, 80), ratio: (hi + 0.05) / (lo + 0.05), shown: alpha > 0};
}).filter(t => t.shown);"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_heading_links_shown_without_hover_are_readable(driver, server, scheme):
    # Headless Chromium has no hover, as a touch screen: the heading links are always shown.
    open_page(driver, server, "example", "articles/labour-volunteers-us-election/", 390, scheme)
    assert driver.execute_script("return matchMedia('(hover: none)').matches")
    links = driver.execute_script(CONTRAST, ".heading-anchor")
    assert links, "the article's headings have links"
    faint = [f"{t['what']}: {t['ratio']:.2f}:1" for t in links if t["ratio"] < 4.5]
    assert not faint, "contrast under 4.5:1:\n" + "\n".join(faint)


# Overlapping notes.

def test_overlaps_are_visible_and_announced(driver, server):
    open_page(driver, server, "dense", "articles/river-survey/", 1400)
    marks = driver.execute_script("""
        return [...document.querySelectorAll('mark.annotation')].map(m => {
          const ids = new Set();
          for (let e = m; e; e = e.parentElement.closest('mark.annotation'))
            for (const id of (e.dataset.annotations || '').split(' ')) if (id) ids.add(id);
          const hidden = [...m.querySelectorAll('.visually-hidden')].map(h => h.textContent).join(' ');
          const s = getComputedStyle(m);
          return {ids: [...ids], text: m.textContent.slice(0, 40), look: s.backgroundColor + ' ' + s.backgroundImage + ' ' + s.borderBottomStyle + s.borderBottomWidth + ' ' + s.textDecorationLine,
                  said: hidden + ' ' + (m.getAttribute('aria-label') || '') + ' ' + (m.getAttribute('aria-description') || '')};
        });""")
    single = [m for m in marks if len(m["ids"]) == 1]
    multiple = [m for m in marks if len(m["ids"]) > 1]
    assert single and multiple, "the dense site should have both single and overlapping passages"
    single_looks = {m["look"] for m in single}
    same = [m["text"] for m in multiple if m["look"] in single_looks]
    assert not same, f"text covered by several notes looks like text covered by one: {same}"
    unsaid = [m["text"] for m in multiple if not re.search(r"\d+ notes|notes \d", m["said"])]
    assert not unsaid, f"overlapping passages not announced to screen readers: {unsaid}"


def test_focusing_a_note_shows_exactly_its_extent(driver, server):
    open_page(driver, server, "dense", "articles/river-survey/", 1400)
    problems = driver.execute_script("""
        const look = m => { const s = getComputedStyle(m); return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor, s.borderBottomStyle, s.borderBottomWidth, s.borderBottomColor].join(' '); };
        const marks = [...document.querySelectorAll('mark.annotation')];
        const problems = [];
        for (const ref of document.querySelectorAll('.note-ref a')) {
          const id = ref.getAttribute('href').slice(6);
          document.activeElement.blur();
          const before = marks.map(look);
          ref.focus();
          const changed = marks.filter((m, i) => look(m) !== before[i]);
          const own = marks.filter(m => (m.dataset.annotations || '').split(' ').includes(id));
          const extra = changed.filter(m => !own.includes(m)).length;
          const missing = own.filter(m => !changed.includes(m)).length;
          if (extra || missing) problems.push(id + ': ' + missing + ' of its ' + own.length + ' segments unchanged, ' + extra + ' others changed');
        }
        return problems;""")
    assert not problems, "\n".join(problems)


# Numbering: note badges, source numbers and footnotes are told apart.

def test_note_source_and_footnote_numbers_look_different(driver, server):
    open_page(driver, server, "dense", "articles/river-survey/", 1400)
    looks = driver.execute_script("""
        const pick = sel => { const e = document.querySelector(sel); if (!e) return null;
          const s = getComputedStyle(e);
          return {text: e.textContent.trim(), look: [s.backgroundColor, s.borderTopStyle, s.fontFamily, s.fontStyle].join('|')}; };
        const group = document.querySelector('.article-body .citations');
        return {note: pick('.article-body .note-ref a'),
                source: Object.assign(pick('.article-body a.citation') || {}, {group: group && group.textContent.trim()}),
                footnote: pick('.article-body .footnote-ref a, .article-body a[data-footnote-ref]')};""")
    assert all(looks.values()), looks
    assert (looks["source"]["group"] or "").startswith("["), f"source numbers are not bracketed: {looks['source']}"
    assert len({v["look"] for v in looks.values()}) == 3, f"two kinds of number look the same: {looks}"


# Badges, source numbers and footnote numbers sit in the line: no line of a paragraph is
# pushed apart (its height stays a whole number of lines).

@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_numbers_do_not_push_lines_apart(driver, server, article, width):
    site, path = article
    open_page(driver, server, site, path, width)
    uneven = driver.execute_script("""
        return [...document.querySelectorAll('.article-body > p')].filter(p => p.querySelector('.note-ref, .citations, .footnote-ref, .sidenote'))
          .map(p => { const lh = parseFloat(getComputedStyle(p).lineHeight); const lines = p.getBoundingClientRect().height / lh;
                      return {text: p.textContent.slice(0, 40), lines}; })
          .filter(p => Math.abs(p.lines - Math.round(p.lines)) > 0.05);""")
    assert not uneven, "\n".join(f"{p['text']!r}: {p['lines']:.2f} lines" for p in uneven)


# The header, the text and the footer start at the same left edge.

@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("page", ALL_PAGES, ids=page_id)
def test_header_text_and_footer_are_aligned(driver, server, page, width):
    site, name, path = page
    open_page(driver, server, site, path, width)
    edges = driver.execute_script("""
        const left = sel => { const e = document.querySelector(sel); if (!e) return null;
          const s = getComputedStyle(e); return e.getBoundingClientRect().left + parseFloat(s.paddingLeft); };
        return {header: left('.site-header'), main: left('main'), footer: left('.site-footer')};""")
    assert abs(edges["header"] - edges["main"]) < 1 and abs(edges["footer"] - edges["main"]) < 1, edges


# Without the script (CSS only), wide screens still show every note in the margin, beside or
# below its badge's line, none over another.

@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_sidenotes_without_the_script(driver, server, article):
    site, path = article
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        set_viewport(driver, 1400)
        driver.get(server[site] + path)
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
        notes = driver.execute_script(SIDENOTE_GEOMETRY)
        placed = driver.execute_script("return document.querySelector('.article-body').classList.contains('notes-placed')")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    assert not placed, "the script ran"
    problems = []
    boxes = []
    for note in notes:
        if note["height"] <= 0 or note["left"] < note["textRight"] or note["right"] > note["viewport"]:
            problems.append(f"{note['id']}: not in the margin ({note['left']:.0f}..{note['right']:.0f})")
        if note["top"] < note["markTop"] - 24:
            problems.append(f"{note['id']}: {note['markTop'] - note['top']:.0f} px above its passage")
        for other in boxes:
            if note["top"] < other["bottom"] - 0.5 and note["bottom"] > other["top"] + 0.5:
                problems.append(f"{note['id']} overlaps {other['id']}")
        boxes.append(note)
    assert not problems, "\n".join(problems)


# Every note opens from the keyboard on a narrow screen: Tab to its toggle, Space.

@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_notes_open_from_the_keyboard(driver, server, article):
    site, path = article
    open_page(driver, server, site, path, 390)
    toggles = driver.find_elements(By.CSS_SELECTOR, "input.sidenote-toggle")
    assert toggles
    closed = []
    for toggle in toggles:
        driver.execute_script("arguments[0].focus()", toggle)
        ActionChains(driver).send_keys(Keys.SPACE).perform()
        shown = driver.execute_script("""
            const body = arguments[0].closest('.sidenote').querySelector('.sidenote-body');
            const r = body.getBoundingClientRect();
            return r.height > 0 && r.left >= 0 && r.right <= document.documentElement.clientWidth;""", toggle)
        if not shown:
            closed.append(toggle.get_attribute("id"))
    assert not closed, f"not opened by Space, or not inside the screen: {closed}"


# Enter opens and closes a note's toggle as Space does; Escape closes an open note and gives
# focus back to its toggle.

@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_enter_and_escape_open_and_close_a_note(driver, server, article):
    site, path = article
    open_page(driver, server, site, path, 390)
    toggle = driver.find_elements(By.CSS_SELECTOR, "input.sidenote-toggle")[0]
    driver.execute_script("arguments[0].focus()", toggle)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert toggle.is_selected(), "Enter did not open the note"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert not toggle.is_selected(), "Enter did not close the note"
    ActionChains(driver).send_keys(Keys.SPACE).perform()
    link = driver.execute_script("return arguments[0].closest('.sidenote').querySelector('.sidenote-body a')", toggle)
    if link:
        driver.execute_script("arguments[0].focus()", link)
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not toggle.is_selected(), "Escape did not close the note"
    assert driver.execute_script("return document.activeElement === arguments[0]", toggle), "focus did not go back to the toggle"


# Beside the text a margin note repeats the Notes list its badge leads to: screen readers do
# not read it in the middle of the sentence, and its links are no Tab stops. On a phone the
# note opens in the text, and is read there.

@pytest.mark.parametrize("article", ARTICLES_WITH_NOTES, ids=page_id)
def test_margin_notes_are_not_read_twice(driver, server, article):
    site, path = article
    state = """return [...document.querySelectorAll('.sidenote-body')].map(b => [b.getAttribute('aria-hidden'),
               [...b.querySelectorAll('a')].every(a => a.getAttribute('tabindex') === '-1')]);"""
    open_page(driver, server, site, path, 1400)
    wide = driver.execute_script(state)
    assert wide and all(hidden == "true" and unfocusable for hidden, unfocusable in wide), wide
    open_page(driver, server, site, path, 390)
    narrow = driver.execute_script(state)
    assert all(hidden is None for hidden, _ in narrow), narrow


# A citation's reference shows while its number is focused, and Escape hides it (WCAG 1.4.13)
# until focus moves on; the pointer can cross from the number to the reference. On a page with
# notes and on one without (whose only script is the tips' own).

@pytest.mark.parametrize("path", ["articles/labour-volunteers-us-election/", "articles/foreign-volunteers-explained/"])
def test_escape_hides_a_citations_reference(driver, server, path):
    open_page(driver, server, "example", path, 1400)
    citation = driver.execute_script(
        "return [...document.querySelectorAll('.article-body a.citation')].find(a => !a.closest('.sidenote'))")
    tip = driver.execute_script("return arguments[0].nextElementSibling", citation)
    driver.execute_script("arguments[0].focus()", citation)
    assert tip.is_displayed(), "the reference does not show on focus"
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not tip.is_displayed(), "Escape did not hide the reference"
    ActionChains(driver).send_keys(Keys.TAB).perform()
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert tip.is_displayed(), "the reference stays hidden after focus moved on"
    gap = driver.execute_script("""
        const a = arguments[0].getBoundingClientRect(), t = arguments[1].getBoundingClientRect();
        const bridge = getComputedStyle(arguments[1], '::before');
        return t.top - parseFloat(bridge.height) - a.bottom;""", citation, tip)
    assert gap <= 0, f"{gap:.1f} px between the number and the reference that the pointer cannot cross"


# On paper there are no margin notes: each passage keeps its note's number.

def test_print_keeps_the_note_numbers(driver, server):
    open_page(driver, server, "example", "articles/labour-volunteers-us-election/", 800)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        looks = driver.execute_script("""
            const refs = [...document.querySelectorAll('.note-ref')];
            return {refs: refs.length, shown: refs.filter(r => r.getClientRects().length > 0).length,
                    marks: [...document.querySelectorAll('mark.annotation')].filter(m => getComputedStyle(m).backgroundColor !== 'rgba(0, 0, 0, 0)').length,
                    anchors: [...document.querySelectorAll('.heading-anchor, .note-back')].filter(e => e.getClientRects().length > 0).length};""")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert looks["refs"] and looks["shown"] == looks["refs"], looks
    assert looks["marks"] == 0 and looks["anchors"] == 0, looks


# Printed from a dark screen, paper gets the light palette: dark ink on white, whatever the
# reader's setting; passages under two notes are told apart; nothing dangles where the way
# back to a passage was.

def test_print_from_dark_mode_is_light(driver, server):
    open_page(driver, server, "dense", "articles/river-survey/", 800, "dark")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia",
                           {"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    try:
        looks = driver.execute_script("""
            const style = e => getComputedStyle(e);
            const surfaces = [...document.querySelectorAll('.note-list li, .note-number, .sources li, blockquote, pre, code, .tag-list a')]
                .map(e => style(e).backgroundColor).filter(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'rgb(255, 255, 255)');
            const single = [...document.querySelectorAll('mark.annotation')].find(m => !m.dataset.annotations.includes(' ') && !m.closest('mark mark'));
            const double = [...document.querySelectorAll('mark.annotation')].find(m => m.dataset.annotations.includes(' '));
            return {body: style(document.body).backgroundColor, text: style(document.body).color, surfaces,
                    single: single && style(single).borderBottomStyle, double: double && style(double).borderBottomStyle,
                    inks: [...document.querySelectorAll('.verdict, .note-kind, .meta')].map(e => style(e).color)
                        .filter(c => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(Number); return Math.max(...v) > 180; }),
                    metas: [...document.querySelectorAll('.note-meta')].map(m => m.innerText.trim()).filter(t => /[·↩]$/.test(t))};""")
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert looks["body"] == "rgb(255, 255, 255)" and looks["text"] == "rgb(0, 0, 0)", looks
    assert looks["surfaces"] == [] and looks["inks"] == [], looks
    assert looks["single"] == "solid" and looks["double"] == "double", looks
    assert looks["metas"] == [], looks


# A page scrolls only down: nothing parked off to one side widens it, left to right or right to
# left.

@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("site", ["dense", "rtl"])
def test_pages_do_not_scroll_sideways(driver, server, site, width):
    for path in ["", "articles/river-survey/", "entities/"]:
        open_page(driver, server, site, path, width)
        wide = driver.execute_script("return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert wide[0] <= wide[1], f"{site} {path} at {width} px: {wide[0]} px wide in a {wide[1]} px window"


# Text boxes and menus stand out from the page: their edge is 3:1 against it (WCAG 1.4.11).

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_boxes_have_a_visible_edge(driver, server, scheme):
    open_page(driver, server, "example", "search/", 1400, scheme)
    ratios = driver.execute_script("""
        const lum = c => { const v = c.match(/[\\d.]+/g).slice(0, 3).map(x => x / 255)
            .map(x => x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4);
            return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
        const page = lum(getComputedStyle(document.body).backgroundColor);
        return [...document.querySelectorAll('input[type=search], input[type=text], select')].map(e => {
            const edge = lum(getComputedStyle(e).borderTopColor);
            return [e.id || e.name, (Math.max(edge, page) + 0.05) / (Math.min(edge, page) + 0.05)]; });""")
    assert ratios and all(r >= 3 for _, r in ratios), ratios


# A right-to-left page keeps its notes beside their passages, in the left margin.

def test_right_to_left_notes_sit_in_the_left_margin(driver, server):
    open_page(driver, server, "rtl", "articles/river-survey/", 1400)
    assert driver.execute_script("return document.documentElement.dir") == "rtl"
    notes = driver.execute_script(SIDENOTE_GEOMETRY)
    problems = []
    above = None
    for note in notes:
        if note["right"] > note["textLeft"] or note["left"] < 0:
            problems.append(f"{note['id']}: not in the left margin ({note['left']:.0f}..{note['right']:.0f})")
        if abs(note["top"] - note["markTop"]) > 24 and not (above and above["bottom"] > note["markTop"]
                                                            and 0 <= note["top"] - above["bottom"] <= 24):
            problems.append(f"{note['id']}: {note['top'] - note['markTop']:+.0f} px from its passage")
        above = note
    assert notes and not problems, "\n".join(problems)


# Paging through a list, the page numbers stay where they were: where there is no previous or
# next page, its place is kept.

@pytest.mark.parametrize("width", [1400, 390])
def test_page_numbers_do_not_move_between_pages(driver, server, width):
    places = []
    for path in ["", "page/2/"]:
        open_page(driver, server, "dense", path, width)
        places.append(driver.execute_script("""
            const first = [...document.querySelectorAll('.pagination a')].find(a => a.textContent.trim().endsWith('1'));
            return first.getBoundingClientRect().left;"""))
    assert abs(places[0] - places[1]) < 1, f"page 1's number is at x={places[0]:.0f} on page 1, x={places[1]:.0f} on page 2"


# A citation's brackets sit close around its number, whatever room its 24 px target needs.

def test_citation_brackets_are_tight(driver, server):
    open_page(driver, server, "example", "articles/labour-volunteers-us-election/", 1400)
    gap = driver.execute_script("""
        const a = [...document.querySelectorAll('.article-body .citations a.citation')].find(a => !a.closest('.sidenote'));
        const range = document.createRange();
        range.selectNodeContents(a);
        const number = range.getBoundingClientRect(), box = a.getBoundingClientRect();
        const before = a.previousSibling, r = document.createRange();
        r.setStart(before, before.textContent.length - 1); r.setEnd(before, before.textContent.length);
        return {gap: number.left - r.getBoundingClientRect().right, width: box.width, height: box.height};""")
    assert gap["gap"] < 2.5, f"{gap['gap']:.1f} px between the bracket and the number"
    assert gap["width"] >= 24 and gap["height"] >= 24, gap


# A note's badge follows its passage's last word on the same line: a line never breaks
# between them.

@pytest.mark.parametrize("site,path", [("dense", "articles/river-survey/"), ("dense", "articles/bridge-vote/"),
                                       ("example", "articles/labour-volunteers-us-election/")])
def test_badges_stay_on_their_passages_line(driver, server, site, path):
    open_page(driver, server, site, path, 1400)
    apart = driver.execute_script("""
        const out = [];
        for (const a of document.querySelectorAll('.article-body .note-ref a')) {
          const id = a.getAttribute('data-note');
          const marks = [...document.querySelectorAll('mark.annotation')]
            .filter(m => (' ' + m.dataset.annotations + ' ').includes(' ' + id + ' '));
          const rects = marks[marks.length - 1].getClientRects(), end = rects[rects.length - 1];
          const badge = a.getBoundingClientRect();
          if (Math.abs((badge.top + badge.bottom) / 2 - (end.top + end.bottom) / 2) > 8 || badge.left < end.right - 2)
            out.push(id);
        }
        return out;""")
    assert apart == [], f"badges away from their passage's end: {apart}"


# On a narrow screen a note opened in a heading does not leave the heading's link mark alone on
# a line of its own.

def test_a_note_opened_in_a_heading_leaves_no_stray_mark(driver, server):
    open_page(driver, server, "dense", "articles/river-survey/", 390)
    shown = driver.execute_script("""
        const side = [...document.querySelectorAll('.heading .sidenote')][0];
        side.querySelector('.sidenote-label').click();
        const mark = side.closest('.heading').querySelector('.heading-anchor');
        return getComputedStyle(mark).display;""")
    assert shown == "none", "the heading's link mark shows below an open note"
