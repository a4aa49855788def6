#!/usr/bin/env bash
# Rendering benchmark (issue 4): a realistic 365-day journal rendered by jc-render to PDF,
# DOCX, EPUB and the whole KDP package, against pandoc converting the same journal from
# Markdown to DOCX and to EPUB, in the same run on the same machine.
#
# For each of our formats:
#   - the render call: median of RUNS renders in one process (the example's own timer),
#     the figure the < 1 s (PDF) and < 2 s (KDP package) targets are judged on;
#   - the whole process: median wall time of RUNS processes that each build the journal,
#     render once and write the file (what pandoc's figure also covers: start, read,
#     convert, write), and the peak resident memory (Maximum resident set size of
#     /usr/bin/time -v, the largest of all our processes of that format).
# For pandoc: median wall time and peak memory of RUNS runs of `pandoc journal.md -o
# out.docx` and `-o out.epub`. The ratios are pandoc's process time over ours.
#
# Needs: cargo, pandoc (apt-get install pandoc), GNU time at /usr/bin/time (apt-get
# install time). RUNS (default 5) and DAYS (default 365) may be set. Results are printed
# as Markdown; copy them to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
DAYS=${DAYS:-365}
TIME=/usr/bin/time

[ -x "$TIME" ] || { echo "GNU time is required at $TIME (apt-get install time)" >&2; exit 1; }
command -v pandoc >/dev/null || { echo "pandoc is required (apt-get install pandoc)" >&2; exit 1; }

load() { cut -d' ' -f1-3 /proc/loadavg; }
load_start=$(load)

cargo build --release -q -p jc-render --example bench_render
BIN=${CARGO_TARGET_DIR:-target}/release/examples/bench_render

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
trap 'echo "bench_render.sh: failed at line $LINENO (exit $?)" >&2' ERR

"$BIN" markdown "$work/journal.md" --days "$DAYS" >/dev/null

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# the value of key=value in a line of the example's output
field() { tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"; }
now_ns() { date +%s%N; }
# Maximum resident set size in KB from a /usr/bin/time -v report
max_rss() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$1"; }

# run_timed CMD...: runs CMD RUNS times, each under /usr/bin/time -v; sets
# WALL_MS (median wall time of the processes) and RSS_KB (the largest peak).
run_timed() {
  local walls=() rss=0 t0 t1 r
  for _ in $(seq "$RUNS"); do
    t0=$(now_ns)
    "$TIME" -v -o "$work/time.txt" "$@" >/dev/null
    t1=$(now_ns)
    walls+=("$(( (t1 - t0) / 1000 ))")
    r=$(max_rss "$work/time.txt")
    if (( r > rss )); then rss=$r; fi
  done
  WALL_MS=$(printf '%s\n' "${walls[@]}" | median | awk '{ printf "%.1f", $1 / 1000 }')
  RSS_KB=$rss
}

declare -A CALL_MS PROC_MS RSS SIZE PAGES PASSES
for f in pdf docx epub kdp; do
  line=$("$TIME" -v -o "$work/time.txt" "$BIN" "$f" --runs "$RUNS" --days "$DAYS" --out "$work/ours.$f")
  CALL_MS[$f]=$(field "$line" median_ms)
  SIZE[$f]=$(field "$line" bytes)
  PAGES[$f]=$(field "$line" pages)
  PASSES[$f]=$(field "$line" passes)
  steady_rss=$(max_rss "$work/time.txt")
  run_timed "$BIN" "$f" --runs 1 --days "$DAYS" --out "$work/ours.$f"
  PROC_MS[$f]=$WALL_MS
  RSS[$f]=$(( RSS_KB > steady_rss ? RSS_KB : steady_rss ))
done

for f in docx epub; do
  run_timed pandoc "$work/journal.md" -o "$work/pandoc.$f"
  PROC_MS[pandoc-$f]=$WALL_MS
  RSS[pandoc-$f]=$RSS_KB
  SIZE[pandoc-$f]=$(stat -c %s "$work/pandoc.$f")
done
load_end=$(load)

mb() { awk -v kb="$1" 'BEGIN { printf "%.0f MB", kb / 1024 }'; }
size() { awk -v b="$1" 'BEGIN { if (b >= 1048576) printf "%.2f MB", b / 1048576; else printf "%.0f KB", b / 1024 }'; }
pages() { if [ -n "${PAGES[$1]}" ]; then echo "${PAGES[$1]} (${PASSES[$1]})"; else echo -; fi; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
# verdict A OP B: PASS when the number A compares to B as OP (ge or lt) says
verdict() {
  if awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN { exit !(op == "ge" ? a + 0 >= b + 0 : a + 0 < b + 0) }'
  then echo PASS; else echo FAIL; fi
}

echo
echo "Machine: $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "Commit: $(git rev-parse --short HEAD)$(git diff --quiet -- crates/render || echo ' (crates/render modified)'); $(pandoc --version | head -1)"
echo "Journal: $DAYS days, $(size "$(stat -c %s "$work/journal.md")") of Markdown; runs: $RUNS"
echo "Load average (1, 5, 15 min): $load_start at the start, $load_end at the end"
echo
echo "| output | render call, median | whole process, median | peak memory | size | pages (layout passes) |"
echo "|---|---|---|---|---|---|"
for f in pdf docx epub kdp; do
  echo "| ours, $f | ${CALL_MS[$f]} ms | ${PROC_MS[$f]} ms | $(mb "${RSS[$f]}") | $(size "${SIZE[$f]}") | $(pages "$f") |"
done
for f in docx epub; do
  echo "| pandoc, $f | - | ${PROC_MS[pandoc-$f]} ms | $(mb "${RSS[pandoc-$f]}") | $(size "${SIZE[pandoc-$f]}") | - |"
done
echo
echo "| target | measured | result |"
echo "|---|---|---|"
for f in docx epub; do
  r=$(ratio "${PROC_MS[pandoc-$f]}" "${PROC_MS[$f]}")
  rc=$(ratio "${PROC_MS[pandoc-$f]}" "${CALL_MS[$f]}")
  echo "| $f ≥ 10× faster than pandoc | ${r}× process to process (${rc}× against the render call) | $(verdict "${PROC_MS[pandoc-$f]}" ge "$(awk -v t="${PROC_MS[$f]}" 'BEGIN { print t * 10 }')") |"
done
echo "| $DAYS-day PDF < 1 s | ${CALL_MS[pdf]} ms render call (${PROC_MS[pdf]} ms process) | $(verdict "${CALL_MS[pdf]}" lt 1000) |"
echo "| KDP package < 2 s | ${CALL_MS[kdp]} ms render call (${PROC_MS[kdp]} ms process) | $(verdict "${CALL_MS[kdp]}" lt 2000) |"
peak=0
for f in pdf docx epub kdp; do if (( RSS[$f] > peak )); then peak=${RSS[$f]}; fi; done
echo "| peak memory < 200 MB | $(mb "$peak") (largest of pdf, docx, epub, kdp) | $(verdict "$peak" lt 204800) |"
