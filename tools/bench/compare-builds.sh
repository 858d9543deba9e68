#!/usr/bin/env bash
# Two builds of the CLI side by side, interleaved (A, B, A, B, ...) so that the host's drift hits both alike: the median
# of each stage that --timings prints, and of the whole process's wall time, CPU time and peak RSS.
#
#   tools/bench/compare-builds.sh A_BIN B_BIN RUNS -- COMMAND ARGS...
#
# e.g. tools/bench/compare-builds.sh old/deteval new/deteval 5 -- coco --gt DATA/gt.json --dt DATA/dt_bbox.json
# CPUS (default: every core) pins both to these cores with taskset, and DOTNET_PROCESSOR_COUNT is set to their number:
# CPUS=1 gives one-core stage times, the steadier figure on a shared machine. A build without --timings (older than
# the option) still gets the whole-process figures.
set -euo pipefail
[ $# -ge 5 ] && [ "$4" = -- ] || { echo "usage: $0 A_BIN B_BIN RUNS -- COMMAND ARGS..." >&2; exit 1; }
a=$1 b=$2 runs=$3
shift 4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pin=()
if [ -n "${CPUS:-}" ]; then
  pin=(taskset -c "$CPUS")
  export DOTNET_PROCESSOR_COUNT=$(( $(tr -cd ',' <<<"$CPUS" | wc -c) + 1 ))
fi
for _ in $(seq "$runs"); do
  for side in a b; do
    bin=$a; [ $side = b ] && bin=$b
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "${pin[@]}" "$bin" "$@" --timings >/dev/null 2>"$work/err" \
      || "${pin[@]}" /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$bin" "$@" >/dev/null 2>"$work/err" || true
    printf 'process\t%s\n' "$(cat "$work/time")" >>"$work/$side"
    grep -E '^[a-z .]+: [0-9.]+ s' "$work/err" | sed -E 's/^([a-z .]+): ([0-9.]+) s.*/\1\t\2/' >>"$work/$side" || true
  done
done
python3 - "$work" "$a" "$b" <<'PY'
import statistics, sys, collections
work, names = sys.argv[1], {'a': sys.argv[2], 'b': sys.argv[3]}
for side in 'ab':
    stages = collections.OrderedDict()
    whole = []
    for line in open(f'{work}/{side}'):
        key, value = line.rstrip('\n').split('\t')
        if key == 'process':
            whole.append([float(v) for v in value.split()])
        else:
            stages.setdefault(key, []).append(float(value))
    wall = statistics.median(w[0] for w in whole)
    cpu = statistics.median(w[1] + w[2] for w in whole)
    rss = statistics.median(w[3] for w in whole) / 1024
    parts = '  '.join(f'{k} {statistics.median(v):.3f} s' for k, v in stages.items())
    print(f'{names[side]}: wall {wall:.2f} s, cpu {cpu:.2f} s, {rss:.0f} MB; {parts}')
PY
