#!/usr/bin/env python3
"""An SA-V-sized video workload for tools/bench/run.sh, built from the shared generator's pieces.

    sav_workload.py GEN_SAV_PY OUT_DIR [--videos 16] [--objects 3] [--frames 160] [--height 720] [--width 1280]

Imports shared/tools/gen_sav.py (its Shape, Obj, Video and good_pred) and writes OUT_DIR/gt and OUT_DIR/pred in
the SA-V layout: per video, OBJECTS objects moving over FRAMES frames at 24 fps, ground truth every 4th frame,
predictions at the annotated frames only (the evaluator reads no other frame), palette 0/1 PNGs as SAM 2 writes
them. Seeded: the output is a pure function of the arguments.
"""
import argparse
import importlib.util
import os

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("gen_sav")
ap.add_argument("out_dir")
ap.add_argument("--videos", type=int, default=16)
ap.add_argument("--objects", type=int, default=3)
ap.add_argument("--frames", type=int, default=160)
ap.add_argument("--height", type=int, default=720)
ap.add_argument("--width", type=int, default=1280)
ap.add_argument("--seed", type=int, default=16)
a = ap.parse_args()

spec = importlib.util.spec_from_file_location("gen_sav", a.gen_sav)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)

rng = np.random.default_rng(a.seed)
for v in range(a.videos):
    video = gen.Video("sav_%06d" % (v + 1), a.height, a.width, a.frames, pred_every_frame=False)
    for k in range(a.objects):
        shape = gen.Shape(rng, a.height, a.width, speed=2.0)
        video.objs.append(gen.Obj("%03d" % k, shape.mask, gen.good_pred(rng, shape, jitter=4, dr=4)))
    video.write(os.path.join(a.out_dir, "gt"), os.path.join(a.out_dir, "pred"))
    print(video.name, flush=True)
