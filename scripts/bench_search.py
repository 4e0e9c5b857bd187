#!/usr/bin/env python3
"""make bench, part 3: the cost of search. gen's cold build with its search index, against what a
Hugo user runs (Hugo's cold build, then Pagefind on Hugo's output); the size of both indexes;
and the bytes one query downloads on gen's search page, measured in headless Chromium.

    bench_search.py GEN BENCH_DIR RUNS

Pagefind is the one gen finds (PATH, then the pagefind_bin Python package); Hugo's output is
indexed with the same binary and the same default options a Hugo user has."""
import functools
import gzip
import http.server
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time

gen, root, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
site, hugo_site = os.path.join(root, "site"), os.path.join(root, "hugo")
cold = os.path.join(root, "cold-search")


def find_pagefind():
    found = shutil.which("pagefind")
    if found:
        return found
    try:
        folder = subprocess.run([sys.executable, "-c", "import importlib.util as u; s = u.find_spec('pagefind_bin'); "
                                 "print(s.submodule_search_locations[0] if s else '')"],
                                capture_output=True, text=True, check=True).stdout.strip()
    except subprocess.CalledProcessError:
        return None
    binary = os.path.join(folder, "pagefind") if folder else ""
    return binary if os.access(binary, os.X_OK) else None


pagefind = find_pagefind()
if not pagefind:
    print("search:          skipped: Pagefind is not installed (make search-deps)")
    sys.exit(0)
version = subprocess.run([pagefind, "--version"], capture_output=True, text=True).stdout.strip()


def timed(cmd):
    """Wall seconds, CPU seconds (user + system, its children's included) and standard output
    of one run of cmd."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{(done.stdout + done.stderr)[-3000:]}")
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, used, done.stdout


def folder_bytes(folder, only=None):
    """Bytes of the files below folder (only: names of its top-level entries to count)."""
    total = 0
    for entry in os.listdir(folder):
        if only is not None and not any(entry == o or entry.endswith(o) for o in only):
            continue
        path = os.path.join(folder, entry)
        if os.path.isdir(path):
            for base, _, names in os.walk(path):
                total += sum(os.path.getsize(os.path.join(base, n)) for n in names)
        else:
            total += os.path.getsize(path)
    return total


print(f"search:          {version} ({pagefind})", flush=True)
# Moved aside, not deleted, as in scripts/bench.py (bench.sh deletes it at the end).
if os.path.exists(cold):
    os.rename(cold, os.path.join(root, f"trash-{time.time_ns()}"))
os.makedirs(cold)
os.sync()

gen_times, gen_index_ms, hugo_times, hugo_pagefind = [], [], [], []
gen_cpu, hugo_cpu, pagefind_cpu = [], [], []
for i in range(1, runs + 1):
    os.sync()
    t, c, out = timed([gen, "build", "--site", site, "--output", os.path.join(cold, f"gen-{i}")])
    gen_times.append(t)
    gen_cpu.append(c)
    indexed = re.search(r"search: ([\d,]+) pages? indexed in (\d+) ms", out)
    if not indexed:
        sys.exit(f"bench: gen build did not index the site for search:\n{out}")
    gen_index_ms.append(int(indexed.group(2)))
    gen_pages = indexed.group(1)
    os.sync()
    out_dir = os.path.join(cold, f"hugo-{i}")
    h, hc, _ = timed(["hugo", "--quiet", "-s", hugo_site, "-d", out_dir])
    p, pc, pf_out = timed([pagefind, "--site", out_dir])
    hugo_times.append(h)
    hugo_pagefind.append(p)
    hugo_cpu.append(hc)
    pagefind_cpu.append(pc)
    hugo_pages = re.search(r"Indexed ([\d,]+) pages?", pf_out).group(1)
os.sync()

g = statistics.median(gen_times)
hp = statistics.median(h + p for h, p in zip(hugo_times, hugo_pagefind))
print(f"cold gen+search: {g:.3f} s median of {runs} (runs: {', '.join(f'{x:.2f}' for x in gen_times)}); "
      f"indexing {statistics.median(gen_index_ms) / 1000:.3f} s of it, {gen_pages} pages")
print(f"cold hugo+pf:    {hp:.3f} s median of {runs} (hugo {statistics.median(hugo_times):.2f} s + pagefind "
      f"{statistics.median(hugo_pagefind):.2f} s; runs: "
      f"{', '.join(f'{h:.2f}+{p:.2f}' for h, p in zip(hugo_times, hugo_pagefind))}), {hugo_pages} pages")
print(f"search ratio:    {g / hp:.2f} (budget <= 1.00)")
# CPU time does not depend on what else the machine runs, as wall time on a shared one does.
gc, hc, pc = statistics.median(gen_cpu), statistics.median(hugo_cpu), statistics.median(pagefind_cpu)
print(f"CPU time:        gen+search {gc:.1f} s, hugo {hc:.1f} s + pagefind {pc:.1f} s = {hc + pc:.1f} s: "
      f"{gc / (hc + pc):.2f} x (medians)")

# Index sizes: the index proper (fragments, word index, filters, metadata), and everything
# Pagefind wrote (its scripts, styles and WebAssembly are the same for both).
index_parts = ["fragment", "index", "filter", ".pf_meta"]
gen_bundle, hugo_bundle = os.path.join(cold, "gen-1", "pagefind"), os.path.join(cold, "hugo-1", "pagefind")
# gen's index may be in parts: pagefind/ and pagefind/part-2/ (docs/output.md), each counted.
gi = sum(folder_bytes(folder, index_parts) for folder in
         [gen_bundle] + [os.path.join(gen_bundle, d) for d in sorted(os.listdir(gen_bundle)) if d.startswith("part-")])
hi = folder_bytes(hugo_bundle, index_parts)
print(f"index size:      gen {gi / 1e6:.1f} MB, Hugo {hi / 1e6:.1f} MB: {gi / hi:.2f} x (budget <= 1.50); "
      f"whole bundle gen {folder_bytes(gen_bundle) / 1e6:.1f} MB, Hugo {folder_bytes(hugo_bundle) / 1e6:.1f} MB")

# One query on gen's search page: every byte served below pagefind/ while the page searched and
# showed its first page of results (the bundle's script and worker, the WebAssembly, the
# metadata, the index chunks and filters it needed, the fragments of the results shown),
# counted by the server (Pagefind reads its index in a worker, which the page's Resource Timing
# does not see), with the browser's cache emptied before each query. Two sums: the files as
# they are, and as a host that compresses text sends them (GitHub Pages, Netlify, Cloudflare
# and nginx's usual setup gzip JavaScript, CSS and JSON; Pagefind's index files are compressed
# already and go as they are): the budget is on what is downloaded, the second.
try:
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service
except ImportError:
    print("query bytes:     skipped: selenium is not installed (pip install selenium)")
    sys.exit(0)
chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
driver_path = shutil.which("chromedriver")
if not chromium or not driver_path:
    print("query bytes:     skipped: headless Chromium and chromedriver are not installed")
    sys.exit(0)

served = []
served_lock = threading.Lock()


class Counting(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if "/pagefind/" in self.path and os.path.isfile(path):
            size = os.path.getsize(path)
            sent = size
            if path.endswith((".js", ".css", ".json")):
                with open(path, "rb") as f:
                    sent = len(gzip.compress(f.read(), 6))
            with served_lock:
                served.append((self.path, size, sent))
        super().do_GET()


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                         functools.partial(Counting, directory=os.path.join(cold, "gen-1")))
threading.Thread(target=server.serve_forever, daemon=True).start()
options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"]:
    options.add_argument(flag)
options.binary_location = chromium
browser = webdriver.Chrome(options=options, service=Service(driver_path))
try:
    for query in ["q=farage", "q=government+spending", "verdict=unsupported", "q=election&verdict=unsupported",
                  "q=election&entity=Tony+Blair"]:
        browser.get("about:blank")
        browser.execute_cdp_cmd("Network.clearBrowserCache", {})
        with served_lock:
            served.clear()
        browser.get(f"http://127.0.0.1:{server.server_address[1]}/search/?{query}")
        deadline = time.time() + 60
        status = ""
        while time.time() < deadline:
            status = browser.execute_script("return document.querySelector('[data-search-status]').textContent")
            if re.search(r"result|No results", status):
                break
            time.sleep(0.2)
        time.sleep(2)  # the first page of results loads its fragments
        with served_lock:
            files = list(served)
        kinds = {}
        for name, _, sent in files:
            kind = ("fragment" if "/fragment/" in name else "index" if "/index/" in name else
                    "filter" if "/filter/" in name else "wasm" if "wasm" in name else
                    "meta" if name.endswith(".pf_meta") else "script")
            kinds[kind] = kinds.get(kind, 0) + sent
        total = sum(size for _, size, _ in files)
        downloaded = sum(sent for _, _, sent in files)
        detail = ", ".join(f"{k} {v / 1024:.0f}" for k, v in sorted(kinds.items()))
        print(f"query bytes:     {downloaded / 1024:.0f} KB downloaded for ?{query} ({total / 1024:.0f} KB uncompressed; "
              f"{status.strip()}; KB: {detail}) (budget < 300 KB)")
finally:
    browser.quit()
    server.shutdown()
