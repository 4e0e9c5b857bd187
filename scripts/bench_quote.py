#!/usr/bin/env python3
"""The closest-passage search on a hostile size: a 1 MB article and a 130 KB quote that is not
in it, checked by `gen check`. Two quotes: a 130 KB stretch of the article with one word in
every thousand changed (a pasted, since edited page: the hint must find it), and 130 KB of other
articles (nothing close). Prints the check's wall time for each, and without the note.

    bench_quote.py GEN DIR [--article-kb 1000] [--quote-kb 130]
"""
import argparse
import os
import re
import shutil
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "..", "..", "shared", "corpus", "articles")
MD_SPECIAL = re.compile(r"[*_\[\]`<>#\\|~&{}]")
BLOCK_START = re.compile(r"^(\d+[.)]\s|[-+*>#=:]|\s)")


def paragraphs():
    for name in sorted(os.listdir(CORPUS)):
        text = open(os.path.join(CORPUS, name), encoding="utf-8").read()
        if text.startswith("---\n"):
            text = text[text.index("\n---\n", 4) + 5:]
        for para in text.split("\n\n"):
            para = para.strip()
            if para and "\n" not in para and not MD_SPECIAL.search(para) and not BLOCK_START.match(para):
                yield " ".join(para.split())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("gen")
    ap.add_argument("dir")
    ap.add_argument("--article-kb", type=int, default=1000)
    ap.add_argument("--quote-kb", type=int, default=130)
    a = ap.parse_args()
    source = paragraphs()
    article, size = [], 0
    for para in source:
        article.append(para)
        size += len(para.encode()) + 2
        if size >= a.article_kb * 1000:
            break
    # Other articles' paragraphs, for the quote that is nowhere in the article.
    other, size = [], 0
    for para in source:
        other.append(para)
        size += len(para.encode()) + 1
        if size >= a.quote_kb * 1000:
            break
    # A stretch from the middle of the article, one word in a thousand changed.
    middle = len(article) // 3
    stretch, size = [], 0
    for para in article[middle:]:
        stretch.append(para)
        size += len(para.encode()) + 1
        if size >= a.quote_kb * 1000:
            break
    words = " ".join(stretch).split(" ")
    for i in range(500, len(words), 1000):
        words[i] = words[i] + "x"
    quotes = {"edited": " ".join(words), "unrelated": " ".join(other)}

    def site(name, quote):
        root = os.path.join(a.dir, name)
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(os.path.join(root, "content", "articles"))
        os.makedirs(os.path.join(root, "content", "annotations"))
        with open(os.path.join(root, "gen.toml"), "w") as f:
            f.write('title = "Hostile quote"\nbase_url = "https://example.org/"\n')
        with open(os.path.join(root, "content", "articles", "long.md"), "w") as f:
            f.write("---\ntitle: \"A long article\"\ndate: 2024-01-01\n---\n\n" + "\n\n".join(article) + "\n")
        if quote:
            with open(os.path.join(root, "content", "annotations", "long.md"), "w") as f:
                f.write(f"> {quote}\n\n{{#long}}\n\nA note on most of the article.\n")
        return root

    def check(root):
        start = time.perf_counter()
        proc = subprocess.run([a.gen, "check", "--site", root], capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        hint = re.search(r"closest passage \((\d+)% similar\)", proc.stdout + proc.stderr)
        return elapsed, (hint.group(1) + "% similar") if hint else "no hint"

    base, _ = check(site("none", None))
    print(f"hostile quote:   {a.article_kb} KB article, gen check without the note {base:.2f} s")
    for name, quote in quotes.items():
        t, hint = check(site(name, quote))
        print(f"hostile quote:   {len(quote.encode()) // 1000} KB {name} quote, gen check {t:.2f} s "
              f"(closest passage {hint}; budget < 2 s)")


if __name__ == "__main__":
    main()
