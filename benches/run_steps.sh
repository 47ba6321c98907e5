#!/usr/bin/env bash
# Whole `ciblage run` on synthetic data of 10k, 100k and 1M collèges: wall time and peak memory of each
# step (from the run's own measurements, also in manifest.json) and of the whole process.
#
# The pipeline measured is the issue's: one CSV of n schools × 7 indicators (`ciblage sample --format
# table`) → validate → PCA → k-means (k = 4) → Nantes selection (orphans, sensitivity, matching) →
# CSV tables and manifest (no figures: `--tables-only`). Pass `full` as first argument to also run the
# default job (HCPC with --kk 1000 beyond 20k schools, figures, maps, report) on the four
# official-format files.
#
# Usage: benches/run_steps.sh [full] [SIZES...]   (default sizes: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=tables
if [ "${1:-}" = full ]; then mode=full; shift; fi
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
cargo build --release --quiet
bin=target/release/ciblage
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores, $(uname -srm)"
for n in "${sizes[@]}"; do
  echo
  if [ "$mode" = tables ]; then
    "$bin" sample --format table --schools "$n" --out "$work/in-$n" > /dev/null
    echo "== $n schools: $(du -h "$work/in-$n/colleges.csv" | cut -f1) CSV -> PCA -> k-means k=4 -> selection -> CSV"
    args=("$work/in-$n/colleges.csv" --missing drop --method kmeans --k 4 --tables-only)
  else
    "$bin" sample --schools "$n" --out "$work/in-$n" > /dev/null
    echo "== $n schools: four official-format files -> full run (figures, maps, report)"
    args=("$work"/in-$n/fr-en-*.csv --missing drop)
    [ "$n" -gt 20000 ] && args+=(--kk 1000)
  fi
  start=$(date +%s.%N)
  if command -v /usr/bin/time > /dev/null; then
    /usr/bin/time -f "process: %e s wall, %M KB peak" "$bin" run "${args[@]}" --quiet --timings --out "$work/out-$n"
  else
    "$bin" run "${args[@]}" --quiet --timings --out "$work/out-$n"
  fi
  end=$(date +%s.%N)
  echo "wall (whole process): $(echo "$end - $start" | bc 2>/dev/null || echo "?") s"
  echo "outputs: $(du -sh "$work/out-$n" | cut -f1)"
done
