#!/usr/bin/env bash
# make bench: the benchmark site from ../shared/bench/make_site.py, built by gen and by Hugo,
# then gen with its search index against Hugo followed by Pagefind.
set -euo pipefail
gen=$(realpath "$1"); dir=$2; articles=$3; runs=$4
here=$(cd "$(dirname "$0")/.." && pwd)
maker="$here/../shared/bench/make_site.py"
[ -f "$maker" ] || { echo "bench: $maker not found (the shared folder sits beside the repo)" >&2; exit 1; }
if [ ! -f "$dir/.made-$articles" ]; then
  python3 "$maker" "$dir" --articles "$articles" --hugo
  touch "$dir/.made-$articles"
fi
# Builds without search (GEN_PAGEFIND=off), as the figures before search were; then search's cost.
GEN_PAGEFIND=off python3 "$here/scripts/bench.py" "$gen" "$dir" "$runs"
GEN_PAGEFIND=off python3 "$here/scripts/bench_serve.py" "$gen" "$dir/site" 7
python3 "$here/scripts/bench_search.py" "$gen" "$dir" "$(( runs < 3 ? runs : 3 ))"
python3 "$here/scripts/bench_quote.py" "$gen" "$dir/hostile-quote"
# The earlier benches' cold builds, moved aside by bench.py and bench_search.py: deleted once
# every measurement is done (deleting thousands of files slows the next file creations).
rm -rf "$dir"/trash-*
