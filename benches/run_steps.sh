#!/usr/bin/env bash
# Whole `ciblage run` on synthetic data of 10k, 100k and 1M collèges: wall time and peak memory of each
# step (the run's own measurements, also in manifest.json) and the wall time of the whole process.
#
# Modes (first argument, default `lean`):
#   lean    the issue's pipeline: one CSV of n schools × 7 indicators (`ciblage sample --format table`)
#           → validate → PCA → k-means (k = 4) → Nantes selection (eligibility, threshold and cluster
#           orphans, ranking under the budget) → compact CSV tables (`schools.csv`, `rejected.csv`,
#           `thresholds.csv`, the PCA and cluster summaries) and the manifest. No figures, no sensitivity
#           reruns, no matching, no k-NN orphan detector.
#   tables  the same input with every selection extra (neighbourhood orphans, sensitivity with 50
#           bootstrap resamples, matching) and the full per-school tables.
#   full    the default job on the four official-format files (HCPC with --kk 1000 beyond 20k schools,
#           figures, maps, report).
# Each size is run RUNS times (default 3; the machine is shared, take the best) after one warm-up run
# that brings the input into the page cache.
#
# Usage: benches/run_steps.sh [lean|tables|full] [SIZES...]   (default sizes: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=lean
case "${1:-}" in lean|tables|full) mode=$1; shift ;; esac
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
runs=${RUNS:-3}
cargo build --release --quiet
bin=target/release/ciblage
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -srm); mode: $mode; best of $runs runs"
for n in "${sizes[@]}"; do
  echo
  case $mode in
    lean|tables)
      "$bin" sample --format table --schools "$n" --out "$work/in-$n" > /dev/null
      args=("$work/in-$n/colleges.csv" --missing drop --method kmeans --k 4 --tables-only)
      if [ "$mode" = lean ]; then
        args+=(--tables compact --no-sensitivity --no-matching --no-neighbourhood)
      fi
      echo "== $n schools ($mode): $(du -h "$work/in-$n/colleges.csv" | cut -f1) CSV -> PCA -> k-means k=4 -> selection -> CSV"
      ;;
    full)
      "$bin" sample --schools "$n" --out "$work/in-$n" > /dev/null
      args=("$work"/in-$n/fr-en-*.csv --missing drop)
      [ "$n" -gt 20000 ] && args+=(--kk 1000)
      echo "== $n schools (full): four official-format files -> HCPC, selection, figures, maps, report"
      ;;
  esac
  "$bin" run "${args[@]}" --quiet --out "$work/warm-$n" > /dev/null
  rm -rf "$work/warm-$n"
  best=""
  for r in $(seq 1 "$runs"); do
    rm -rf "$work/out-$n"
    start=$(date +%s%N)
    "$bin" run "${args[@]}" --quiet --timings --out "$work/out-$n" 2> "$work/steps-$r"
    end=$(date +%s%N)
    ms=$(( (end - start) / 1000000 ))
    echo "run $r: $ms ms wall (whole process)"
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; cp "$work/steps-$r" "$work/best"; fi
  done
  echo "steps of the best run ($best ms; peak = the process' resident high-water mark during the step):"
  cat "$work/best"
  echo "outputs: $(du -sh "$work/out-$n" | cut -f1)"
done
