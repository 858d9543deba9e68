#!/usr/bin/env python3
"""Writes a large COCO results file for the memory test in docs/robustness.md (never commit its output).

usage: python3 tools/BigResults/make_big_results.py OUT.json [GB=2] [PADDING=2000]
Detections are on the images of testdata/external/detectron2-coco-mini/gt.json; each carries a "padding" string of
PADDING bytes, so the file is large while the number of detections stays ~GB*1e9/(PADDING+120).
"""
import random, sys

out = sys.argv[1]
target = float(sys.argv[2] if len(sys.argv) > 2 else 2) * 1e9
padding = int(sys.argv[3] if len(sys.argv) > 3 else 2000)
rng = random.Random(1)
pad = "x" * padding
written, n = 0, 0
with open(out, "w") as f:
    f.write("[\n")
    while written < target:
        image, cat = rng.choice([(139, 1), (285, 1), (139, 65)])
        x, y, w, h = rng.uniform(0, 400), rng.uniform(0, 300), rng.uniform(5, 200), rng.uniform(5, 200)
        line = ('{"image_id": %d, "category_id": %d, "bbox": [%.2f, %.2f, %.2f, %.2f], "score": %.6f, "padding": "%s"}'
                % (image, cat, x, y, w, h, rng.random(), pad))
        f.write((",\n" if n else "") + line)
        written += len(line) + 2
        n += 1
    f.write("\n]\n")
print(f"{n} detections, {written / 1e9:.2f} GB")
