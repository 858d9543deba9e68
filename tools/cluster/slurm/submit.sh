#!/usr/bin/env bash
# Submits a sharded evaluation: a job array of N tasks (one shard each) and a merge job that waits for all of them.
# Usage: submit.sh N STATES_DIR REPORT_JSON deteval-arguments...
#   e.g. submit.sh 16 /shared/run1 /shared/run1/report.json coco --gt gt.json --dt dt.json --iou-type segm
# Prints the array job id and the merge job id. Extra sbatch options: SBATCH_ARGS (e.g. "--partition=gpu").
# Set DETEVAL when deteval is not on the compute nodes' PATH (e.g. DETEVAL="dotnet /opt/deteval/DetEval.Cli.dll").
set -euo pipefail
if [ $# -lt 4 ]; then
  sed -n '2,6p' "$0" >&2
  exit 1
fi
here=$(cd "$(dirname "$0")" && pwd)
shards=$1 states=$2 report=$3
shift 3
mkdir -p "$states"
export SHARDS=$shards STATES=$states REPORT=$report
# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_ARGS:-} --chdir="$states" --array=0-$((shards - 1)) --export=ALL "$here/evaluate.sbatch" "$@")
array=${array%%;*}
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_ARGS:-} --chdir="$states" --dependency=afterok:"$array" --kill-on-invalid-dep=yes --export=ALL "$here/merge.sbatch")
echo "$array ${merge%%;*}"
