#!/usr/bin/env python3
"""Builds small sites made to break gen, and prints how each build went and how long it took.

    bench-hostile.py GEN [--keep] [--timeout SECONDS]

Each case is a copy of a small site (one article, two entities, one source) with one hostile
change, in a fresh temporary folder: input nested 100,000 deep, a 2 MB article in one
paragraph, symbolic links out of the site, FIFOs, malformed sources, a hostile base_url, file
names with control characters, two builds of one output at once. A case "holds" when gen ends
by itself, without a crash, in the way the case expects (a build, or errors naming the file);
this prints the exit status, the wall time and gen's first line of standard error or output.
Not a timed test: the times are for reading, on whatever machine runs it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

ENTITIES = {
    "kamala-harris": ("Kamala Harris", "person"),
    "north-carolina": ("North Carolina", "place"),
}


def base_site(root):
    """A site with two entities and one source; returns its folder."""
    site = os.path.join(root, "site")
    for folder in ("content/articles", "content/entities"):
        os.makedirs(os.path.join(site, folder))
    write(site, "gen.toml", 'title = "Hostile"\nbase_url = "https://example.org/"\n')
    for slug, (name, kind) in ENTITIES.items():
        write(site, "content/entities/%s.md" % slug, '---\nname: "%s"\nkind: %s\n---\nAbout %s.\n' % (name, kind, name))
    write(site, "content/sources.yaml", '- id: report\n  type: report\n  title: "A report"\n  issued: 2024-05-01\n')
    write(site, "content/articles/plain.md", "---\ntitle: Plain\ndate: 2024-01-01\n---\nKamala Harris spoke.\n")
    return site


def write(site, path, text):
    full = os.path.join(site, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)


def article(site, name, body, title="Hostile"):
    write(site, "content/articles/%s.md" % name, '---\ntitle: "%s"\ndate: 2024-01-02\n---\n%s\n' % (title, body))


def long_paragraph(target_bytes):
    """One paragraph of numbered sentences, each naming entities, some citing and linking."""
    parts, size, n = [], 0, 0
    while size < target_bytes:
        n += 1
        if n % 10 == 0:
            s = "Kamala Harris visited [[North Carolina]] again on day %d [@report]." % n
        else:
            s = "On day %d Kamala Harris met voters in North Carolina, and Kamala Harris spoke." % n
        parts.append(s)
        size += len(s) + 1
    return " ".join(parts), n


def case_deep_list(site):
    article(site, "deep", "- " * 100_000 + "x")


def case_deep_quote(site):
    article(site, "deep", "> " * 100_000 + "x")


def case_deep_mixed(site):
    article(site, "deep", "> 1. " * 50_000 + "x")


def case_deep_emphasis(site):
    article(site, "deep", "*" * 100_000 + "x" + "*" * 100_000)


def case_deep_brackets(site):
    article(site, "deep", "[" * 100_000 + "x](" * 50_000)


def case_deep_note_quote(site):
    write(site, "content/annotations/plain.md",
          "---\narticle: plain\n---\n" + "> " * 100_000 + "Kamala Harris spoke.\n\nA note.\n")


def case_long_paragraph(site):
    text, _ = long_paragraph(2_000_000)
    article(site, "long", text)


def case_long_note_quotes(site):
    text, n = long_paragraph(1_000_000)
    article(site, "long", text)
    notes = ["---\narticle: long\n---"]
    for day in (d for d in range(1, n, 97) if d % 10):
        notes.append("> On day %d Kamala Harris met voters in North Carolina\n\nNote on day %d." % (day, day))
    write(site, "content/annotations/long.md", "\n\n".join(notes) + "\n")


def case_symlink_article(site):
    os.symlink("/etc/passwd", os.path.join(site, "content/articles/passwd.md"))


def case_symlink_asset(site):
    os.makedirs(os.path.join(site, "templates/assets"))
    os.symlink("/etc/passwd", os.path.join(site, "templates/assets/passwd.txt"))


def case_symlink_static_folder(site):
    os.symlink("/etc", os.path.join(site, "static"))


def case_symlink_inside(site):
    os.symlink("plain.md", os.path.join(site, "content/articles/alias.md"))


def case_fifo_article(site):
    os.mkfifo(os.path.join(site, "content/articles/fifo.md"))


def case_fifo_asset(site):
    os.makedirs(os.path.join(site, "templates/assets"))
    os.mkfifo(os.path.join(site, "templates/assets/fifo.css"))


def case_fifo_static(site):
    os.makedirs(os.path.join(site, "static"))
    os.mkfifo(os.path.join(site, "static/fifo.txt"))


def case_bad_dates(site):
    write(site, "content/sources.yaml",
          "- id: report\n  type: report\n  title: A report\n  issued: 2024-13-45\n"
          "- id: other\n  type: report\n  title: 7\n  issued:\n    date-parts: [[2024, 13, 45]]\n")


def case_bad_base_url(site):
    write(site, "gen.toml", 'title = "Hostile"\nbase_url = "javascript:alert(1)"\n')


def case_control_name(site):
    article(site, "bad\nname\x1b[31m", "Text.", title="")


def case_nested_tags(site):
    write(site, "content/articles/tags.md", "---\ntitle: Tags\ntags: [[a],[b],[c]]\n---\nText.\n")


def case_toml_header(site):
    write(site, "gen.toml", 'title = "Hostile"\n[\n')


def case_heading_autolink(site):
    article(site, "heading", "url: https://example.org/a-long-address-in-a-heading\n---\n\nText.")


def case_yaml_bomb(site):
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        "%s: &%s [*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s,*%s]\n" % ((chr(98 + i), chr(98 + i)) + (chr(97 + i),) * 9) for i in range(8))
    write(site, "content/articles/bomb.md", "---\ntitle: Bomb\n" + bomb + "---\nText.\n")


def case_many_footnotes(site):
    count = 30_000
    article(site, "footnotes", "".join("Word%d[^%d] " % (i, i) for i in range(count)) + "\n\n"
            + "".join("[^%d]: Footnote %d.\n" % (i, i) for i in range(count)))


def case_same_headings(site):
    article(site, "headings", "## Same\n\nText.\n\n" * 50_000)


def case_wide_table(site):
    columns = 10_000
    article(site, "table", "|" + "|".join("c%d" % i for i in range(columns)) + "|\n|" + "---|" * columns + "\n")


def case_many_links(site):
    article(site, "links", "Donald Trump met [[Kamala Harris]]. " * 60_000)


def case_unknown_references(site):
    article(site, "unknown", "[@nope] [[Nobody]] " * 40_000)


def case_long_attributes(site):
    write(site, "content/annotations/plain.md",
          "---\narticle: plain\n---\n> Kamala Harris spoke\n\n{#a .context " + " ".join(".c%d" % i for i in range(64_000))
          + " " + " ".join('k%d="v"' % i for i in range(8_000)) + "}\n\nA note.\n")


def case_symlink_bundle(site):
    outside = os.path.join(os.path.dirname(site), "outside-bundle")
    os.makedirs(outside)
    write(outside, "index.md", "---\ntitle: Secret\n---\nFrom outside.\n")
    os.symlink(outside, os.path.join(site, "content/articles/secret"))


def case_long_list_of_claims(site):
    items = "\n".join("- item number %d will cost %d pounds;" % (i, i) for i in range(12_000))
    article(site, "plan", "The plan includes:\n\n" + items + "\n")
    write(site, "content/annotations/plan.md", "\n\n".join(
        "> item number %d will cost %d pounds\n\n{#n%d .fact-check verdict=true}\n\nYes." % (i, i, i)
        for i in range(0, 12_000, 3)) + "\n")


CASES = [
    ("list nested 100,000 deep", case_deep_list, 0),
    ("quote nested 100,000 deep", case_deep_quote, 0),
    ("quote > list nested 50,000 deep each", case_deep_mixed, 0),
    ("100,000 * around one word", case_deep_emphasis, 0),
    ("100,000 [ and 50,000 ]( in one line", case_deep_brackets, 0),
    ("a note quoting through 100,000 >", case_deep_note_quote, 0),
    ("2 MB article in one paragraph (mentions, links, citations)", case_long_paragraph, 0),
    ("1 MB paragraph with 300 notes", case_long_note_quotes, 0),
    ("2 MB paragraph of 60,000 [[links]]", case_many_links, 0),
    ("40,000 unknown [@source] and [[entity]] in one paragraph", case_unknown_references, 1),
    ("a note's attributes: 64,000 classes, 8,000 unknown keys", case_long_attributes, 0),
    ("a list of 12,000 items under a lead-in, 4,000 fact checks on them", case_long_list_of_claims, 0),
    ("article folder symlinked outside the site", case_symlink_bundle, 1),
    ("article symlinked to /etc/passwd", case_symlink_article, 1),
    ("templates/assets file symlinked to /etc/passwd", case_symlink_asset, 1),
    ("static/ symlinked to /etc", case_symlink_static_folder, 1),
    ("article symlinked to another article", case_symlink_inside, 0),
    ("FIFO as an article", case_fifo_article, 1),
    ("FIFO in templates/assets", case_fifo_asset, 1),
    ("FIFO in static/", case_fifo_static, 1),
    ("sources.yaml: issued 2024-13-45, date-parts [[2024,13,45]], title 7", case_bad_dates, 1),
    ("base_url = javascript:alert(1)", case_bad_base_url, 1),
    ("file name with a newline and an ANSI escape", case_control_name, 1),
    ("tags: [[a],[b],[c]]", case_nested_tags, 1),
    ("YAML alias bomb in front matter", case_yaml_bomb, 0),
    ("gen.toml: a table header without a name", case_toml_header, 1),
    ("an autolink in a heading", case_heading_autolink, 0),
    ("30,000 footnotes", case_many_footnotes, 0),
    ("50,000 headings of one name", case_same_headings, 0),
    ("a table of 10,000 columns (cmark-gfm's own time)", case_wide_table, 0),
]


def run(gen, args, cwd, timeout=120):
    start = time.monotonic()
    try:
        done = subprocess.run([gen] + args, cwd=cwd, capture_output=True, timeout=timeout)
        status, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired:
        return "timeout", time.monotonic() - start, ""
    lines = err.decode("utf-8", "replace").splitlines() or out.decode("utf-8", "replace").splitlines() or [""]
    count = sum(1 for line in err.decode("utf-8", "replace").splitlines() if ": error: " in line)
    first = lines[0] if count <= 1 else "%s (+%d more errors)" % (lines[0], count - 1)
    return status, time.monotonic() - start, first


def two_builds(gen, root):
    """Two builds of one output at once, six times with a new title each: the last title wins."""
    site = base_site(root)
    start = time.monotonic()
    wrong = 0
    for i in range(6):
        write(site, "gen.toml", 'title = "Run %d"\nbase_url = "https://example.org/"\n' % i)
        builds = [subprocess.Popen([gen, "build"], cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
        if any(b.wait() != 0 for b in builds):
            return 1, time.monotonic() - start, "a build failed"
        if "<title>Run %d" % i not in open(os.path.join(site, "public/index.html"), encoding="utf-8").read():
            wrong += 1
    return 0, time.monotonic() - start, "%d of 6 runs left an older title" % wrong


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    gen = os.path.abspath(sys.argv[1])
    keep = "--keep" in sys.argv
    timeout = float(sys.argv[sys.argv.index("--timeout") + 1]) if "--timeout" in sys.argv else 120
    print("%-62s %8s %8s  %s" % ("case", "status", "seconds", "first line"))
    failures = 0
    for name, make, expected in CASES + [("gen build & gen build, 6 times", None, 0)]:
        root = tempfile.mkdtemp(prefix="gen-hostile-")
        try:
            if make is None:
                status, seconds, first = two_builds(gen, root)
            else:
                site = base_site(root)
                make(site)
                status, seconds, first = run(gen, ["build"], site, timeout)
            holds = status == expected
            failures += not holds
            shown = status if isinstance(status, str) else ("signal %d" % -status if status < 0 else str(status))
            print("%-62s %8s %8.2f  %s%s" % (name[:62], shown, seconds, "" if holds else "UNEXPECTED: ", first[:160]))
            sys.stdout.flush()
        finally:
            if not keep:
                shutil.rmtree(root, ignore_errors=True)
            else:
                print("  kept in " + root)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
