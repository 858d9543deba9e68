#!/usr/bin/env bash
# Builds the two peer evaluators that tools/bench/run.sh times beside DetEval, from their public sources:
# pycocotools (cocodataset/cocoapi, PythonAPI) and faster-coco-eval (MiXaiLL76/faster_coco_eval).
#
#   PEERS_DIR=DIR COCOAPI_SRC=GIT_DIR FCE_SRC=GIT_DIR tools/bench/build-peers.sh
#
# PEERS_DIR     a folder outside the repository that receives the sources and the built extensions
#               (run.sh reads the same variable).
# COCOAPI_SRC   a git directory (bare or not) of github.com/cocodataset/cocoapi
# FCE_SRC       a git directory of github.com/MiXaiLL76/faster_coco_eval
#
# Needs Debian's python3-dev, cython3, python3-numpy, python3-pybind11, python3-matplotlib (pycocotools
# imports it) and a C/C++ compiler: apt-get install cython3 python3-numpy python3-pybind11 python3-matplotlib g++.
# Nothing here is copied into the repository; PEERS_DIR/VERSIONS records the commits built.
set -euo pipefail
: "${PEERS_DIR:?set PEERS_DIR to a folder outside the repository}"
: "${COCOAPI_SRC:?set COCOAPI_SRC to a git directory of cocodataset/cocoapi}"
: "${FCE_SRC:?set FCE_SRC to a git directory of MiXaiLL76/faster_coco_eval}"
py=/usr/bin/python3
for m in numpy pybind11 matplotlib; do
  "$py" -c "import $m" 2>/dev/null || { echo "error: $py cannot import $m (apt-get install python3-$m)" >&2; exit 2; }
done
command -v cython3 >/dev/null || { echo "error: cython3 not found (apt-get install cython3)" >&2; exit 2; }

mkdir -p "$PEERS_DIR"
PEERS_DIR=$(cd "$PEERS_DIR" && pwd)
export_tree() { # GIT_DIR DEST PATH... (only the paths the build needs: a mirror may lack large example files)
  local src=$1 dest=$2; shift 2
  rm -rf "$dest" && mkdir -p "$dest"
  GIT_INDEX_FILE="$dest.index" git --git-dir="$src" --work-tree="$dest" checkout HEAD -- "$@"
  rm -f "$dest.index"
}

# pycocotools: the Cython extension over the C mask API, built in place.
export_tree "$COCOAPI_SRC" "$PEERS_DIR/cocoapi" PythonAPI common license.txt
( cd "$PEERS_DIR/cocoapi/PythonAPI" && CYTHON=cython3 "$py" setup.py build_ext --inplace >"$PEERS_DIR/cocoapi-build.log" 2>&1 ) ||
  { echo "error: pycocotools did not build; see $PEERS_DIR/cocoapi-build.log" >&2; exit 1; }

# faster-coco-eval: two pybind11 extensions (the evaluator and the mask API), built in place.
export_tree "$FCE_SRC" "$PEERS_DIR/faster_coco_eval" csrc faster_coco_eval requirements setup.py README.md LICENSE
( cd "$PEERS_DIR/faster_coco_eval" && "$py" setup.py build_ext --inplace >"$PEERS_DIR/fce-build.log" 2>&1 ) ||
  { echo "error: faster-coco-eval did not build; see $PEERS_DIR/fce-build.log" >&2; exit 1; }

{
  echo "pycocotools $(git --git-dir="$COCOAPI_SRC" rev-parse HEAD)"
  echo "faster-coco-eval $(git --git-dir="$FCE_SRC" rev-parse HEAD) ($(cd "$PEERS_DIR/faster_coco_eval" && "$py" -c 'import faster_coco_eval as f; print(f.__version__)'))"
  echo "python $("$py" -c 'import sys, numpy; print(sys.version.split()[0], "numpy", numpy.__version__)')"
} >"$PEERS_DIR/VERSIONS"
( cd "$PEERS_DIR/cocoapi/PythonAPI" && "$py" -c 'import pycocotools.cocoeval' )
cat "$PEERS_DIR/VERSIONS"
