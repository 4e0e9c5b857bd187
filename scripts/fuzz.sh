#!/bin/sh
# Runs each libFuzzer target of gen-fuzz for a while and prints its executions and crashes.
#
#     scripts/fuzz.sh GEN_FUZZ SECONDS TARGET...
#
# Each target's corpus (.build/fuzz-corpus/TARGET) starts from the test fixtures' files of its
# kind and grows from run to run; an input that crashes is kept as
# .build/fuzz-crashes/TARGET-crash-<hash> (replay it with a usual build: `.build/debug/gen-fuzz TARGET FILE`).
# Leaks are not checked: TOMLKit leaks 96 bytes per parse of gen.toml, once per build.
set -u
fuzz=$1; seconds=$2; shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$root/.build/fuzz-crashes"
status=0
printf '%-14s %12s %10s %8s\n' target executions exec/s crashes
for target in "$@"; do
    corpus="$root/.build/fuzz-corpus/$target"
    mkdir -p "$corpus"
    case $target in
        front-matter|body) seeds=$(find "$root/Tests/Fixtures" "$root/content" -path '*content/articles/*' -name '*.md') ;;
        annotations) seeds=$(find "$root/Tests/Fixtures" "$root/content" -path '*content/annotations/*' -name '*.md') ;;
        entity) seeds=$(find "$root/Tests/Fixtures" "$root/content" -path '*content/entities/*' -name '*.md') ;;
        config) seeds=$(find "$root/Tests/Fixtures" "$root" -maxdepth 4 -name 'gen.toml' -not -path '*/.build/*') ;;
        csl-yaml) seeds=$(find "$root/Tests/Fixtures" "$root/content" -name 'sources.yaml' -o -path '*/sources/*.yaml') ;;
        csl-json) seeds=$(find "$root/Tests/Fixtures" "$root/content" -name 'sources.json' -o -path '*/sources/*.json') ;;
        template) seeds=$(find "$root/templates" "$root/Tests/Fixtures" -name '*.mustache') ;;
        search-record) seeds=$(find "$root/Tests/Fixtures" -name '*.html' -path '*.expected/*' | head -40) ;;
        *) seeds= ;;
    esac
    for seed in $seeds; do
        [ -f "$seed" ] && cp "$seed" "$corpus/seed-$(printf '%s' "$seed" | cksum | cut -d' ' -f1)" 2>/dev/null
    done
    log="$root/.build/fuzz-crashes/$target.log"
    GEN_FUZZ_TARGET="$target" ASAN_OPTIONS=detect_leaks=0 SWIFT_BACKTRACE=enable=no "$fuzz" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
        -artifact_prefix="$root/.build/fuzz-crashes/$target-" "$corpus" > "$log" 2>&1
    result=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    crashes=$(grep -c '^artifact_prefix\|Test unit written to' "$log")
    [ "$result" -ne 0 ] && status=1
    printf '%-14s %12s %10s %8s\n' "$target" "${runs:-?}" "${rate:-?}" "$crashes"
done
exit $status
