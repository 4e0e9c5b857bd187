#!/usr/bin/env python3
"""Times gen and Hugo on the same articles, alternating, and prints medians, ratio and peak RSS:
warm rebuilds into the output of the last build (gen with its render cache, and with
--no-cache, which renders every document again), then cold builds into new folders (no cache:
it lives beside the output it was made for)."""
import os
import shutil
import statistics
import subprocess
import tempfile
import sys
import time

gen, root, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
site, hugo_site, plain = (os.path.join(root, d) for d in ("site", "hugo", "plain"))
cold = os.path.join(root, "cold")  # one new output folder per cold build


def timed(cmd, cwd=None, stdin=None):
    """Wall seconds, peak RSS (MiB) and CPU seconds (user + system) of one run of cmd."""
    # Its messages go to a file, not a pipe: a run that prints more than a pipe holds would
    # otherwise wait for a reader while this waits for it.
    with tempfile.TemporaryFile() as messages:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdin=stdin, stdout=subprocess.DEVNULL, stderr=messages)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        messages.seek(0)
        err = messages.read().decode(errors="replace")
    if status != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{err[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


print(f"load average:    {os.getloadavg()[0]:.2f} at the start (1 minute)", flush=True)
# The last bench's cold builds are moved aside, not deleted: for minutes after many files are
# deleted, ext4 skips their inodes when it makes new ones, and both sides' cold builds were a
# third to a half slower right after a delete. scripts/bench.sh deletes them after the last
# measurement.
if os.path.exists(cold):
    os.rename(cold, os.path.join(root, f"trash-{time.time_ns()}"))
os.sync()

gen_times, gen_rss, hugo_times, uncached_times, uncached_cpu = [], [], [], [], []
# CPU time beside wall time: the machine's speed (and Hugo's wall time) moves from hour to hour;
# the CPU each side spends moves less, and shows how much of gen's time is on both cores.
gen_cpu, hugo_cpu, cold_gen_cpu, cold_hugo_cpu = [], [], [], []
gen_out, hugo_out = os.path.join(root, "gen-public"), os.path.join(root, "hugo-public")
for i in range(runs + 1):  # the first round warms the page cache and is not counted
    t, rss, tc = timed([gen, "build", "--site", site, "--output", gen_out])
    h, _, hc = timed(["hugo", "--quiet", "-s", hugo_site, "-d", hugo_out])
    u, urss, uc = timed([gen, "build", "--site", site, "--output", gen_out, "--no-cache"])
    if i > 0:
        gen_times.append(t); gen_rss.append(max(rss, urss)); hugo_times.append(h)
        gen_cpu.append(tc); hugo_cpu.append(hc)
        uncached_times.append(u); uncached_cpu.append(uc)

# Cold builds: a fresh, absent output path each run (gen's manifest lands beside it, in cold/),
# the same Hugo flags as above (its cache holds nothing for this site). Each run starts
# from a sync, so none pays for writing back the one before; the folders stay until the next bench.
cold_gen, cold_rss, cold_hugo = [], [], []
os.makedirs(cold)
for i in range(1, runs + 1):  # the page cache is warm from the rounds above
    os.sync()
    t, rss, tc = timed([gen, "build", "--site", site, "--output", os.path.join(cold, f"gen-{i}")])
    os.sync()
    h, _, hc = timed(["hugo", "--quiet", "-s", hugo_site, "-d", os.path.join(cold, f"hugo-{i}")])
    cold_gen.append(t); cold_rss.append(rss); cold_hugo.append(h)
    cold_gen_cpu.append(tc); cold_hugo_cpu.append(hc)
os.sync()

files = sorted(os.listdir(plain))
def cmark_floor():
    start = time.perf_counter()
    for chunk in range(0, len(files), 500):
        data = b"".join(open(os.path.join(plain, f), "rb").read() for f in files[chunk:chunk + 500])
        subprocess.run(["cmark-gfm", "-e", "table", "-e", "strikethrough", "-e", "autolink", "-e", "tasklist"],
                       input=data, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start
cmark = statistics.median(cmark_floor() for _ in range(3)) if shutil.which("cmark-gfm") else None

g, h = statistics.median(gen_times), statistics.median(hugo_times)
print(f"articles:        {len(files)}")
print(f"gen build:       {g:.3f} s median of {runs} (runs: {', '.join(f'{x:.2f}' for x in gen_times)})")
print(f"hugo:            {h:.3f} s median of {runs} (runs: {', '.join(f'{x:.2f}' for x in hugo_times)})")
print(f"ratio gen/hugo:  {g / h:.2f} (budget <= 0.35)")
uncached = statistics.median(uncached_times)
print(f"gen --no-cache:  {uncached:.3f} s median of {runs} (every document rendered again): {uncached / h:.2f} x hugo; "
      f"CPU {statistics.median(uncached_cpu):.2f} s")
gc, hc = statistics.median(gen_cpu), statistics.median(hugo_cpu)
print(f"CPU time:        gen {gc:.2f} s, hugo {hc:.2f} s: {gc / hc:.2f} x (medians, user + system)")
# For gen serve's first build, compared with the same Hugo time (scripts/bench_serve.py).
with open(os.path.join(root, ".hugo-median"), "w") as f:
    f.write(f"{h}\n")
print(f"gen peak RSS:    {max(gen_rss):.0f} MiB (budget <= 1024 MiB)")
cg, ch = statistics.median(cold_gen), statistics.median(cold_hugo)
print(f"cold gen build:  {cg:.3f} s median of {runs} (runs: {', '.join(f'{x:.2f}' for x in cold_gen)})")
print(f"cold hugo:       {ch:.3f} s median of {runs} (runs: {', '.join(f'{x:.2f}' for x in cold_hugo)})")
print(f"cold ratio:      {cg / ch:.2f} (budget <= 0.65)")
cgc, chc = statistics.median(cold_gen_cpu), statistics.median(cold_hugo_cpu)
print(f"cold CPU time:   gen {cgc:.2f} s, hugo {chc:.2f} s: {cgc / chc:.2f} x (medians, user + system)")
print(f"cold peak RSS:   {max(cold_rss):.0f} MiB (budget <= 1024 MiB)")
if cmark:
    print(f"cmark-gfm floor: {cmark:.3f} s (bodies only, CLI in chunks of 500); gen/cmark {g / cmark:.1f}x")
print(f"load average:    {os.getloadavg()[0]:.2f} at the end (1 minute)")
