#!/usr/bin/env python3
"""Writes testdata/bad/: tiny valid companions, one bad input per case, and cases.json.

Run from the repository root: python3 tools/bad-inputs/make_bad_cases.py
Every case is a command line (paths relative to testdata/bad/, "{out}" is a fresh temporary folder),
the file the one-line error must name, and substrings it must contain (the place and the problem).
"""
import json, os, shutil, struct, sys, zlib

ROOT = os.path.join("testdata", "bad")
cases = []


def write(rel, data, mode="w"):
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, mode + ("b" if isinstance(data, bytes) else "")) as f:
        f.write(data)
    return rel


def case(name, args, file, *expect):
    cases.append({"name": name, "args": args, "file": file, "expect": list(expect)})


if os.path.isdir(ROOT):
    shutil.rmtree(ROOT)

# ---- companions: small valid inputs copied from testdata or written here ----
shutil.copytree("testdata/external/detectron2-coco-mini", os.path.join(ROOT, "companions/coco"),
                ignore=shutil.ignore_patterns("README.md", "expected.json"))
GT = "companions/coco/gt.json"
DT = "companions/coco/results.json"
os.makedirs(os.path.join(ROOT, "companions/sam/gt"))
shutil.copy("testdata/reference/sam-small/gt_sa1b/sa_86563.json", os.path.join(ROOT, "companions/sam/gt/"))
SAMGT = "companions/sam/gt"
PNG = open("testdata/reference/sam-small/pred_png/sa_86563/0.png", "rb").read()
META_HEADER = "id,area,bbox_x0,bbox_y0,bbox_w,bbox_h,point_input_x,point_input_y,predicted_iou,stability_score,crop_box_x0,crop_box_y0,crop_box_w,crop_box_h"
META_ROW = "0,4223,54,69,88,85,123.703125,120.3125,0.9208243489265442,0.9391194581985474,0,0,273,308"
RLE_ITEM = json.load(open("testdata/reference/sam-small/pred_rle/sa_86563.json"))[0]

VOC_XML = """<annotation>
\t<filename>img1.jpg</filename>
\t<size>
\t\t<width>100</width>
\t\t<height>80</height>
\t\t<depth>3</depth>
\t</size>
\t<object>
\t\t<name>dog</name>
\t\t<difficult>0</difficult>
\t\t<bndbox>
\t\t\t<xmin>10</xmin>
\t\t\t<ymin>12</ymin>
\t\t\t<xmax>40</xmax>
\t\t\t<ymax>50</ymax>
\t\t</bndbox>
\t</object>
\t<object>
\t\t<name>cat</name>
\t\t<difficult>0</difficult>
\t\t<bndbox>
\t\t\t<xmin>50</xmin>
\t\t\t<ymin>20</ymin>
\t\t\t<xmax>90</xmax>
\t\t\t<ymax>70</ymax>
\t\t</bndbox>
\t</object>
</annotation>
"""
write("companions/voc/Annotations/img1.xml", VOC_XML)
write("companions/voc/ImageSets/Main/test.txt", "img1\n")
write("companions/voc/results/comp4_det_test_dog.txt", "img1 0.9 11 12 40 49\nimg1 0.3 60 20 80 60\n")
write("companions/voc/results/comp4_det_test_cat.txt", "img1 0.8 50 21 88 70\n")
VOC = "companions/voc"
VOCDT = "companions/voc/results"
write("companions/text/gt/img1.txt", "dog 10 12 40 50\ncat 50 20 90 70 0\n")
write("companions/text/dt/img1.txt", "dog 0.9 11 12 40 49\ncat 0.8 50 21 88 70\n")
TGT, TDT = "companions/text/gt", "companions/text/dt"

# ---- COCO ground truth ----
MINI_GT = {
    "images": [{"id": 1, "width": 100, "height": 80, "file_name": "a.jpg"}, {"id": 2, "width": 64, "height": 48, "file_name": "b.jpg"}],
    "categories": [{"id": 1, "name": "dog"}, {"id": 2, "name": "cat"}],
    "annotations": [
        {"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "iscrowd": 0},
        {"id": 2, "image_id": 2, "category_id": 2, "bbox": [5, 5, 30, 10], "area": 300, "iscrowd": 0,
         "segmentation": [[5, 5, 35, 5, 35, 15, 5, 15]]},
    ],
}


def gt_text(mutate=None):
    g = json.loads(json.dumps(MINI_GT))
    if mutate:
        mutate(g)
    return json.dumps(g, indent=1)


def coco_gt(name, text, *expect, iou="bbox"):
    rel = write(f"coco-gt/{name}.json", text)
    case(f"coco-gt/{name}", ["coco", "--gt", rel, "--dt", "companions/coco/mini-results.json", "--iou-type", iou, "--json", "{out}/report.json"], f"{name}.json", *expect)


write("companions/coco/mini-results.json", json.dumps([
    {"image_id": 1, "category_id": 1, "bbox": [11, 10, 20, 19], "score": 0.9},
    {"image_id": 2, "category_id": 2, "bbox": [5, 6, 30, 10], "score": 0.8}], indent=1))
good = gt_text()
coco_gt("truncated", good[: len(good) // 2], "line", "unexpected end of file")
coco_gt("empty", "", "the file is empty")
coco_gt("not-an-object", "[1, 2, 3]\n", "$", "expected a COCO ground-truth object")
coco_gt("no-images", json.dumps({"categories": [], "annotations": []}), "$", "missing \"images\"")
coco_gt("bbox-nan-literal", good.replace('"bbox": [\n    10,', '"bbox": [\n    NaN,', 1), "line 32, byte 361", "malformed JSON")
coco_gt("bbox-1e999", gt_text(lambda g: None).replace("    20,\n    20\n", "    1e999,\n    20\n", 1), "$.annotations[0].bbox[2]", "not a finite double")
coco_gt("bbox-three-numbers", gt_text(lambda g: g["annotations"][0].update(bbox=[1, 2, 3])), "$.annotations[0].bbox", "expected 4 numbers, got 3")
coco_gt("bbox-negative-width", gt_text(lambda g: g["annotations"][0].update(bbox=[1, 2, -3, 4])), "$.annotations[0].bbox", "negative width")
coco_gt("bbox-string", gt_text(lambda g: g["annotations"][0].update(bbox="1,2,3,4")), "$.annotations[0].bbox", "got a string")
coco_gt("area-minus-infinity", gt_text().replace('"area": 400', '"area": -1e999', 1), "$.annotations[0].area", "not a finite double")
coco_gt("area-huge-integer", gt_text().replace('"area": 400', '"area": 99999999999999999999', 1).replace('"image_id": 1', '"image_id": 99999999999999999999', 1),
        "$.annotations[0].image_id", "expected an integer id, got 99999999999999999999")
coco_gt("image-id-string", gt_text(lambda g: g["images"][0].update(id="1")), "$.images[0].id", "expected an integer id, got a string")
coco_gt("image-width-negative", gt_text(lambda g: g["images"][1].update(width=-1)), "$.images[1].width", "expected an integer in [0, 1000000], got -1")
coco_gt("duplicate-annotation-id", gt_text(lambda g: g["annotations"][1].update(id=1)), "$.annotations[1].id", "duplicate annotation id 1")
coco_gt("duplicate-image-id", gt_text(lambda g: g["images"][1].update(id=1)), "$.images[1]", "duplicate image id 1")
coco_gt("annotation-unknown-image", gt_text(lambda g: g["annotations"][0].update(image_id=7)), "$.annotations[0].image_id", "image id 7 is not among the images")
coco_gt("annotation-no-category", gt_text(lambda g: g["annotations"][0].pop("category_id")), "$.annotations[0]", "annotation has no \"category_id\"")
coco_gt("rle-size-1e999", gt_text(lambda g: g["annotations"][0].update(segmentation={"size": [1, 1], "counts": [0, 1]})).replace('"size": [\n     1,', '"size": [\n     1e999,', 1),
        "$.annotations[0].segmentation.size[0]", "not a finite double", iou="segm")
coco_gt("rle-counts-sum", gt_text(lambda g: g["annotations"][0].update(segmentation={"size": [80, 100], "counts": [10, 20]})),
        "$.annotations[0].segmentation.counts", "RLE counts sum to 30, expected height*width = 8000", iou="segm")
coco_gt("rle-string-bad-char", gt_text(lambda g: (g["annotations"][0].update(segmentation={"size": [80, 100], "counts": "ab~~"}))),
        "$.annotations[0].segmentation.counts", "invalid character", iou="segm")
coco_gt("polygon-too-short", gt_text(lambda g: (g["annotations"][0].update(segmentation=[[10, 10, 30, 10, 30, 30]]), g["annotations"][1].update(segmentation=[[5, 5]]))),
        "ground truth 2", "at least 6", iou="segm")
coco_gt("segm-without-mask", gt_text(), "ground truth 1", "has no segmentation", iou="segm")

# ---- COCO results ----
def coco_dt(name, items_or_text, *expect, extra=(), iou="bbox"):
    text = items_or_text if isinstance(items_or_text, str) else json.dumps(items_or_text, indent=1)
    rel = write(f"coco-dt/{name}.json", text)
    case(f"coco-dt/{name}", ["coco", "--gt", GT, "--dt", rel, "--iou-type", iou, *extra, "--json", "{out}/report.json", "--out", "{out}/dir"], f"{name}.json", *expect)


R = {"image_id": 139, "category_id": 1, "bbox": [417.3, 159.3, 47.7, 143.0], "score": 0.99}
def r(**kw):
    x = dict(R); x.update(kw)
    return x

coco_dt("score-nan-string", [R, r(score="NaN")], "$[1].score", "expected a number, got a string")
coco_dt("score-1e999", json.dumps([R, R], indent=1).replace('"score": 0.99', '"score": 1e999', 1), "$[0].score", "not a finite double")
coco_dt("score-infinity-literal", "[\n" + json.dumps(R) + ",\n" + json.dumps(R).replace("0.99", "Infinity") + "\n]\n", "line 3", "malformed JSON")
coco_dt("bbox-minus-1e999", json.dumps([r(bbox=[1, 2, 3, 4])]).replace("[1, 2,", "[-1e999, 2,"), "$[0].bbox[0]", "not a finite double")
coco_dt("unknown-image", [R, r(image_id=999)], "$[1].image_id", "image id 999 is not in the ground truth")
coco_dt("missing-score", [R, {k: v for k, v in R.items() if k != "score"}], "$[1]", "result has no \"score\"")
coco_dt("not-a-list", {"info": 1}, "$", "expected a JSON array of results")
coco_dt("truncated", json.dumps([R, R, R], indent=1)[:150], "line", "unexpected end of file")
coco_dt("category-id-fraction", [r(category_id=1.5)], "$[0].category_id", "expected an integer id, got 1.5")
coco_dt("bbox-five-numbers", [r(bbox=[1, 2, 3, 4, 5])], "$[0].bbox", "expected 4 numbers")
coco_dt("no-bbox-after-box", [R, {"image_id": 139, "category_id": 1, "score": 0.5, "segmentation": {"size": [426, 640], "counts": [0, 272640]}}], "$[1]", "result has no \"bbox\"")
coco_dt("rle-invalid-char", [{"image_id": 139, "category_id": 1, "score": 0.5, "segmentation": {"size": [426, 640], "counts": "0\u00ff"}}], "$[0].segmentation", "invalid character", iou="segm")
coco_dt("rle-truncated-string", [{"image_id": 139, "category_id": 1, "score": 0.5, "segmentation": {"size": [426, 640], "counts": "P"}}], "$[0].segmentation", "truncated", iou="segm")
coco_dt("rle-counts-negative", [{"image_id": 139, "category_id": 1, "score": 0.5, "segmentation": {"size": [426, 640], "counts": [-1, 272641]}}], "$[0].segmentation.counts[0]", "not a non-negative integer", iou="segm")
coco_dt("rle-size-huge", [{"image_id": 139, "category_id": 1, "score": 0.5, "segmentation": {"size": [426, 640], "counts": [0, 1]}}], "$[0].segmentation.size[0]", "is not an integer in [0, 1000000]", iou="segm")
huge = open(os.path.join(ROOT, "coco-dt/rle-size-huge.json")).read().replace("426,", "99999999999999999999,", 1)
write("coco-dt/rle-size-huge.json", huge)
coco_dt("max-detections", [R, R, R], "$[2]", "more than 2 detections", extra=["--max-detections", "2"])

# ---- VOC XML ground truth: one root, one image set per case ----
def voc_xml(name, text, *expect):
    write(f"voc/Annotations/{name}.xml", text)
    write(f"voc/ImageSets/Main/{name}.txt", name + "\n")
    case(f"voc-xml/{name}", ["voc", "--gt", "voc/", "--image-set", f"voc/ImageSets/Main/{name}.txt", "--dt", VOCDT, "--json", "{out}/report.json"], f"{name}.xml", *expect)


voc_xml("not-xml", "this is not XML\n", "line 1", "not well-formed XML")
voc_xml("truncated", VOC_XML[:200], "not well-formed XML")
voc_xml("dtd-entities", '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "xxxxxxxxxx"><!ENTITY y "&x;&x;&x;&x;&x;">]>\n<annotation>&y;</annotation>\n', "line", "DTDs are not allowed")
voc_xml("wrong-root", "<foo/>\n", "line 1", "the root element is <foo>")
voc_xml("xmin-nan", VOC_XML.replace("<xmin>10</xmin>", "<xmin>NaN</xmin>"), "line 12", "xmin 'NaN' is not a finite number")
voc_xml("xmax-1e999", VOC_XML.replace("<xmax>40</xmax>", "<xmax>1e999</xmax>"), "line 14", "xmax '1e999' is not a finite number")
voc_xml("no-bndbox", VOC_XML.replace("\t\t<bndbox>\n\t\t\t<xmin>10</xmin>\n\t\t\t<ymin>12</ymin>\n\t\t\t<xmax>40</xmax>\n\t\t\t<ymax>50</ymax>\n\t\t</bndbox>\n", ""), "line 8", "<object> has no <bndbox>")
voc_xml("width-negative", VOC_XML.replace("<width>100</width>", "<width>-1</width>"), "line 4", "width '-1' is not a valid image size")
voc_xml("inverted-box", VOC_XML.replace("<xmax>40</xmax>", "<xmax>2</xmax>"), "line 11", "negative width")
write("voc/ImageSets/Main/missing-annotation.txt", "img1\nno-such-image\n")
case("voc-xml/missing-annotation", ["voc", "--gt", "voc/", "--image-set", "voc/ImageSets/Main/missing-annotation.txt", "--dt", VOCDT], "no-such-image.xml", "file not found")
write("voc/ImageSets/Main/duplicate.txt", "img1\nimg1\n")
write("voc/Annotations/img1.xml", VOC_XML)
case("voc-xml/image-set-duplicate", ["voc", "--gt", "voc/", "--image-set", "voc/ImageSets/Main/duplicate.txt", "--dt", VOCDT], "duplicate.txt", "line 2", "image 'img1' is listed twice")

# ---- VOC results text ----
def voc_dt(name, dog, cat, *expect, file="comp4_det_test_dog.txt"):
    if dog is not None:
        write(f"voc-results/{name}/comp4_det_test_dog.txt", dog)
    if cat is not None:
        write(f"voc-results/{name}/comp4_det_test_cat.txt", cat)
    case(f"voc-results/{name}", ["voc", "--gt", VOC, "--dt", f"voc-results/{name}", "--json", "{out}/report.json"], file, *expect)


CAT = "img1 0.8 50 21 88 70\n"
voc_dt("score-infinity", "img1 0.9 11 12 40 49\nimg1 Infinity 60 20 80 60\n", CAT, "line 2", "score 'Infinity' is not a finite number")
voc_dt("five-fields", "img1 0.9 11 12 40\n", CAT, "line 1", "expected 6 fields")
voc_dt("unknown-image", "\nimg9 0.9 11 12 40 49\n", CAT, "line 2", "image 'img9' is not in the image set")
voc_dt("x2-1e999", "img1 0.9 11 12 1e999 49\n", CAT, "line 1", "x2 '1e999' is not a finite number")
voc_dt("score-nan", "img1 nan 11 12 40 49\n", CAT, "line 1", "score 'nan' is not a finite number")
voc_dt("missing-class-file", "img1 0.9 11 12 40 49\n", None, "no results file for class 'cat'", file="missing-class-file")

# ---- per-image text ----
def text_case(name, gt, dt, *expect, file="img1.txt", extra=()):
    gdir, ddir = TGT, TDT
    if gt is not None:
        gdir = f"text/{name}/gt"
        write(f"{gdir}/img1.txt", gt)
    if dt is not None:
        ddir = f"text/{name}/dt"
        for fname, content in dt.items():
            write(f"{ddir}/{fname}", content)
    case(f"text/{name}", ["voc", "--format", "text", "--gt", gdir, "--dt", ddir, *extra, "--json", "{out}/report.json"], file, *expect)


text_case("gt-four-fields", "dog 10 12 40\n", None, "line 1", "expected 5 or 6 fields")
text_case("gt-negative-box", "dog 10 12 40 50\ncat 50 20 10 70\n", None, "line 2", "negative width")
text_case("gt-difficult-word", "dog 10 12 40 50 maybe\n", None, "line 1", "difficult 'maybe' is not 0 or 1")
text_case("dt-score-nan", None, {"img1.txt": "dog NaN 11 12 40 49\n"}, "line 1", "score 'NaN' is not a finite number")
text_case("dt-box-huge", None, {"img1.txt": "dog 0.5 11 12 -1e999 49\n"}, "line 1", "box value '-1e999' is not a finite number")
text_case("dt-unknown-image", None, {"img1.txt": "dog 0.5 11 12 40 49\n", "zzz.txt": "dog 0.5 1 1 2 2\n"}, "image 'zzz' is not in the ground truth", file="zzz.txt")
text_case("yolo-without-sizes", "0 0.5 0.5 0.2 0.2\n", None, "YOLO boxes need the image size", extra=["--box-format", "yolo", "--classes", "dog"])
write("text/bad-sizes/sizes.txt", "img1 100 80\nimg2 -5 80\n")
case("text/bad-sizes", ["voc", "--format", "text", "--box-format", "yolo", "--gt", TGT, "--dt", TDT, "--image-sizes", "text/bad-sizes/sizes.txt"], "sizes.txt", "line 2", "positive integer sizes")

# ---- SAM: RLE JSON, PNG folders, metadata.csv, prompts ----
def sam_rle(name, items_or_text, *expect):
    text = items_or_text if isinstance(items_or_text, str) else json.dumps(items_or_text)
    write(f"sam-rle/{name}/sa_86563.json", text)
    case(f"sam-rle/{name}", ["sam", "--mode", "auto", "--gt", SAMGT, "--pred", f"sam-rle/{name}", "--json", "{out}/report.json", "--csv", "{out}/images.csv"], "sa_86563.json", *expect)


def item(seg=None, **kw):
    x = json.loads(json.dumps(RLE_ITEM))
    if seg:
        x["segmentation"].update(seg)
    x.update(kw)
    return x

sam_rle("counts-bad-char", [item({"counts": "Z[`07 9"})], "$[0].segmentation.counts", "invalid character ' '")
sam_rle("counts-truncated", [item({"counts": RLE_ITEM["segmentation"]["counts"][:-1] + "P"})], "$[0].segmentation.counts", "truncated")
sam_rle("counts-sum", [item({"counts": [5, 7]})], "$[0].segmentation.counts", "sum to 12")
sam_rle("counts-negative", [item({"counts": [-5, 84089]})], "$[0].segmentation.counts", "negative")
sam_rle("size-1e999", json.dumps([item()]).replace('"size": [308,', '"size": [1e999,', 1), "$[0].segmentation.size[0]", "expected an integer, got 1e999")
sam_rle("size-negative", [item({"size": [-308, 273]})], "$[0].segmentation.size[0]", "expected an integer in [0, 2147483647], got -308")
sam_rle("size-differs", [item(), item({"size": [10, 10], "counts": [0, 100]})], "$[1].segmentation.size", "differs from")
sam_rle("predicted-iou-1e999", json.dumps([item()]).replace('"predicted_iou": ', '"predicted_iou": 1e999, "x": ', 1), "$[0].predicted_iou", "expected a finite number, got 1e999")
sam_rle("stability-string", [item(stability_score="high")], "$[0].stability_score", "expected a finite number, got \"high\"")
sam_rle("truncated", json.dumps([item()])[:100], "not valid JSON")
sam_rle("not-a-list", {"segmentation": 1}, "$", "expected an array")


def sam_png(name, meta, pngs, *expect, file="0.png"):
    if meta is not None:
        write(f"sam-png/{name}/sa_86563/metadata.csv", meta)
    for fname, data in pngs.items():
        write(f"sam-png/{name}/sa_86563/{fname}", data)
    case(f"sam-png/{name}", ["sam", "--mode", "auto", "--gt", SAMGT, "--pred", f"sam-png/{name}", "--json", "{out}/report.json"], file, *expect)


META = META_HEADER + "\n" + META_ROW + "\n"


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


HUGE_PNG = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 100000, 100000, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(b"\x00" * 16)) + chunk(b"IEND", b"")
sam_png("not-a-png", META, {"0.png": b"GIF89a this is not a png\n"}, "not a PNG")
sam_png("truncated-png", META, {"0.png": PNG[:60]}, "byte 33", "truncated")
sam_png("huge-header", META, {"0.png": HUGE_PNG}, "100000x100000 = 10000000000 pixels exceeds the limit")
sam_png("bad-header", META.replace("predicted_iou", "iou"), {"0.png": PNG}, "line 1", "header is", file="metadata.csv")
sam_png("iou-nan", META_HEADER + "\n" + META_ROW.replace("0.9208243489265442", "nan") + "\n", {"0.png": PNG}, "line 2", "predicted_iou 'nan' is not a valid number", file="metadata.csv")
sam_png("id-1e999", META_HEADER + "\n" + "1e999" + META_ROW[1:] + "\n", {"0.png": PNG}, "line 2", "id '1e999' is not a valid integer", file="metadata.csv")
sam_png("short-row", META_HEADER + "\n" + META_ROW + "\n1,2,3\n", {"0.png": PNG}, "line 3", "3 fields, expected 14", file="metadata.csv")
sam_png("png-missing", META_HEADER + "\n" + META_ROW + "\n" + "7" + META_ROW[1:] + "\n", {"0.png": PNG}, "line 3", "the PNG of mask 7 is missing", file="metadata.csv")
sam_png("unterminated-quote", META_HEADER + "\n" + META_ROW + "\n\"7,1,2\n", {"0.png": PNG}, "line 3", file="metadata.csv")
sam_png("no-metadata", None, {"0.png": PNG}, "has no metadata.csv", file="metadata.csv")

def sam_prompt(name, items_or_text, *expect):
    text = items_or_text if isinstance(items_or_text, str) else json.dumps(items_or_text)
    rel = write(f"sam-prompt/{name}.json", text)
    case(f"sam-prompt/{name}", ["sam", "--mode", "prompt", "--gt", SAMGT, "--pred", rel, "--json", "{out}/report.json"], f"{name}.json", *expect)

P = {"image_id": 86563, "gt_id": 2916216, "masks": [RLE_ITEM["segmentation"]], "predicted_ious": [0.9]}
sam_prompt("lengths-differ", [dict(P, predicted_ious=[0.9, 0.8])], "$[0]", "1 masks and 2 predicted_ious")
sam_prompt("iou-1e999", json.dumps([P]).replace("[0.9]", "[1e999]"), "$[0].predicted_ious[0]", "expected a finite number")
sam_prompt("gt-id-string", [dict(P, gt_id="x")], "$[0].gt_id", "expected an integer, got \"x\"")

# ---- missing files and folders ----
case("missing/coco-gt", ["coco", "--gt", "missing/gt.json", "--dt", DT, "--json", "{out}/report.json"], "gt.json", "file not found")
case("missing/coco-dt", ["coco", "--gt", GT, "--dt", "missing/results.json", "--json", "{out}/report.json"], "results.json", "file not found")
case("missing/voc-gt", ["voc", "--gt", "missing/voc", "--dt", VOCDT, "--json", "{out}/report.json"], "missing/voc", "not found")
case("missing/voc-dt", ["voc", "--gt", VOC, "--dt", "missing/results", "--json", "{out}/report.json"], "missing/results", "not found")
case("missing/text-dt", ["voc", "--format", "text", "--gt", TGT, "--dt", "missing/dt", "--json", "{out}/report.json"], "missing/dt", "not found")
case("missing/sam-pred", ["sam", "--mode", "auto", "--gt", SAMGT, "--pred", "missing/pred", "--json", "{out}/report.json"], "missing/pred", "not found")
case("missing/voc-image-sizes", ["voc", "--format", "text", "--box-format", "yolo", "--gt", TGT, "--dt", TDT, "--image-sizes", "missing/sizes.txt"], "sizes.txt", "not found")

# ---- round 2 (issue 14): trailing text, keys given twice, special files, layouts, PNG data, states ----
coco_gt("text-after-value", good + "\n{\"images\": []}\n", "line 67", "text after the JSON value")
coco_gt("top-level-key-twice", good[:-1] + ', "images": []}', "$.images", "is given twice")
coco_gt("annotation-key-twice", gt_text().replace('"area": 400', '"area": 400, "bbox": [1, 1, 2, 2]', 1), "$.annotations[0].bbox", "the key is given twice")
coco_gt("no-bbox-in-bbox-mode", gt_text(lambda g: g["annotations"][1].pop("bbox")), "$.annotations[1]", "annotation has no \"bbox\"")
coco_gt("segm-image-without-size", gt_text(lambda g: (g["images"][1].pop("width"), g["images"][1].pop("height"))), "image 2", "size", iou="segm")
coco_gt("segm-image-size-zero", gt_text(lambda g: g["images"][1].update(width=0, height=0)), "image 2", "size", iou="segm")
coco_gt("images-wrong-type", gt_text(lambda g: g.update(images={"a": [1] * 50})), "$.images", "expected an array")
coco_dt("second-array", json.dumps([R]) + "\n" + json.dumps([R]) + "\n", "text after the JSON value")
coco_dt("trailing-garbage", json.dumps([R]) + " garbage\n", "text after the JSON value")
coco_dt("result-key-twice", json.dumps([R]).replace('"score": 0.99', '"score": 0.99, "score": 0.1'), "$[0].score", "the key is given twice")
coco_dt("rle-size-differs-from-image", [{"image_id": 139, "category_id": 1, "score": 0.5, "segmentation": {"size": [10, 10], "counts": [0, 100]}}], "$[0].segmentation", "differs", iou="segm")

# special files and folders named as files
case("special/coco-dt-dev-zero", ["coco", "--gt", GT, "--dt", "/dev/zero", "--json", "{out}/report.json"], "/dev/zero", "NUL byte")
case("special/coco-dt-dev-urandom", ["coco", "--gt", GT, "--dt", "/dev/urandom", "--json", "{out}/report.json"], "/dev/urandom")
case("special/coco-gt-folder", ["coco", "--gt", "companions/coco/", "--dt", DT, "--json", "{out}/report.json"], "companions/coco", "is a folder")
case("special/voc-image-set-dev-zero", ["voc", "--gt", VOC, "--dt", VOCDT, "--image-set", "/dev/zero", "--json", "{out}/report.json"], "/dev/zero", "NUL byte")
case("special/voc-image-set-folder", ["voc", "--gt", VOC, "--dt", VOCDT, "--image-set", "companions/voc/", "--json", "{out}/report.json"], "companions/voc", "is a folder")
os.makedirs(os.path.join(ROOT, "special/voc/Annotations"))
os.makedirs(os.path.join(ROOT, "special/voc/ImageSets/Main"))
os.symlink("/dev/zero", os.path.join(ROOT, "special/voc/Annotations/img1.xml"))
write("special/voc/ImageSets/Main/test.txt", "img1\n")
case("special/voc-annotation-dev-zero", ["voc", "--gt", "special/voc/", "--dt", VOCDT, "--json", "{out}/report.json"], "img1.xml", "NUL byte")
os.makedirs(os.path.join(ROOT, "special/voc-results"))
os.symlink("/dev/urandom", os.path.join(ROOT, "special/voc-results/comp4_det_test_dog.txt"))
write("special/voc-results/comp4_det_test_cat.txt", CAT)
case("special/voc-results-dev-urandom", ["voc", "--gt", VOC, "--dt", "special/voc-results/", "--json", "{out}/report.json"], "comp4_det_test_dog.txt")
os.makedirs(os.path.join(ROOT, "special/sam-png/sa_86563/0.png"))
write("special/sam-png/sa_86563/metadata.csv", META_HEADER + "\n" + META_ROW + "\n")
case("special/sam-png-folder", ["sam", "--mode", "auto", "--gt", SAMGT, "--pred", "special/sam-png", "--json", "{out}/report.json"], "0.png", "is a folder")

# XML nesting far deeper than any annotation: refused in a linear pass
voc_xml("deep-nesting", "<annotation>" + "<a>" * 5000 + "</a>" * 5000 + "</annotation>\n", "line 1", "nested")

# VOC layouts: an ambiguous folder names the choices
write("layout/both/a.xml", VOC_XML)
write("layout/both/a.txt", "dog 10 12 40 50\n")
case("layout/both-xml-and-text", ["voc", "--gt", "layout/both/", "--dt", TDT, "--json", "{out}/report.json"], "layout/both", "--format voc", "--format text")
write("layout/neither/a.json", "{}\n")
case("layout/neither", ["voc", "--gt", "layout/neither/", "--dt", TDT, "--json", "{out}/report.json"], "layout/neither", "expected a VOC root")

# PNG image data: short, damaged, or sized unlike its image (refused from the header)
def grey_png(width, height, rows=None, idat=None, mangle=None):
    raw = b"".join(b"\x00" + bytes([255 if (x + y) % 7 == 0 else 0 for x in range(width)]) for y in range(height))
    data = idat if idat is not None else zlib.compress(raw if rows is None else raw[: rows * (width + 1)])
    if mangle:
        data = mangle(data)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)) + chunk(b"IDAT", data) + chunk(b"IEND", b"")

sam_png("short-image-data", META, {"0.png": grey_png(273, 308, rows=154)}, "byte 33", "the image data is short")
sam_png("bad-zlib-checksum", META, {"0.png": grey_png(273, 308, mangle=lambda d: d[:-4] + bytes(4))}, "byte 33", "checksum")
bad_crc = bytearray(grey_png(273, 308))
bad_crc[50] ^= 0xFF
sam_png("bad-chunk-crc", META, {"0.png": bytes(bad_crc)}, "byte 33", "CRC")
sam_png("size-differs-from-image", META, {"0.png": grey_png(10, 10)}, "IHDR", "10x10")
sam_png("iou-comma-decimal", META_HEADER + "\n" + META_ROW.replace("0.9208243489265442", "\"0,9208\"") + "\n", {"0.png": PNG}, "line 2", "predicted_iou '0,9208' is not a valid number", file="metadata.csv")

sam_prompt("text-after-value", json.dumps([P]) + "\n" + json.dumps([P]), "text after the JSON value")
sam_prompt("key-twice", json.dumps([P]).replace('"gt_id": 2916216', '"gt_id": 2916216, "gt_id": 1'), "$[0].gt_id", "the key is given twice")

# LVIS and keypoint fields
LVIS_GT = {
    "images": [{"id": 1, "width": 100, "height": 80, "neg_category_ids": [], "not_exhaustive_category_ids": []}],
    "categories": [{"id": 1, "name": "dog", "frequency": "f"}],
    "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400}],
}
write("companions/lvis/results.json", json.dumps([{"image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "score": 0.9}]))
def lvis_gt(name, text, *expect):
    rel = write(f"lvis/{name}.json", text)
    case(f"lvis/{name}", ["lvis", "--gt", rel, "--dt", "companions/lvis/results.json", "--iou-type", "bbox", "--json", "{out}/report.json"], f"{name}.json", *expect)
lvis_gt("neg-ids-twice", json.dumps(LVIS_GT).replace('"neg_category_ids": []', '"neg_category_ids": [], "neg_category_ids": [1]'), "$.images[0].neg_category_ids", "the key is given twice")
lvis_gt("frequency-x", json.dumps(LVIS_GT).replace('"frequency": "f"', '"frequency": "x"'), "$.categories[0].frequency", "expected \"r\", \"c\" or \"f\"")
lvis_gt("no-not-exhaustive", json.dumps(LVIS_GT).replace(', "not_exhaustive_category_ids": []', ''), "$.images[0]", "not_exhaustive_category_ids")
KPT_GT = {
    "images": [{"id": 1, "width": 100, "height": 80}],
    "categories": [{"id": 1, "name": "person", "keypoints": ["a", "b"]}],
    "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [10, 10, 20, 20], "area": 400, "num_keypoints": 2, "keypoints": [12, 12, 2, 20, 20, 2]}],
}
write("companions/keypoints/results.json", json.dumps([{"image_id": 1, "category_id": 1, "keypoints": [12, 12, 1, 20, 20, 1], "score": 0.9}]))
def kpt_gt(name, text, *expect):
    rel = write(f"keypoints/{name}.json", text)
    case(f"keypoints/{name}", ["coco", "--gt", rel, "--dt", "companions/keypoints/results.json", "--iou-type", "keypoints", "--json", "{out}/report.json"], f"{name}.json", *expect)
kpt_gt("not-triples", json.dumps(KPT_GT).replace("[12, 12, 2, 20, 20, 2]", "[12, 12, 2, 20, 20]"), "$.annotations[0].keypoints", "multiple of 3")
kpt_gt("keypoints-twice", json.dumps(KPT_GT).replace('"num_keypoints": 2', '"keypoints": [], "num_keypoints": 2'), "$.annotations[0].keypoints", "the key is given twice")

# SA-V video folders: a damaged frame, a folder where a frame is wanted
SAV = "testdata/reference/sav-small/sav"
SAV_VIDEO = "sav_000003"  # one video (ground truth and predictions) of the SA-V case, shared ground truth
if os.path.isdir(SAV):
    shutil.copytree(os.path.join(SAV, "gt", SAV_VIDEO), os.path.join(ROOT, "companions/sav/gt", SAV_VIDEO))
def sav_case(name, damage, *expect, file):
    base = f"sav/{name}"
    shutil.copytree(os.path.join(SAV, "pred", SAV_VIDEO), os.path.join(ROOT, base, "pred", SAV_VIDEO))
    damage(os.path.join(ROOT, base))
    case(f"sav/{name}", ["sam", "--mode", "video", "--gt", "companions/sav/gt", "--pred", f"{base}/pred", "--json", "{out}/report.json"], file, *expect)

def first_pred_frame(base):
    video = sorted(os.listdir(os.path.join(base, "pred")))[0]
    obj = sorted(os.listdir(os.path.join(base, "pred", video)))[0]
    frames = sorted(os.listdir(os.path.join(base, "pred", video, obj)))
    return os.path.join(base, "pred", video, obj, frames[len(frames) // 2])

def truncate_frame(base):
    path = first_pred_frame(base)
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 2])

def frame_folder(base):
    path = first_pred_frame(base)
    os.remove(path)
    os.makedirs(path)

if os.path.isdir(SAV):
    sav_case("truncated-frame", truncate_frame, "truncated", file=".png")
    sav_case("frame-is-a-folder", frame_folder, "is a folder", file=".png")

# evaluation states: damaged, truncated, followed by bytes, two in one file, missing, a folder
STATE = open("tools/bad-inputs/coco-mini.state", "rb").read()
write("companions/states/good.state", STATE)
def state_case(name, data, *expect):
    rel = write(f"states/{name}.state", data)
    case(f"states/{name}", ["merge", "companions/states/good.state", rel, "--json", "{out}/report.json"], f"{name}.state", *expect)
state_case("truncated", STATE[: len(STATE) // 2])
state_case("trailing-bytes", STATE + b"\x00\x01\x02")
state_case("two-states", STATE + STATE)
state_case("not-a-state", b"{\"images\": []}\n", "byte 0")
state_case("empty", b"")
case("states/missing", ["merge", "companions/states/good.state", "states/no-such.state", "--json", "{out}/report.json"], "no-such.state", "not found")
os.makedirs(os.path.join(ROOT, "states/folder.state"))
case("states/folder", ["merge", "companions/states/good.state", "states/folder.state", "--json", "{out}/report.json"], "folder.state", "no *.state files in this folder")

# TIDE, compare and DOTA read through the same readers
case("tide/text-after-value", ["tide", "--gt", "coco-gt/text-after-value.json", "--dt", "companions/coco/mini-results.json", "--json", "{out}/report.json"], "text-after-value.json", "text after the JSON value")
case("compare/missing-dt", ["compare", "--gt", GT, "--dt", DT, "--dt", "missing/b.json", "--json", "{out}/report.json"], "b.json", "not found")
write("dota/bad-number/labelTxt/img1.txt", "10 10 40 10 40 30 10 30 plane 0\n10 10 1e999 10 40 30 10 30 plane 0\n")
write("dota/bad-number/results/Task1_plane.txt", "img1 0.9 10 10 40 10 40 30 10 30\n")
case("dota/bad-number", ["dota", "--gt", "dota/bad-number/labelTxt", "--dt", "dota/bad-number/results", "--json", "{out}/report.json"], "img1.txt", "line 2")
os.makedirs(os.path.join(ROOT, "dota/dev-zero/labelTxt"))
os.symlink("/dev/zero", os.path.join(ROOT, "dota/dev-zero/labelTxt/img1.txt"))
write("dota/dev-zero/results/Task1_plane.txt", "img1 0.9 10 10 40 10 40 30 10 30\n")
case("dota/label-dev-zero", ["dota", "--gt", "dota/dev-zero/labelTxt", "--dt", "dota/dev-zero/results", "--json", "{out}/report.json"], "img1.txt", "NUL byte")

# SAM 3 concept segmentation (sam --mode concept): SA-Co ground truth (images are (image, noun phrase) pairs) and
# SAM 3's COCO results; a prediction on a pair the ground truth lacks is ignored, as the reference ignores it (no case)
SACO_GT = {
    "images": [
        {"id": 1, "file_name": "a.jpg", "text_input": "dog", "width": 8, "height": 6, "queried_category": "1", "is_instance_exhaustive": 1, "is_pixel_exhaustive": 1},
        {"id": 2, "file_name": "a.jpg", "text_input": "cat", "width": 8, "height": 6, "queried_category": "2", "is_instance_exhaustive": 1, "is_pixel_exhaustive": 1},
    ],
    "categories": [{"id": 1, "name": "object", "supercategory": "object"}],
    "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "segmentation": {"size": [6, 8], "counts": [10, 6, 32]}, "bbox": [1, 0, 2, 6], "area": 6, "iscrowd": 0}],
}
SACO_DT = [
    {"image_id": 1, "category_id": 1, "segmentation": {"size": [6, 8], "counts": [10, 6, 32]}, "bbox": [1, 0, 2, 6], "score": 0.9},
    {"image_id": 2, "category_id": 1, "segmentation": {"size": [6, 8], "counts": [0, 6, 42]}, "bbox": [0, 0, 1, 6], "score": 0.3},
]
CGT = write("companions/concept/gt.json", json.dumps(SACO_GT, indent=1) + "\n")
CDT = write("companions/concept/dt.json", json.dumps(SACO_DT, indent=1) + "\n")
def saco(mutate):
    g = json.loads(json.dumps(SACO_GT))
    mutate(g)
    return json.dumps(g, indent=1) + "\n"
def concept_gt(name, text, *expect, primary=None):
    rel = write(f"concept-gt/{name}.json", text)
    first = ["--gt", primary] if primary else []
    case(f"concept-gt/{name}", ["sam", "--mode", "concept", *first, "--gt", rel, "--dt", CDT, "--json", "{out}/report.json"], f"{name}.json", *expect)
def concept_dt(name, items_or_text, *expect):
    text = items_or_text if isinstance(items_or_text, str) else json.dumps(items_or_text, indent=1) + "\n"
    rel = write(f"concept-dt/{name}.json", text)
    case(f"concept-dt/{name}", ["sam", "--mode", "concept", "--gt", CGT, "--dt", rel, "--json", "{out}/report.json"], f"{name}.json", *expect)
good_saco = json.dumps(SACO_GT, indent=1) + "\n"
concept_gt("text-after-value", good_saco + "{\"images\": []}\n", "line 58", "text after the JSON value")
concept_gt("top-level-key-twice", good_saco[:-2] + ",\n \"annotations\": []\n}\n", "$.annotations", "is given twice")
concept_gt("phrase-key-twice", good_saco.replace('"text_input": "dog",', '"text_input": "dog", "text_input": "cat",', 1), "$.images[0].text_input", "the key is given twice")
concept_gt("no-exhaustive-flag", saco(lambda g: g["images"][0].pop("is_instance_exhaustive")), "$.images[0]", "pair 1 has no \"is_instance_exhaustive\"")
concept_gt("rle-size-differs-from-image", saco(lambda g: g["annotations"][0].update(segmentation={"size": [3, 4], "counts": [0, 12]})),
           "$.annotations[0].segmentation.size", "mask size [3, 4] differs from pair 1's image [6, 8]")
# a second annotator's file that lacks a pair the primary one evaluates
concept_gt("annotator-lacks-a-pair", saco(lambda g: g["images"].pop(1)), "$.images", "pair 2 of gt.json is missing", primary=CGT)
concept_dt("trailing-garbage", json.dumps(SACO_DT) + " garbage\n", "text after the JSON value")
concept_dt("second-array", json.dumps(SACO_DT) + "\n" + json.dumps(SACO_DT) + "\n", "text after the JSON value")
concept_dt("score-key-twice", json.dumps(SACO_DT).replace('"score": 0.9', '"score": 0.9, "score": 0.1', 1), "$[0].score", "the key is given twice")
concept_dt("score-nan-literal", json.dumps(SACO_DT).replace('"score": 0.9', '"score": NaN', 1), "line 1, byte 123", "malformed JSON")
concept_dt("score-nan-string", [dict(SACO_DT[0], score="NaN"), SACO_DT[1]], "$[0].score", "expected a number, got a string")
concept_dt("score-1e999", json.dumps(SACO_DT).replace('"score": 0.9', '"score": 1e999', 1), "$[0].score", "not a finite")
concept_dt("rle-size-differs-from-image", [dict(SACO_DT[0], segmentation={"size": [3, 4], "counts": [0, 12]}), SACO_DT[1]],
           "$[0].segmentation.size", "mask size [3, 4] differs from the ground truth's [6, 8]")
concept_dt("polygon-mask", [{k: v for k, v in SACO_DT[0].items() if k != "bbox"} | {"segmentation": [[1, 0, 3, 0, 3, 6, 1, 6]]}], "$[0].segmentation", "got polygons")
case("concept/gt-folder", ["sam", "--mode", "concept", "--gt", "companions/concept/", "--dt", CDT, "--json", "{out}/report.json"], "companions/concept", "is a folder")
case("concept/dt-folder", ["sam", "--mode", "concept", "--gt", CGT, "--dt", "companions/concept/", "--json", "{out}/report.json"], "companions/concept", "is a folder")
case("concept/gt-missing", ["sam", "--mode", "concept", "--gt", "missing/saco-gt.json", "--dt", CDT, "--json", "{out}/report.json"], "saco-gt.json", "not found")
case("concept/second-gt-missing", ["sam", "--mode", "concept", "--gt", CGT, "--gt", "missing/saco-gt-b.json", "--dt", CDT, "--json", "{out}/report.json"], "saco-gt-b.json", "not found")
case("concept/dt-missing", ["sam", "--mode", "concept", "--gt", CGT, "--dt", "missing/saco-dt.json", "--json", "{out}/report.json"], "saco-dt.json", "not found")

# concept states (tools/bad-inputs/concept-mini.state: `deteval sam --mode concept --gt bad/companions/concept/gt.json
# --dt bad/companions/concept/dt.json --state-out ...`); damaged ones resealed (options XXH64 and CRC-64 recomputed,
# as the container writes them) reach the concept section's own checks
sys.path.insert(0, os.path.join("tools", "cluster"))
from shard_of import xxh64  # XXH64, as System.IO.Hashing.XxHash64 (the cluster tools' copy)
def crc64(data):  # ECMA-182, not reflected (System.IO.Hashing.Crc64)
    c = 0
    for b in data:
        c ^= b << 56
        for _ in range(8):
            c = ((c << 1) ^ 0x42F0E1EBA9EA3693) & ((1 << 64) - 1) if c >> 63 else (c << 1) & ((1 << 64) - 1)
    return c
def reseal(state):
    state = bytearray(state)
    at = 8 + 32 + 4 + struct.unpack_from("<i", state, 40)[0]
    options = struct.unpack_from("<q", state, at)[0]
    struct.pack_into("<Q", state, 16, xxh64(bytes(state[at + 8: at + 8 + options])))
    struct.pack_into("<Q", state, len(state) - 8, crc64(bytes(state[:-8])))
    return bytes(state)
def payload_at(state):
    at = 8 + 32 + 4 + struct.unpack_from("<i", state, 40)[0]
    at += 8 + struct.unpack_from("<q", state, at)[0]
    return at + 8
CSTATE = open("tools/bad-inputs/concept-mini.state", "rb").read()
write("companions/states/concept.state", CSTATE)
def concept_state(name, data, *expect):
    rel = write(f"states/{name}.state", data)
    case(f"states/{name}", ["merge", "companions/states/concept.state", rel, "--json", "{out}/report.json"], f"{name}.state", *expect)
P0 = payload_at(CSTATE)  # pair-list fingerprint 8, evaluated 4, annotators 4, records 4; a record: position 4, id 8, annotator 4, ...
def patched(offset, value):
    state = bytearray(CSTATE)
    struct.pack_into("<i", state, offset, value)
    return reseal(bytes(state))
concept_state("concept-truncated", CSTATE[: len(CSTATE) // 2])
concept_state("concept-byte-flipped", CSTATE[:200] + bytes([CSTATE[200] ^ 0x10]) + CSTATE[201:], "checksum mismatch")
concept_state("concept-annotator-out-of-range", patched(P0 + 20 + 12, 3), f"byte {P0 + 20 + 12}", "annotator")
concept_state("concept-true-positives-above-instances", patched(P0 + 20 + 24, 5), f"byte {P0 + 20 + 24}", "true positives")
case("states/concept-with-coco", ["merge", "companions/states/concept.state", "companions/states/good.state", "--json", "{out}/report.json"], "good.state", "cannot be merged with")

with open(os.path.join(ROOT, "cases.json"), "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
