#!/usr/bin/env bash
# Runs every case of testdata/bad/cases.json, and a set of generated bombs (never committed), through the published
# CLI under /usr/bin/time, and prints exit code, wall time and peak RSS per case. A case fails when it does not exit
# with 2, prints more than one line, or takes more than 10 s or 1 GB (header-level bombs: 5 s and 500 MB).
# Usage: tools/bad-inputs/check.sh            (from anywhere in the repository)
#        BOMB_MB=600 tools/bad-inputs/check.sh (size of the large generated JSON inputs, default 600)
#        DETEVAL=path/to/DetEval.Cli tools/bad-inputs/check.sh (an already published CLI)
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "${DETEVAL:-}" ]; then
  MSBUILDDISABLENODEREUSE=1 dotnet publish src/DetEval.Cli/DetEval.Cli.csproj -c Release -o "$work/cli" >/dev/null
  DETEVAL="$work/cli/DetEval.Cli"
fi
BOMB_MB=${BOMB_MB:-600} DETEVAL="$DETEVAL" WORK="$work" python3 - <<'PY'
import json, os, struct, subprocess, sys, zlib

cli, work, bomb_mb = os.environ["DETEVAL"], os.environ["WORK"], int(os.environ["BOMB_MB"])
bad = os.path.join("testdata", "bad")
rows = []


def run(name, args, limit_s, limit_mb, must_name=None):
    out = os.path.join(work, "out")
    if os.path.isdir(out):
        subprocess.run(["rm", "-rf", out], check=True)
    args = [a.replace("{out}", out) for a in args]
    stats = os.path.join(work, "time.txt")
    p = subprocess.run(["/usr/bin/time", "-o", stats, "-f", "%e %M", cli, *args], capture_output=True, text=True)
    seconds, kb = open(stats).read().split()[-2:]
    seconds, mb = float(seconds), int(kb) / 1024
    lines = [l for l in p.stderr.splitlines() if l.strip()]
    problems = []
    if p.returncode != 2:
        problems.append(f"exit {p.returncode}")
    if len(lines) != 1 or not lines[0].startswith("error: ") or "   at " in p.stderr:
        problems.append(f"{len(lines)} stderr lines")
    if must_name and lines and must_name not in lines[0]:
        problems.append(f"'{must_name}' not named")
    if p.stdout.strip():
        problems.append("printed a result")
    if seconds > limit_s or mb > limit_mb:
        problems.append(f"over {limit_s} s / {limit_mb} MB")
    if os.path.isdir(out) and any(files for _, _, files in os.walk(out)):
        problems.append("left output behind")
    rows.append((name, p.returncode, seconds, mb, problems, lines[0] if lines else ""))


def rel(a):
    return os.path.join(bad, a) if "/" in a and not a.startswith("-") and not a.startswith("/") and "{out}" not in a else a


for c in json.load(open(os.path.join(bad, "cases.json"))):
    run(c["name"], [rel(a) for a in c["args"]], 10, 1024, c["file"])

# ---- generated bombs ----
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, raw_rows=16):
    # A header far above the image's size over 12 KB of compressed zeros: refused from the header, never inflated.
    body = zlib.compress(b"\x00" * (raw_rows * (width + 1)), 9)[:12000]
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


samgt = os.path.join(bad, "companions", "sam", "gt")
meta_header = "id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h"
meta_row = "{},4223,54,69,88,85,123.703125,120.3125,0.92,0.93,0,0,273,308"
d = os.path.join(work, "png-bombs", "sa_86563")
os.makedirs(d)
with open(os.path.join(d, "metadata.csv"), "w") as f:
    f.write(meta_header + "\n" + "".join(meta_row.format(i) + "\n" for i in range(10)))
for i in range(10):
    open(os.path.join(d, f"{i}.png"), "wb").write(png(9999, 9999))
run("bomb/ten-png-headers-far-above-the-image", ["sam", "--mode", "auto", "--gt", samgt, "--pred", os.path.dirname(d), "--json", "{out}/r.json"], 5, 500, "0.png")
d2 = os.path.join(work, "png-limit", "sa_86563")
os.makedirs(d2)
open(os.path.join(d2, "metadata.csv"), "w").write(meta_header + "\n" + meta_row.format(0) + "\n")
open(os.path.join(d2, "0.png"), "wb").write(png(100000, 100000))
run("bomb/png-header-10-gigapixels", ["sam", "--mode", "auto", "--gt", samgt, "--pred", os.path.dirname(d2), "--json", "{out}/r.json"], 5, 500, "0.png")

# deep XML: 10^5 nested elements (quadratic in a recursive parser)
voc = os.path.join(work, "voc")
os.makedirs(os.path.join(voc, "Annotations"))
os.makedirs(os.path.join(voc, "ImageSets", "Main"))
open(os.path.join(voc, "ImageSets", "Main", "test.txt"), "w").write("deep\n")
open(os.path.join(voc, "Annotations", "deep.xml"), "w").write("<annotation>" + "<a>" * 100000 + "</a>" * 100000 + "</annotation>\n")
vocdt = os.path.join(bad, "companions", "voc", "results")
run("bomb/xml-100000-levels", ["voc", "--gt", voc, "--dt", vocdt, "--json", "{out}/r.json"], 5, 500, "deep.xml")

# endless devices where VOC files are expected
for device in ["/dev/zero", "/dev/urandom"]:
    name = os.path.basename(device)
    root = os.path.join(work, "voc-" + name)
    os.makedirs(os.path.join(root, "Annotations"))
    os.makedirs(os.path.join(root, "ImageSets", "Main"))
    open(os.path.join(root, "ImageSets", "Main", "test.txt"), "w").write("img1\n")
    os.symlink(device, os.path.join(root, "Annotations", "img1.xml"))
    run(f"bomb/voc-annotation-{name}", ["voc", "--gt", root, "--dt", vocdt, "--json", "{out}/r.json"], 5, 500, "img1.xml")
    res = os.path.join(work, "res-" + name)
    os.makedirs(res)
    os.symlink(device, os.path.join(res, "comp4_det_test_dog.txt"))
    open(os.path.join(res, "comp4_det_test_cat.txt"), "w").write("img1 0.8 50 21 88 70\n")
    run(f"bomb/voc-results-{name}", ["voc", "--gt", os.path.join(bad, "companions", "voc"), "--dt", res, "--json", "{out}/r.json"], 5, 500, "comp4_det_test_dog.txt")
    run(f"bomb/voc-image-set-{name}", ["voc", "--gt", os.path.join(bad, "companions", "voc"), "--dt", vocdt, "--image-set", device, "--json", "{out}/r.json"], 5, 500, device)
    run(f"bomb/coco-results-{name}", ["coco", "--gt", os.path.join(bad, "companions", "coco", "gt.json"), "--dt", device, "--json", "{out}/r.json"], 5, 500, device)

# large JSON: an unused value, a wrong-typed value, a truncated prompts file (BOMB_MB each)
gt = json.load(open(os.path.join(bad, "companions", "coco", "gt.json")))
dt = os.path.join(bad, "companions", "coco", "results.json")
filler = '"' + "x" * (1 << 20) + '"'
def big_json(path, before, after):
    with open(path, "w") as f:
        f.write(before)
        for i in range(bomb_mb):
            f.write(("," if i else "") + filler)
        f.write(after)
big = os.path.join(work, "big.json")
rest = json.dumps({k: v for k, v in gt.items()})[1:]
big_json(big, '{"unused": [', "], " + rest[:-1] + ', "annotations": 7}')
run(f"bomb/coco-gt-{bomb_mb}mb-unused-value-then-bad", ["coco", "--gt", big, "--dt", dt, "--json", "{out}/r.json"], 10, 1024, "big.json")
big_json(big, '{"images": {"a": [', "]}, " + rest)
run(f"bomb/coco-gt-{bomb_mb}mb-images-object", ["coco", "--gt", big, "--dt", dt, "--json", "{out}/r.json"], 5, 500, "big.json")
prompt = dict(json.load(open(os.path.join("testdata", "reference", "sam-small", "prompts.json")))[0], padding="x" * (1 << 20))
with open(big, "w") as f:
    f.write("[")
    for i in range(bomb_mb):
        f.write(("," if i else "") + json.dumps(prompt))
    f.write(',{"image_id": 86563, "gt_id"')
run(f"bomb/sam-prompts-{bomb_mb}mb-truncated", ["sam", "--mode", "prompt", "--gt", samgt, "--pred", big, "--json", "{out}/r.json"], 10, 1024, "big.json")
os.remove(big)

failed = 0
width = max(len(r[0]) for r in rows)
for name, code, seconds, mb, problems, line in rows:
    failed += bool(problems)
    print(f"{name:<{width}}  exit {code}  {seconds:6.2f} s  {mb:7.1f} MB  {'FAIL: ' + ', '.join(problems) if problems else 'ok'}")
print(f"{len(rows)} cases, {failed} failed; worst time {max(r[2] for r in rows):.2f} s, worst peak RSS {max(r[3] for r in rows):.1f} MB")
sys.exit(1 if failed else 0)
PY
