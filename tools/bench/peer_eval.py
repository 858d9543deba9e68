"""Runs one COCO evaluation with a peer tool, for tools/bench/run.sh to time beside DetEval.

    python3 peer_eval.py pycocotools|faster-coco-eval bbox|segm GT.json DT.json OUT.json

The peer is imported from PEERS_DIR (built by tools/bench/build-peers.sh). Writes {"AP": stats[0], "stats": [...]}
so run.sh compares it with DetEval's AP by repr. The whole flow is timed: load GT, load results, evaluate,
accumulate, summarize, as a user of each tool runs it.
"""
import contextlib
import io
import json
import os
import sys

tool, iou_type, gt_path, dt_path, out_path = sys.argv[1:6]
peers = os.environ["PEERS_DIR"]
if tool == "pycocotools":
    import numpy as np

    # cocoapi@8c9bcc3 still spells np.float, an alias of the builtin float that numpy 1.24 removed; restoring the
    # alias changes no number.
    if not hasattr(np, "float"):
        np.float = float
    sys.path.insert(0, os.path.join(peers, "cocoapi", "PythonAPI"))
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval as Evaluator
elif tool == "faster-coco-eval":
    sys.path.insert(0, os.path.join(peers, "faster_coco_eval"))
    from faster_coco_eval import COCO
    from faster_coco_eval import COCOeval_faster as Evaluator
else:
    sys.exit("unknown tool " + tool)

with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(gt_path)
    dt = gt.loadRes(dt_path)
    ev = Evaluator(gt, dt, iou_type)
    ev.evaluate()
    ev.accumulate()
    ev.summarize()
stats = [float(s) for s in ev.stats]
with open(out_path, "w") as f:
    json.dump({"AP": stats[0], "stats": stats}, f)
