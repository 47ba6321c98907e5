#!/usr/bin/env bash
# ciblage against its peers, side by side on this machine, in one process tree.
#
#   1. 1M synthetic collèges (`ciblage sample --format table`, 7 indicators), the lean pipeline:
#        ciblage run … --method kmeans --k 4 --tables compact --no-sensitivity --no-matching
#                      --no-neighbourhood --tables-only
#      against benches/peers/sklearn_pipeline.py (pandas → StandardScaler → PCA → KMeans k=4,
#      n_init=1 → one line per school);
#   2. the same file, `ciblage cluster --method kmeans --k 4` (FactoMineR's full individual tables)
#      against the peer in `tables` mode (coordinates, cos2, contributions, distances);
#   3. the national real case (5,069 public collèges, ../shared/reference/colleges_public_2023):
#      `ciblage cluster` (PCA + full Ward HCPC + consolidation + descriptions) against
#      benches/peers/factominer.R (PCA + HCPC), when Rscript with FactoMineR is installed
#      (Debian: apt-get install r-cran-factominer);
#   4. ciblage alone: HCPC with --kk 1000 at 100,000 schools and full Ward at 20,000.
# Runs alternate (ciblage, peer, ciblage, peer, …) RUNS times (default 5) after one warm-up each;
# each run is the whole process, timed with GNU time (wall seconds, peak resident memory). Prints
# medians, the ratio ciblage / peer and peak memory.
#
# The scikit-learn peer is installed on first use into a virtualenv (VENV, default
# target/bench-venv) from benches/peers/requirements.txt.
#
# Usage: benches/compare.sh [SCHOOLS]        (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
runs=${RUNS:-5}
venv=${VENV:-target/bench-venv}
timer=/usr/bin/time
[ -x "$timer" ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

cargo build --release --quiet
bin=$PWD/target/release/ciblage
if [ ! -x "$venv/bin/python" ]; then
  echo "installing the scikit-learn peer into $venv …"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r benches/peers/requirements.txt
fi
py=$venv/bin/python
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# measure NAME CMD...: one timed run, appends "seconds peak_kib" to $work/NAME.
measure() {
  local name=$1; shift
  rm -rf "$work/out"
  "$timer" -f '%e %M' -o "$work/t" "$@" > /dev/null 2> "$work/err" || { cat "$work/err" >&2; exit 1; }
  cat "$work/t" >> "$work/$name"
}
# summary NAME: "median_s peak_mib" over the runs recorded for NAME.
summary() {
  sort -n "$work/$1" | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
    END { med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2; printf "%.3f %.0f", med, m / 1024 }'
}
# compare LABEL A B: print both medians, peak memory and the ratio A / B.
compare() {
  read -r ta ma <<< "$(summary "$2")"
  read -r tb mb <<< "$(summary "$3")"
  printf '%-58s %8.3f s %6s MiB | %8.3f s %6s MiB | ratio %.3f\n' "$1" "$ta" "$ma" "$tb" "$mb" \
    "$(awk -v a="$ta" -v b="$tb" 'BEGIN { print a / b }')"
}

echo "machine: $(nproc) cores, $(uname -srm), $(date -u +%Y-%m-%d); runs: $runs (median), alternating"
echo "peers: $("$py" -c 'import sklearn, pandas, numpy; print("scikit-learn", sklearn.__version__, "pandas", pandas.__version__, "numpy", numpy.__version__)')"
"$bin" sample --format table --schools "$n" --out "$work/in" > /dev/null
csv=$work/in/colleges.csv
echo "input: $n schools, $(du -h "$csv" | cut -f1) CSV"
lean=(run "$csv" --method kmeans --k 4 --tables compact --no-sensitivity --no-matching
      --no-neighbourhood --tables-only --quiet --out "$work/out")
full=(cluster "$csv" --method kmeans --k 4 --out "$work/out")
measure warm "$bin" "${lean[@]}"; measure warm "$py" benches/peers/sklearn_pipeline.py "$csv" "$work/out.csv"
for _ in $(seq 1 "$runs"); do
  measure ciblage_lean "$bin" "${lean[@]}"
  measure sklearn_lean "$py" benches/peers/sklearn_pipeline.py "$csv" "$work/out.csv"
  measure ciblage_tables "$bin" "${full[@]}"
  measure sklearn_tables "$py" benches/peers/sklearn_pipeline.py "$csv" "$work/out.csv" tables
done
echo
printf '%-58s %19s | %19s |\n' "" "ciblage" "peer"
compare "lean pipeline, $n schools (peer: scikit-learn)" ciblage_lean sklearn_lean
compare "cluster --method kmeans, full tables (peer: scikit-learn)" ciblage_tables sklearn_tables

ref=../shared/reference/colleges_public_2023/input.csv
if [ -f "$ref" ] && command -v Rscript > /dev/null && Rscript -e 'library(FactoMineR)' > /dev/null 2>&1; then
  act=ips,ips_sd,taux_reussite,va_taux_reussite,note_ecrit,va_note,taux_acces_6e3e
  nat=(cluster "$ref" --dataset table --active "$act" --quali-sup ep --out "$work/out")
  measure warm "$bin" "${nat[@]}"; measure warm Rscript benches/peers/factominer.R "$ref" "$work/r"
  for _ in $(seq 1 "$runs"); do
    measure ciblage_nat "$bin" "${nat[@]}"
    measure r_nat Rscript benches/peers/factominer.R "$ref" "$work/r"
    grep factominer_seconds_in_process "$work/err" | awk '{ print $2, 0 }' >> "$work/r_inproc"
  done
  compare "national case, 5,069 collèges, PCA + HCPC (peer: FactoMineR)" ciblage_nat r_nat
  read -r tin _ <<< "$(summary r_inproc)"
  read -r tc _ <<< "$(summary ciblage_nat)"
  printf '%-58s FactoMineR inside R (no start-up, no package load): %.3f s; ratio %.3f\n' "" "$tin" \
    "$(awk -v a="$tc" -v b="$tin" 'BEGIN { print a / b }')"
else
  echo "national case vs FactoMineR: skipped (needs $ref and Rscript with FactoMineR)"
fi

"$bin" sample --format table --schools 100000 --out "$work/in100k" > /dev/null
"$bin" sample --format table --schools 20000 --out "$work/in20k" > /dev/null
for _ in $(seq 1 "$runs"); do
  measure kk "$bin" cluster "$work/in100k/colleges.csv" --kk 1000 --out "$work/out"
  measure ward "$bin" cluster "$work/in20k/colleges.csv" --out "$work/out"
done
read -r t m <<< "$(summary kk)"; printf '%-58s %8.3f s %6s MiB\n' "HCPC --kk 1000, 100,000 schools (whole cluster command)" "$t" "$m"
read -r t m <<< "$(summary ward)"; printf '%-58s %8.3f s %6s MiB\n' "HCPC full Ward, 20,000 schools (whole cluster command)" "$t" "$m"
