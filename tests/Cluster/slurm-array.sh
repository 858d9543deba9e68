#!/usr/bin/env bash
# End to end on a real scheduler: starts a single-node Slurm cluster on this machine (munged, slurmctld, slurmd with
# a generated slurm.conf: one node with the machine's CPUs, SlurmUser=root, proctrack/linuxproc, task/none, no
# accounting), runs tools/cluster/slurm/submit.sh (sbatch --array=0-3 over testdata/reference/lvis-small, then the
# merge job with --dependency=afterok), and checks that the merged JSON and printout equal one process's run, byte
# for byte. The daemons are stopped by their pids (and waited for) whatever happens.
# Prints "Passed: 1" or "Failed: 1" (summed by .ci/run); "Skipped: <reason>" where Slurm is not installed.
# Usage: tests/Cluster/slurm-array.sh   (after a Release build; builds the CLI if it is missing)
set -u
cd "$(dirname "$0")/../.."
repo=$(pwd)

for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "Skipped: slurm end-to-end test: $tool is not installed (tools/ci/install-slurm.sh installs slurm-wlm and munge)"
    exit 0
  fi
done
if [ "$(id -u)" -ne 0 ]; then
  echo "Skipped: slurm end-to-end test: the single-node cluster runs as root (SlurmUser=root) and this is uid $(id -u)"
  exit 0
fi

fail() {
  echo "slurm end-to-end: FAILED: $*"
  for log in "$work"/log/*.log "$work"/states/*.out "$work"/states/*.err; do
    [ -f "$log" ] && { echo "--- $log"; tail -n 20 "$log"; }
  done
  echo "Failed: 1"
  exit 1
}

# One cluster at a time on this machine (fixed ports).
exec 9>"${TMPDIR:-/tmp}/deteval-slurm-test.lock"
flock -w 900 9 || { echo "slurm end-to-end: another cluster test holds "${TMPDIR:-/tmp}/deteval-slurm-test.lock""; echo "Failed: 1"; exit 1; }

dll=$repo/src/DetEval.Cli/bin/Release/net10.0/DetEval.Cli.dll
if [ ! -f "$dll" ]; then
  dotnet build "$repo/src/DetEval.Cli" -c Release -nologo -v q >/dev/null || { echo "Failed: 1"; exit 1; }
fi
deteval="$(command -v dotnet) $dll"

work=$(mktemp -d "${TMPDIR:-/tmp}/deteval-slurm.XXXXXX")
stop() {
  # Stop the daemons by their pids, newest first, and wait until each is gone.
  for name in slurmd slurmctld munged; do
    pidfile=$work/$name.pid
    [ -s "$pidfile" ] || continue
    pid=$(cat "$pidfile")
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && { kill -9 "$pid" 2>/dev/null; sleep 0.5; }
  done
  rm -rf "$work"
}
trap stop EXIT

mkdir -p "$work"/{spool,state,log,munge/run,case,states}
host=$(hostname -s)
cpus=$(nproc)
mem=$(free -m | awk '/Mem:/ {print int($2 * 0.5)}')
dd if=/dev/urandom bs=1 count=1024 of="$work/munge/munge.key" 2>/dev/null
chmod 400 "$work/munge/munge.key"
chmod 755 "$work/munge/run"
munged --key-file="$work/munge/munge.key" --socket="$work/munge/run/munge.socket" --pid-file="$work/munged.pid" \
  --log-file="$work/log/munged.log" --seed-file="$work/munge/seed" --force || fail "munged did not start"

cat >"$work/slurm.conf" <<CONF
ClusterName=deteval-ci
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/run/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$work/slurm.conf
slurmctld -f "$SLURM_CONF" || fail "slurmctld did not start"
slurmd -f "$SLURM_CONF" || fail "slurmd did not start"

for _ in $(seq 1 60); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -n 1)
  [ "$state" = "idle" ] && break
  sleep 1
done
[ "$state" = "idle" ] || fail "the node did not become idle (state: ${state:-none})"

# The case on the "shared volume" (a folder every task sees), as the recipe expects.
cp "$repo/testdata/reference/lvis-small/gt.json" "$repo/testdata/reference/lvis-small/dt_segm.json" "$work/case/"
args=(lvis --gt "$work/case/gt.json" --dt "$work/case/dt_segm.json")
read -r array merge < <(DETEVAL=$deteval "$repo/tools/cluster/slurm/submit.sh" 4 "$work/states" "$work/report.json" "${args[@]}") \
  || fail "submit.sh failed"
[ -n "${merge:-}" ] || fail "submit.sh did not print the two job ids"
echo "slurm end-to-end: array job $array (4 tasks), merge job $merge (afterok:$array)"

merge_state=""
for _ in $(seq 1 600); do
  merge_state=$(scontrol show job "$merge" -o 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2)
  case "$merge_state" in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY) break ;; esac
  sleep 1
done
[ "$merge_state" = "COMPLETED" ] || fail "merge job $merge ended $merge_state"
for task in 0 1 2 3; do
  [ -f "$work/states/shard-$task.state" ] || fail "array task $task wrote no state"
done

# The one-process run on the same files.
$deteval "${args[@]}" --json "$work/whole.json" >"$work/whole.txt" 2>/dev/null || fail "the one-process run failed"
cmp "$work/whole.json" "$work/report.json" || fail "the merged JSON differs from the one-process run's"
cmp "$work/whole.txt" "$work/states/deteval-merge-$merge.out" || fail "the merged printout differs from the one-process run's"
grep -q "merged 4 states" "$work/states/deteval-merge-$merge.err" || fail "the merge job did not merge 4 states"
echo "slurm end-to-end: merged report of 4 array tasks equals the one-process run byte for byte ($(wc -c <"$work/report.json") bytes)"
echo "Passed: 1"
echo "Failed: 0"
