#!/usr/bin/env bash
# End-to-end benchmark of the published `deteval` (issues 6 and 20), side by side with pycocotools and
# faster-coco-eval built from their public sources. Prints, per case, the median wall time, CPU time (user+sys)
# and peak RSS of RUNS runs (/usr/bin/time -v), the target, whether the number equals the reference's, and for
# the COCO cases each peer's figures and the ratios (peer / DetEval); a peer's number must equal ours too.
#
#   tools/bench/run.sh [DATA_DIR] [RUNS] [CASES]
#
# DATA_DIR (default: $TMPDIR/deteval-bench) receives the workloads, each generated once with the shared
# generators (needs Debian's python3-numpy). RUNS defaults to 5. CASES is a comma-separated subset of
#   sample     the bundled sample (testdata/reference/small, 60 images): start-up, bbox and segm
#   vallike    val2017-sized: gen_dataset.py --images 5000 --categories 80 --gt-per-image 7 --dets-per-image 20
#              --fill-prob 0 --seed 3 (75k detections), bbox and segm
#   coco       COCO-sized: 5,000 images, 80 classes, 100 detections per image (500k), bbox and segm
#   voc        the COCO-sized workload's VOC copy, all-point and 11-point
#   o365       Objects365-sized bbox: --images 80000 --categories 365 --gt-per-image 15 --dets-per-image 20
#              --fill-prob 0 --no-segm --seed 5 (about 10 minutes to generate)
#   html       coco bbox --out once with --timings: the time of each stage (report.html's own last) and the page's size
#   boundary   Boundary AP (--iou-type boundary) on the COCO-sized segm results
#   keypoints  COCO-person-sized keypoint case: gen_keypoints.py --profile person, 5,000 images
#   lvis       LVIS-sized case: 20,000 images, 1,203 categories, 300 results per image (bbox). gen_lvis.py makes
#              400 images with up to 560 results each (its segm rasterisation is too slow for 6 million results),
#              then the images are repeated 50 times under new image and annotation ids.
#   tide       TIDE bbox and segm, and coco --bootstrap 1000, on the COCO-sized workload (issue 18)
#   dota       DOTA Task1: 2,000 images from gen_dota.py in DATA_DIR/dota (about 20 seconds to generate)
#   concept    SAM 3 cgF1: DATA_DIR/cgf1 made by gen_cgf1.py --profile medium, 5,000 pictures (21,599
#              image-phrase pairs, 80,683 masks over three annotators, 38,582 predictions; about 100 s of CPU to
#              generate); one annotator, the oracle, and the oracle on boxes
#   video      SAM 2 video J&F: DATA_DIR/sav made by tools/bench/sav_workload.py from gen_sav.py
#              (8 videos x 3 objects x 40 annotated 1280x720 frames, about 10 minutes to generate)
# or `all` (default: sample,vallike,coco,voc).
#
# Environment:
#   PEERS_DIR   the folder tools/bench/build-peers.sh built pycocotools and faster-coco-eval into; unset or
#               not built: the peers are skipped with the reason printed
#   PEER_RUNS   runs per peer case (default 1: pycocotools takes minutes on the COCO-sized case)
#   PEERS_O365  1 to also run the peers on o365 (default off: faster-coco-eval needs more memory than a
#               24 GB machine shared with others has, and pycocotools takes most of an hour)
#   THREADS     passed as --threads to every deteval run (default: not passed, all cores)
#   R2R_BIN, AOT_BIN  time these published binaries instead of publishing them
#   AOT         0 to skip the Native AOT publish (it needs clang or gcc and takes a minute or two)
#   AOT_ISA     the Native AOT binary's instruction sets (IlcInstructionSet; default native: every vector unit of
#               this CPU, as a user building for their own machines gets); empty for the portable default
#               (x86-64-v2: 128-bit kernels only, since Native AOT has no run-time dispatch to wider ones)
#
# The CLI is published twice: ReadyToRun (framework-dependent) and Native AOT. Every case times the AOT binary
# when it builds, else the ReadyToRun one; the sample case times both.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-${TMPDIR:-/tmp}/deteval-bench}
runs=${2:-5}
cases=${3:-sample,vallike,coco,voc}
[ "$cases" = all ] && cases=sample,vallike,coco,boundary,voc,o365,keypoints,lvis,tide,dota,concept,video,html
cases=",$cases,"
peer_runs=${PEER_RUNS:-1}
tools=../shared/tools
gen=$tools/gen_dataset.py
bench=$(pwd)/tools/bench
has() { [[ $cases == *,$1,* ]]; }

generate() { # DIR ARGS... : gen_dataset.py into DIR once (DIR/.complete marks a finished run)
  local dir=$1; shift
  [ -f "$dir/.complete" ] && return
  [ -f "$gen" ] || { echo "error: $gen not found; give a DATA_DIR that already holds $dir" >&2; exit 2; }
  echo "generating $dir..." >&2
  /usr/bin/python3 "$gen" "$@" --out-dir "$dir" >&2
  touch "$dir/.complete"
}
if has coco || has boundary || has voc || has tide || has html; then
  generate "$data" --images 5000 --categories 80 --gt-per-image 7 --dets-per-image 100 --fill-prob 1.0 --seed 42 --voc
fi
has vallike && generate "$data/vallike" --images 5000 --categories 80 --gt-per-image 7 --dets-per-image 20 --fill-prob 0 --seed 3
if has dota && [ ! -f "$data/dota/valset.txt" ]; then
  [ -f "$tools/gen_dota.py" ] || { echo "error: $tools/gen_dota.py not found; give a DATA_DIR whose dota/ holds labelTxt/ and results/" >&2; exit 2; }
  echo "generating the DOTA workload into $data/dota (about 20 seconds)..." >&2
  /usr/bin/python3 "$tools/gen_dota.py" --images 2000 --classes 15 --seed 42 --out-dir "$data/dota" >&2
fi
has o365 && generate "$data/o365" --images 80000 --categories 365 --gt-per-image 15 --dets-per-image 20 --fill-prob 0 --no-segm --seed 5

exe() { # the published executable in DIR (deteval, or the project's name)
  local f
  for f in "$1/deteval" "$1/DetEval.Cli"; do [ -x "$f" ] && { echo "$f"; return; }; done
  echo "error: no executable published in $1" >&2; exit 1
}
pub=$(mktemp -d)
trap 'rm -rf "$pub"' EXIT
r2r=${R2R_BIN:-} aot=${AOT_BIN:-}
if [ -z "$r2r" ]; then
  dotnet publish src/DetEval.Cli -c Release -r linux-x64 --self-contained false -o "$pub/r2r" >/dev/null
  r2r=$(exe "$pub/r2r")
fi
if [ -z "$aot" ] && [ "${AOT:-1}" != 0 ]; then
  isa=()
  aot_isa=${AOT_ISA-native}
  [ -n "$aot_isa" ] && isa=(-p:IlcInstructionSet="$aot_isa")
  if dotnet publish src/DetEval.Cli -c Release -r linux-x64 -p:PublishAot=true "${isa[@]}" -o "$pub/aot" >"$pub/aot.log" 2>&1; then
    aot=$(exe "$pub/aot")
  else
    echo "note: the Native AOT publish failed (last lines below); timing ReadyToRun" >&2
    tail -5 "$pub/aot.log" >&2
  fi
fi
bin=${aot:-$r2r}
threads=()
[ -n "${THREADS:-}" ] && threads=(--threads "$THREADS")

peers=${PEERS_DIR:-}
peer_reason=
if [ -z "$peers" ]; then
  peer_reason="PEERS_DIR is not set (build them with tools/bench/build-peers.sh)"
elif [ ! -f "$peers/VERSIONS" ]; then
  peer_reason="$peers/VERSIONS not found (build them with tools/bench/build-peers.sh)"
fi

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# timed N KEY -- command... (@OUT@ in the command is the JSON report's path): sets t (median wall s), c (median
# user+sys s), m (median peak RSS MB) and got (repr of the report's KEY, from the last run)
timed() {
  local n=$1 key=$2; shift 3
  local times=() cpus=() rss=() out args a started ended
  out=$(mktemp)
  args=()
  for a in "$@"; do args+=("${a//@OUT@/$out}"); done
  for _ in $(seq "$n"); do
    # Wall time from the shell's nanosecond clock (time -v's has 10 ms steps, too coarse for the sample's run).
    started=$(date +%s%N)
    if ! /usr/bin/time -v "${args[@]}" >/dev/null 2>"$out.time"; then
      echo "error: $* failed:" >&2
      tail -5 "$out.time" >&2
      rm -f "$out" "$out.time"
      t=0 c=0 m=0 got=FAILED
      return
    fi
    ended=$(date +%s%N)
    times+=("$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')")
    cpus+=("$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$out.time")")
    rss+=("$(grep 'Maximum resident set size' "$out.time" | awk -F': ' '{print int($2/1024)}')")
  done
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(repr(d$key))" "$out")
  t=$(printf '%s\n' "${times[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | median)
  rm -f "$out" "$out.time"
}

# measure NAME TARGET_S TARGET_MB EXPECT_KEY EXPECT_VALUE -- command... : one DetEval row (the report via --json)
measure() {
  local name=$1 target_s=$2 target_mb=$3 key=$4 expect=$5; shift 6
  timed "$runs" "$key" -- "$@" "${threads[@]}" --json @OUT@
  ours_t=$t ours_c=$c ours_m=$m ours_got=$got
  printf '%-22s %7.3f s (cpu %6.2f s, target %4s s) %6d MB (target %4s MB)  %s %s\n' "$name" "$t" "$c" "$target_s" "$m" \
    "$target_mb" "$( [ "$expect" = - ] && echo "(no reference):" || { [ "$got" = "$expect" ] && echo "equal:" || echo "DIFFERENT:"; })" "$got"
}

# peers IOU_TYPE GT DT [o365]: the peers' rows under the last DetEval row, with the ratios
peers() {
  local iou=$1 gt=$2 dt=$3 tool
  if [ -n "$peer_reason" ]; then
    printf '  %-20s skipped: %s\n' peers "$peer_reason"
    return
  fi
  if [ "${4:-}" = o365 ] && [ "${PEERS_O365:-0}" != 1 ]; then
    printf '  %-20s skipped: set PEERS_O365=1 (faster-coco-eval needs more memory than this shared machine has; pycocotools takes most of an hour)\n' peers
    return
  fi
  for tool in faster-coco-eval pycocotools; do
    timed "$peer_runs" "['AP']" -- env PEERS_DIR="$peers" /usr/bin/python3 "$bench/peer_eval.py" "$tool" "$iou" "$gt" "$dt" @OUT@
    printf '  %-20s %7.3f s (cpu %6.2f s)  %6d MB  %5.0fx time (%5.0fx cpu), %5.1fx memory  %s %s\n' "$tool" "$t" "$c" "$m" \
      "$(awk -v a="$t" -v b="$ours_t" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
      "$(awk -v a="$c" -v b="$ours_c" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
      "$(awk -v a="$m" -v b="$ours_m" 'BEGIN {print (b > 0 ? a / b : 0)}')" \
      "$( [ "$got" = "$ours_got" ] && echo "equal:" || echo "DIFFERENT:")" "$got"
  done
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB; load $(cut -d' ' -f1-3 /proc/loadavg)"
aot_label="Native AOT, IlcInstructionSet=${AOT_ISA-native}"
[ -n "${AOT_BIN:-}" ] && aot_label="Native AOT ($AOT_BIN)"
echo "deteval: $([ -n "$aot" ] && echo "$aot_label" || echo ReadyToRun)${THREADS:+, --threads $THREADS}; median of $runs runs, end-to-end process (read, match, accumulate, summary, JSON report)"
if [ -n "$peer_reason" ]; then echo "peers: skipped: $peer_reason"; else echo "peers: median of $peer_runs runs; $(tr '\n' ';' <"$peers/VERSIONS")"; fi

if has sample; then
  s=testdata/reference/small
  # ReadyToRun first, then the binary every other case times (AOT when it built), which the peers are compared with.
  if [ -n "$aot" ]; then
    measure "sample bbox (R2R)" 0.03 - "['stats']['AP']" 0.3834556281964702 -- "$r2r" coco --gt $s/gt.json --dt $s/dt_bbox.json -q
    measure "sample segm (R2R)" 0.05 - "['stats']['AP']" 0.3318995109098571 -- "$r2r" coco --gt $s/gt.json --dt $s/dt_segm.json --iou-type segm -q
  fi
  label=$([ -n "$aot" ] && echo AOT || echo R2R)
  measure "sample bbox ($label)" 0.03 - "['stats']['AP']" 0.3834556281964702 -- "$bin" coco --gt $s/gt.json --dt $s/dt_bbox.json -q
  peers bbox $s/gt.json $s/dt_bbox.json
  measure "sample segm ($label)" 0.05 - "['stats']['AP']" 0.3318995109098571 -- "$bin" coco --gt $s/gt.json --dt $s/dt_segm.json --iou-type segm -q
  peers segm $s/gt.json $s/dt_segm.json
fi
if has vallike; then
  v=$data/vallike
  # Reference: pycocotools (cocodataset/cocoapi@8c9bcc3) on this workload.
  measure "val-like bbox" 0.15 - "['stats']['AP']" 0.3931669187463341 -- "$bin" coco --gt "$v/gt.json" --dt "$v/dt_bbox.json" -q
  peers bbox "$v/gt.json" "$v/dt_bbox.json"
  measure "val-like segm" 0.5 - "['stats']['AP']" 0.3307702574679513 -- "$bin" coco --gt "$v/gt.json" --dt "$v/dt_segm.json" --iou-type segm -q
  peers segm "$v/gt.json" "$v/dt_segm.json"
fi
if has boundary; then
  # Boundary AP (issue 16); the anchors on one CPU: boundary-iou-api 62 s, faster-coco-eval 53 s, vernier 3.1 s.
  measure "coco boundary" 3.1 - "['stats']['AP']" - -- "$bin" coco --gt "$data/gt.json" --dt "$data/dt_segm.json" --iou-type boundary -q
fi
if has coco; then
  measure "coco bbox" 0.4 - "['stats']['AP']" 0.3984537336410139 -- "$bin" coco --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q
  peers bbox "$data/gt.json" "$data/dt_bbox.json"
  measure "coco segm" 0.8 - "['stats']['AP']" 0.3365528251562826 -- "$bin" coco --gt "$data/gt.json" --dt "$data/dt_segm.json" --iou-type segm -q
  peers segm "$data/gt.json" "$data/dt_segm.json"
fi
if has voc; then
  measure "voc all-point" 0.3 - "['mAP']" 0.6454668234903005 -- "$bin" voc --gt "$data/voc" --dt "$data/voc/results" --ap allpoint -q
  measure "voc 11-point" 0.3 - "['mAP']" - -- "$bin" voc --gt "$data/voc" --dt "$data/voc/results" --ap 11point -q
fi
if has o365; then
  o=$data/o365
  # No reference number yet: pycocotools on this workload is to be run once (PEERS_O365=1) and its AP put here.
  measure "o365 bbox" 3 1500 "['stats']['AP']" - -- "$bin" coco --gt "$o/gt.json" --dt "$o/dt_bbox.json" -q
  peers bbox "$o/gt.json" "$o/dt_bbox.json" o365
fi
if has keypoints; then
  kp="$data/keypoints"
  if [ ! -f "$kp/dt.json" ]; then
    echo "generating the keypoint workload into $kp..." >&2
    /usr/bin/python3 $tools/gen_keypoints.py --profile person --images 5000 --seed 11 --out-dir "$kp" >&2
  fi
  measure "coco keypoints" 1 - "['stats']['AP']" - -- "$bin" coco --iou-type keypoints --gt "$kp/gt.json" --dt "$kp/dt.json" -q
  peers keypoints "$kp/gt.json" "$kp/dt.json"
fi
if has lvis; then
  lv="$data/lvis"
  if [ ! -f "$lv/dt_bbox.json" ]; then
    echo "generating the LVIS workload into $lv (a while)..." >&2
    /usr/bin/python3 $tools/gen_lvis.py --images 400 --categories 1203 --dets-per-image 560 --seed 5 --out-dir "$lv/base" >&2
    /usr/bin/python3 - "$lv/base" "$lv" 50 <<'PY'
import json, sys
base, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
gt = json.load(open(base + "/gt.json")); dt = json.load(open(base + "/dt_bbox.json"))
step = max(i["id"] for i in gt["images"]) + 1; astep = max(a["id"] for a in gt["annotations"]) + 1
images, anns = [], []
for c in range(copies):
    images += [dict(i, id=i["id"] + c * step) for i in gt["images"]]
    anns += [dict(a, id=a["id"] + c * astep, image_id=a["image_id"] + c * step) for a in gt["annotations"]]
json.dump(dict(gt, images=images, annotations=anns), open(out + "/gt.json", "w"), separators=(",", ":"))
with open(out + "/dt_bbox.json", "w") as f:
    f.write("[")
    first = True
    for c in range(copies):
        for r in dt:
            f.write(("" if first else ",") + json.dumps(dict(r, image_id=r["image_id"] + c * step), separators=(",", ":")))
            first = False
    f.write("]")
PY
  fi
  measure "lvis bbox" 10 4000 "['stats']['AP']" - -- "$bin" lvis --iou-type bbox --gt "$lv/gt.json" --dt "$lv/dt_bbox.json" -q
fi
if has video; then
  if [ ! -d "$data/sav/gt" ]; then
    [ -f "$tools/gen_sav.py" ] || { echo "error: $tools/gen_sav.py not found; give a DATA_DIR that holds sav/gt and sav/pred" >&2; exit 2; }
    echo "generating the SA-V-sized video workload into $data/sav..." >&2
    /usr/bin/python3 tools/bench/sav_workload.py "$tools/gen_sav.py" "$data/sav" --videos 8 --objects 3 --frames 160 >&2
  fi
  # Reference: SAM 2's sav_evaluator.py (facebookresearch/sam2@2b90b9f, defaults) on this workload.
  measure "sam video J&F" - - "['J&F']" 0.9742793550415106 -- "$bin" sam --mode video --gt "$data/sav/gt" --pred "$data/sav/pred" -q
fi
if has tide; then
  measure "tide bbox" - - "['AP50']" - -- "$bin" tide --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q
  measure "tide segm" - - "['AP50']" - -- "$bin" tide --gt "$data/gt.json" --dt "$data/dt_segm.json" --iou-type segm -q
  measure "coco bootstrap" - - "['stats']['AP']" 0.3984537336410139 -- "$bin" coco --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q --bootstrap 1000 --seed 0
fi
if has dota; then
  # 2,000 images, 15 classes, 24,270 objects, 39,956 detections; the reference is the DOTA devkit (voc_eval with a
  # stable sort, AP 0 for the empty helicopter file where it crashes): 14 classes equal bit for bit, and this mAP.
  measure "dota 11-point" - - "['mAP']" 0.6310003744696433 -- "$bin" dota --gt "$data/dota/labelTxt" --dt "$data/dota/results" -q
  measure "dota exact" - - "['mAP']" 0.6310003744696433 -- "$bin" dota --gt "$data/dota/labelTxt" --dt "$data/dota/results" --iou-mode exact -q
fi
if has html; then
  out="$pub/html"
  "$bin" coco --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q --no-plots --out "$out" --timings 2>&1 >/dev/null | grep -E '^(read|match|accumulate|write)'
  echo "report.html: $(( $(stat -c %s "$out/report.html") / 1024 )) KB (target under 10 MB, written in under 1 s)"
fi
if has concept; then
  # cg, not c: timed sets c (the CPU median) after the first case.
  cg="$data/cgf1"
  if [ ! -f "$cg/dt.json" ]; then
    [ -f "$tools/gen_cgf1.py" ] || { echo "error: $tools/gen_cgf1.py not found; give a DATA_DIR whose cgf1/ holds gt.json, gt_b.json, gt_c.json and dt.json" >&2; exit 2; }
    echo "generating the concept workload into $cg (a few minutes)..." >&2
    /usr/bin/python3 "$tools/gen_cgf1.py" --profile medium --pictures 5000 --seed 42 --out-dir "$cg" >&2
  fi
  # Reference: sam3's CGF1Evaluator (facebookresearch/sam3@99d02f2, pycocotools ac87f50, scipy 1.10.1) on this workload.
  measure "concept segm" - - "['cgF1']" 0.24024144805518305 -- "$bin" sam --mode concept --gt "$cg/gt.json" --dt "$cg/dt.json" -q
  measure "concept oracle" - - "['cgF1']" 0.2634512006799508 -- \
    "$bin" sam --mode concept --gt "$cg/gt.json" --gt "$cg/gt_b.json" --gt "$cg/gt_c.json" --dt "$cg/dt.json" -q
  measure "concept bbox" - - "['cgF1']" 0.26015587347246305 -- \
    "$bin" sam --mode concept --gt "$cg/gt.json" --gt "$cg/gt_b.json" --gt "$cg/gt_c.json" --dt "$cg/dt.json" --iou-type bbox -q
fi
