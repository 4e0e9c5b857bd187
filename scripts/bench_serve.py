#!/usr/bin/env python3
"""make bench, part 2: gen serve on the benchmark site; the time from saving a one-article
edit to the reload event the pages receive (median of several edits), and the same for a
standalone page and a static file (made for the run, removed after it)."""
import os, socket, statistics, subprocess, sys, time

gen, site, edits = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7
starts = 3  # the first build is timed as a median, as gen build's is


def start_serve():
    """A started gen serve, its port and its first build's line."""
    proc = subprocess.Popen([gen, "serve", "--site", site, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    port, first_build = None, None
    for line in proc.stdout:
        if line.startswith("gen: built"):
            first_build = line.strip()
        if "serving" in line:
            port = int(line.split("127.0.0.1:")[1].split("/")[0])
            break
    if port is None:
        proc.terminate()
        sys.exit("bench: gen serve did not start")
    return proc, port, first_build


def build_ms(line):
    return float(line.rsplit(" in ", 1)[1].split(" ms")[0])


page_file = os.path.join(site, "content", "pages", "bench-about.md")
static_file = os.path.join(site, "static", "bench-notes.txt")
os.makedirs(os.path.dirname(page_file), exist_ok=True)
os.makedirs(os.path.dirname(static_file), exist_ok=True)
with open(page_file, "w") as f:
    f.write("---\ntitle: About the benchmark\n---\nA standalone page, edited by the benchmark.\n")
with open(static_file, "w") as f:
    f.write("A static file, edited by the benchmark.\n")

first_builds = []
for _ in range(starts - 1):
    proc, _, line = start_serve()
    first_builds.append(build_ms(line))
    proc.terminate()
    proc.wait()
proc, port, first_build = start_serve()
first_builds.append(build_ms(first_build))
try:
    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(b"GET /__gen/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    events.settimeout(10)
    buffer = b""
    while b"retry:" not in buffer:
        buffer += events.recv(4096)

    def drain():
        """Reads what the stream holds already (the reload of restoring the last file)."""
        events.settimeout(0.05)
        try:
            while events.recv(4096):
                pass
        except socket.timeout:
            pass
        events.settimeout(10)

    def measure(path):
        """Edits `path` (appends a line) `edits` times; the time from each edit to the reload."""
        original = open(path, "rb").read()
        times = []
        try:
            for n in range(edits):
                time.sleep(0.4)
                drain()
                start = time.monotonic()
                with open(path, "ab") as f:
                    f.write(b"\nAn edit for the benchmark, number %d.\n" % n)
                buffer = b""
                while b"event: reload" not in buffer:
                    chunk = events.recv(4096)
                    if not chunk:
                        sys.exit("bench: the event stream closed")
                    buffer += chunk
                    if b"event: failed" in buffer:
                        sys.exit("bench: the edit did not build")
                times.append(time.monotonic() - start)
        finally:
            with open(path, "wb") as f:
                f.write(original)
            time.sleep(0.6)
            drain()
        return sorted(t * 1000 for t in times)

    articles = sorted(os.listdir(os.path.join(site, "content", "articles")))
    times = [t / 1000 for t in measure(os.path.join(site, "content", "articles", articles[len(articles) // 2]))]
    page_ms = measure(page_file)
    static_ms = measure(static_file)
    ms = sorted(t * 1000 for t in times)
    first_ms = statistics.median(first_builds)
    print(f"gen serve:       {first_build.replace('gen: ', '').rsplit(' in ', 1)[0]}, first build "
          f"{first_ms:.0f} ms median of {starts} starts (runs: {', '.join(f'{t:.0f}' for t in first_builds)})")
    hugo_file = os.path.join(os.path.dirname(os.path.abspath(site)), ".hugo-median")
    if os.path.exists(hugo_file):
        hugo_s = float(open(hugo_file).read())
        print(f"first build:     {first_ms / 1000 / hugo_s:.2f} x Hugo's median (budget <= 0.35)")
    print(f"edit -> reload:  {statistics.median(ms):.0f} ms median of {len(ms)} "
          f"(runs: {', '.join(f'{t:.0f}' for t in ms)}; budget <= 150 ms)")
    print(f"page edit:       {statistics.median(page_ms):.0f} ms median of {len(page_ms)} (a standalone page; budget <= 150 ms)")
    print(f"static edit:     {statistics.median(static_ms):.0f} ms median of {len(static_ms)} (a file in static/; budget <= 150 ms)")
finally:
    proc.terminate()
    os.remove(page_file)
    os.remove(static_file)
    proc.wait()
