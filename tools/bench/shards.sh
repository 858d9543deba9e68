#!/usr/bin/env bash
# Per-shard cost of a sharded evaluation (issue 21) on the COCO-sized workload of run.sh: for N = 1, 2, 4, 8, runs
# every shard of `deteval coco --shard I/N --state-out` one after the other (on a cluster they run side by side) and
# prints the slowest shard's wall time and peak RSS, the mean, the states' size, and the merge's time and RSS;
# the merged JSON must equal the N = 1 merge byte for byte.
#
#   tools/bench/shards.sh [DATA_DIR] [IOU_TYPE] [COUNTS]
#
# DATA_DIR holds gt.json, dt_bbox.json and dt_segm.json (default: $TMPDIR/deteval-bench, made by run.sh);
# IOU_TYPE is bbox (default) or segm; COUNTS defaults to "1 2 4 8".
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-${TMPDIR:-/tmp}/deteval-bench}
iou=${2:-bbox}
counts=${3:-1 2 4 8}
[ -f "$data/gt.json" ] || { echo "error: $data/gt.json not found (run tools/bench/run.sh once to make the workload)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The Release build of the working tree (dotnet build DetEval.sln -c Release first).
dll=src/DetEval.Cli/bin/Release/net10.0/DetEval.Cli.dll
[ -f "$dll" ] || { echo "error: $dll not found: dotnet build src/DetEval.Cli -c Release" >&2; exit 2; }
bin="dotnet $dll"

# run OUT_PREFIX command...: wall seconds and peak RSS in MB of one process, written to OUT_PREFIX.t and .m
run() {
  local out=$1; shift
  /usr/bin/time -v "$@" >/dev/null 2>"$out.time"
  grep 'Elapsed (wall clock)' "$out.time" | awk -F': ' '{print $2}' | awk -F: '{print ($1*60)+$2}' >"$out.t"
  grep 'Maximum resident set size' "$out.time" | awk -F': ' '{print int($2/1024)}' >"$out.m"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg); coco --iou-type $iou on $data"
printf '%3s  %14s %14s  %12s  %14s  %12s  %s\n' N "slowest shard" "mean shard" "peak RSS" "states (KB)" "merge" "merged JSON"
for n in $counts; do
  dir=$work/n$n
  mkdir -p "$dir/states"
  for i in $(seq 0 $((n - 1))); do
    run "$dir/s$i" $bin coco --gt "$data/gt.json" --dt "$data/dt_$iou.json" --iou-type "$iou" -q \
      --shard "$i/$n" --state-out "$dir/states/shard-$i.state"
  done
  run "$dir/merge" $bin merge "$dir/states" --expect "$n" --json "$dir/merged.json"
  slowest=$(cat "$dir"/s*.t | sort -n | tail -n 1)
  mean=$(cat "$dir"/s*.t | awk '{s+=$1} END {printf "%.2f", s/NR}')
  rss=$(cat "$dir"/s*.m | sort -n | tail -n 1)
  kb=$(du -k --apparent-size -c "$dir"/states/*.state | tail -n 1 | cut -f1)
  [ -f "$work/n1/merged.json" ] && { cmp -s "$work/n1/merged.json" "$dir/merged.json" && same="equal to N=1" || same="DIFFERENT"; } || same="(no N=1)"
  printf '%3d  %12.2f s %12.2f s  %9d MB  %14d  %5.2f s %4d MB  %s\n' "$n" "$slowest" "$mean" "$rss" "$kb" \
    "$(cat "$dir/merge.t")" "$(cat "$dir/merge.m")" "$same"
done
