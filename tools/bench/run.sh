#!/usr/bin/env bash
# End-to-end benchmark of the published `deteval` on the COCO-sized synthetic workload (issue 6).
# Prints, per task, the median wall time and peak RSS of N runs (/usr/bin/time -v), the target, and
# whether the numbers equal the reference's.
#
#   tools/bench/run.sh [DATA_DIR] [RUNS]
#
# DATA_DIR (default: $TMPDIR/deteval-bench) receives the workload, generated once with the shared
# generator (needs Debian's python3-numpy: apt-get install python3-numpy). RUNS defaults to 5.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-${TMPDIR:-/tmp}/deteval-bench}
runs=${2:-5}
gen=../shared/tools/gen_dataset.py

if [ ! -f "$data/dt_segm.json" ]; then
  [ -f "$gen" ] || { echo "error: $gen not found; give a DATA_DIR that holds gt.json, dt_bbox.json, dt_segm.json and voc/" >&2; exit 2; }
  echo "generating the workload into $data (about 5 minutes)..." >&2
  /usr/bin/python3 "$gen" --images 5000 --categories 80 --gt-per-image 7 --dets-per-image 100 \
    --fill-prob 1.0 --seed 42 --voc --out-dir "$data" >&2
fi

pub=$(mktemp -d)
trap 'rm -rf "$pub"' EXIT
dotnet publish src/DetEval.Cli -c Release -r linux-x64 --self-contained false -o "$pub" >/dev/null
bin="$pub/deteval"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure NAME TARGET_S TARGET_MB EXPECT_KEY EXPECT_VALUE -- command...
measure() {
  local name=$1 target_s=$2 target_mb=$3 key=$4 expect=$5; shift 6
  local times=() rss=() json
  json=$(mktemp)
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$@" --json "$json" >/dev/null 2>"$json.time"
    times+=("$(grep 'Elapsed (wall clock)' "$json.time" | awk -F': ' '{print $2}' | awk -F: '{print ($1*60)+$2}')")
    rss+=("$(grep 'Maximum resident set size' "$json.time" | awk -F': ' '{print int($2/1024)}')")
  done
  local got
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(repr(d$key))" "$json")
  local t m
  t=$(printf '%s\n' "${times[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  printf '%-16s %6.2f s (target %3s s)  %5d MB (target %3s MB)  %s %s\n' "$name" "$t" "$target_s" "$m" "$target_mb" \
    "$( [ "$expect" = - ] && echo "(no reference):" || { [ "$got" = "$expect" ] && echo "equal:" || echo "DIFFERENT:"; })" "$got"
  rm -f "$json" "$json.time"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "median of $runs runs, end-to-end process (read, match, accumulate, summary, JSON report)"
measure "coco bbox" 1.5 600 "['stats']['AP']" 0.3984537336410139 -- \
  "$bin" coco --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q
measure "coco segm" 3 900 "['stats']['AP']" 0.3365528251562826 -- \
  "$bin" coco --gt "$data/gt.json" --dt "$data/dt_segm.json" --iou-type segm -q
measure "voc all-point" 1 - "['mAP']" 0.6454668234903005 -- \
  "$bin" voc --gt "$data/voc" --dt "$data/voc/results" --ap allpoint -q
measure "voc 11-point" 1 - "['mAP']" - -- \
  "$bin" voc --gt "$data/voc" --dt "$data/voc/results" --ap 11point -q
