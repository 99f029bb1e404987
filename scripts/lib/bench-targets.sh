# Issue 13's targets, one row each, written by the bench parts that measure them and put side by side at
# the top of docs/benchmarks.md by scripts/bench. A part run alone (no BENCH_WORK) writes no row.

# target_row ORDER FIGURE MEASURED TARGET MET: MET is yes, no, or a word such as "first step".
target_row() {
  [ -n "${BENCH_WORK:-}" ] || return 0
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$5" >> "$BENCH_WORK/targets.tsv"
}

# at_least VALUE BOUND / at_most VALUE BOUND: "yes" or "no"; a missing or failed figure is "no".
at_least() { awk -v v="$1" -v b="$2" 'BEGIN { print (v ~ /^-?[0-9.]+$/ && v + 0 >= b + 0) ? "yes" : "no" }'; }
at_most() { awk -v v="$1" -v b="$2" 'BEGIN { print (v ~ /^-?[0-9.]+$/ && v + 0 <= b + 0) ? "yes" : "no" }'; }
both() { [ "$1" = yes ] && [ "$2" = yes ] && echo yes || echo no; }
