#!/usr/bin/env bash
# Runs a Native AOT build of `deteval` over the paths that trimming could break: JSON reports, PNG decoding
# (ImageSharp, SAM 2 video and SAM's automatic-mask folders) and plotting (ScottPlot/SkiaSharp with --out), and
# checks the numbers against the reference values in testdata.
#
#   tools/bench/aot-smoke.sh [DETEVAL_BINARY]   (default: publishes one into a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bin=${1:-}
if [ -z "$bin" ]; then
  dotnet publish src/DetEval.Cli -c Release -r linux-x64 -p:PublishAot=true -o "$tmp/aot" >/dev/null
  bin="$tmp/aot/deteval"
fi
fail=0
check() { # NAME JSON KEY EXPECTED
  local got
  got=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(repr(d$3))" "$2")
  if [ "$got" = "$4" ]; then echo "ok    $1: $got"; else echo "FAIL  $1: $got, expected $4"; fail=1; fi
}
s=testdata/reference/small
"$bin" coco --gt $s/gt.json --dt $s/dt_bbox.json -q --json "$tmp/bbox.json" >/dev/null
check "coco bbox" "$tmp/bbox.json" "['stats']['AP']" 0.3834556281964702
"$bin" coco --gt $s/gt.json --dt $s/dt_segm.json --iou-type segm -q --json "$tmp/segm.json" --out "$tmp/out" >/dev/null
check "coco segm" "$tmp/segm.json" "['stats']['AP']" 0.3318995109098571
pngs=$(find "$tmp/out" -name '*.png' | wc -l)
if [ "$pngs" -gt 0 ]; then echo "ok    coco --out: $pngs plots"; else echo "FAIL  coco --out wrote no plot"; fail=1; fi
"$bin" voc --gt $s/voc --dt $s/voc/results -q --json "$tmp/voc.json" >/dev/null
check "voc 11-point" "$tmp/voc.json" "['mAP']" 0.6375696539871741
v=testdata/reference/sav-small/sav
"$bin" sam --mode video --gt $v/gt --pred $v/pred -q --json "$tmp/sav.json" >/dev/null
check "sam video (PNG)" "$tmp/sav.json" "['J&F']" 0.7383568905008994
m=testdata/reference/sam-small
"$bin" sam --mode auto --gt $m/gt_sa1b --pred $m/pred_png -q --json "$tmp/auto.json" >/dev/null && echo "ok    sam auto (PNG folders)" || { echo "FAIL  sam auto (PNG folders)"; fail=1; }
exit $fail
