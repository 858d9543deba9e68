#!/usr/bin/env bash
# End-to-end benchmark of the published `deteval` on the COCO-sized synthetic workload (issue 6; TIDE and the
# bootstrap: issue 18).
# Prints, per task, the median wall time and peak RSS of N runs (/usr/bin/time -v), the target, and
# whether the numbers equal the reference's.
#
#   tools/bench/run.sh [DATA_DIR] [RUNS] [CASES]
#
# DATA_DIR (default: $TMPDIR/deteval-bench) receives the workload, generated once with the shared
# generators (needs Debian's python3-numpy: apt-get install python3-numpy). RUNS defaults to 5.
# CASES is a comma-separated subset of coco,voc,keypoints,lvis,video,tide,dota,concept (default: coco,voc):
#   tide       TIDE bbox and segm, and coco --bootstrap 1000, on the COCO-sized workload
#   keypoints  COCO-person-sized keypoint case: gen_keypoints.py --profile person, 5,000 images
#   lvis       LVIS-sized case: 20,000 images, 1,203 categories, 300 results per image (bbox). gen_lvis.py makes
#              400 images with up to 560 results each (its segm rasterisation is too slow for 6 million results),
#              then the images are repeated 50 times under new image and annotation ids.
#   video      SAM 2 video J&F: DATA_DIR/sav made by tools/bench/sav_workload.py from gen_sav.py
#              (8 videos x 3 objects x 40 annotated 1280x720 frames, about 10 minutes to generate)
#   dota       DOTA Task1: 2,000 images from gen_dota.py in DATA_DIR/dota (about 20 seconds to generate)
#   concept    SAM 3 cgF1: DATA_DIR/cgf1 made by gen_cgf1.py --profile medium, 5,000 pictures (21,599
#              image-phrase pairs, 80,683 masks over three annotators, 38,582 predictions; about 100 s of CPU to
#              generate); one annotator, the oracle, and the oracle on boxes
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-${TMPDIR:-/tmp}/deteval-bench}
runs=${2:-5}
cases=",${3:-coco,voc},"
gen=../shared/tools/gen_dataset.py
gen_sav=../shared/tools/gen_sav.py
gen_dota=../shared/tools/gen_dota.py
gen_cgf1=../shared/tools/gen_cgf1.py

if [[ $cases == *,coco,* || $cases == *,voc,* || $cases == *,tide,* ]] && [ ! -f "$data/dt_segm.json" ]; then
  [ -f "$gen" ] || { echo "error: $gen not found; give a DATA_DIR that holds gt.json, dt_bbox.json, dt_segm.json and voc/" >&2; exit 2; }
  echo "generating the workload into $data (about 5 minutes)..." >&2
  /usr/bin/python3 "$gen" --images 5000 --categories 80 --gt-per-image 7 --dets-per-image 100 \
    --fill-prob 1.0 --seed 42 --voc --out-dir "$data" >&2
fi

if [[ $cases == *,dota,* ]] && [ ! -f "$data/dota/valset.txt" ]; then
  [ -f "$gen_dota" ] || { echo "error: $gen_dota not found; give a DATA_DIR whose dota/ holds labelTxt/ and results/" >&2; exit 2; }
  echo "generating the DOTA workload into $data/dota (about 20 seconds)..." >&2
  /usr/bin/python3 "$gen_dota" --images 2000 --classes 15 --seed 42 --out-dir "$data/dota" >&2
fi

pub=$(mktemp -d)
trap 'rm -rf "$pub"' EXIT
dotnet publish src/DetEval.Cli -c Release -r linux-x64 --self-contained false -o "$pub" >/dev/null
# The published apphost is named after the assembly (DetEval.Cli); `deteval` is the name of the packed tool.
bin="$pub/DetEval.Cli"
[ -x "$pub/deteval" ] && bin="$pub/deteval"

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
if [[ $cases == *,video,* ]]; then
  if [ ! -d "$data/sav/gt" ]; then
    [ -f "$gen_sav" ] || { echo "error: $gen_sav not found; give a DATA_DIR that holds sav/gt and sav/pred" >&2; exit 2; }
    echo "generating the SA-V-sized video workload into $data/sav..." >&2
    /usr/bin/python3 tools/bench/sav_workload.py "$gen_sav" "$data/sav" --videos 8 --objects 3 --frames 160 >&2
  fi
  # Reference: SAM 2's sav_evaluator.py (facebookresearch/sam2@2b90b9f, defaults) on this workload.
  measure "sam video J&F" - - "['J&F']" 0.9742793550415106 -- \
    "$bin" sam --mode video --gt "$data/sav/gt" --pred "$data/sav/pred" -q
fi
if [[ $cases == *,coco,* ]]; then
measure "coco bbox" 1.5 600 "['stats']['AP']" 0.3984537336410139 -- \
  "$bin" coco --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q
measure "coco segm" 3 900 "['stats']['AP']" 0.3365528251562826 -- \
  "$bin" coco --gt "$data/gt.json" --dt "$data/dt_segm.json" --iou-type segm -q
fi
if [[ $cases == *,voc,* ]]; then
measure "voc all-point" 1 - "['mAP']" 0.6454668234903005 -- \
  "$bin" voc --gt "$data/voc" --dt "$data/voc/results" --ap allpoint -q
measure "voc 11-point" 1 - "['mAP']" - -- \
  "$bin" voc --gt "$data/voc" --dt "$data/voc/results" --ap 11point -q
fi
if [[ $cases == *,keypoints,* ]]; then
  kp="$data/keypoints"
  if [ ! -f "$kp/dt.json" ]; then
    echo "generating the keypoint workload into $kp..." >&2
    /usr/bin/python3 ../shared/tools/gen_keypoints.py --profile person --images 5000 --seed 11 --out-dir "$kp" >&2
  fi
  measure "coco keypoints" 1 - "['stats']['AP']" - -- \
    "$bin" coco --iou-type keypoints --gt "$kp/gt.json" --dt "$kp/dt.json" -q
fi
if [[ $cases == *,lvis,* ]]; then
  lv="$data/lvis"
  if [ ! -f "$lv/dt_bbox.json" ]; then
    echo "generating the LVIS workload into $lv (a while)..." >&2
    /usr/bin/python3 ../shared/tools/gen_lvis.py --images 400 --categories 1203 --dets-per-image 560 --seed 5 --out-dir "$lv/base" >&2
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
  measure "lvis bbox" 10 4000 "['stats']['AP']" - -- \
    "$bin" lvis --iou-type bbox --gt "$lv/gt.json" --dt "$lv/dt_bbox.json" -q
fi
if [[ $cases == *,dota,* ]]; then
# 2,000 images, 15 classes, 24,270 objects, 39,956 detections; the reference is the DOTA devkit (voc_eval with a stable
# sort, AP 0 for the empty helicopter file where it crashes): 14 classes equal bit for bit, and this mAP.
measure "dota 11-point" - - "['mAP']" 0.6310003744696433 -- \
  "$bin" dota --gt "$data/dota/labelTxt" --dt "$data/dota/results" -q
measure "dota exact" - - "['mAP']" 0.6310003744696433 -- \
  "$bin" dota --gt "$data/dota/labelTxt" --dt "$data/dota/results" --iou-mode exact -q
fi
if [[ $cases == *,tide,* ]]; then
measure "tide bbox" - - "['AP50']" - -- \
  "$bin" tide --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q
measure "tide segm" - - "['AP50']" - -- \
  "$bin" tide --gt "$data/gt.json" --dt "$data/dt_segm.json" --iou-type segm -q
measure "coco bootstrap" - - "['stats']['AP']" 0.3984537336410139 -- \
  "$bin" coco --gt "$data/gt.json" --dt "$data/dt_bbox.json" -q --bootstrap 1000 --seed 0
fi
if [[ $cases == *,concept,* ]]; then
  c="$data/cgf1"
  if [ ! -f "$c/dt.json" ]; then
    [ -f "$gen_cgf1" ] || { echo "error: $gen_cgf1 not found; give a DATA_DIR whose cgf1/ holds gt.json, gt_b.json, gt_c.json and dt.json" >&2; exit 2; }
    echo "generating the concept workload into $c (a few minutes)..." >&2
    /usr/bin/python3 "$gen_cgf1" --profile medium --pictures 5000 --seed 42 --out-dir "$c" >&2
  fi
  # Reference: sam3's CGF1Evaluator (facebookresearch/sam3@99d02f2, pycocotools ac87f50, scipy 1.10.1) on this workload.
  measure "concept segm" - - "['cgF1']" 0.24024144805518305 -- \
    "$bin" sam --mode concept --gt "$c/gt.json" --dt "$c/dt.json" -q
  measure "concept oracle" - - "['cgF1']" 0.2634512006799508 -- \
    "$bin" sam --mode concept --gt "$c/gt.json" --gt "$c/gt_b.json" --gt "$c/gt_c.json" --dt "$c/dt.json" -q
  measure "concept bbox" - - "['cgF1']" 0.26015587347246305 -- \
    "$bin" sam --mode concept --gt "$c/gt.json" --gt "$c/gt_b.json" --gt "$c/gt_c.json" --dt "$c/dt.json" --iou-type bbox -q
fi
