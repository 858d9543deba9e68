namespace DetEval;

/// <summary>How four numbers describe a box.</summary>
public enum BoxFormat
{
    /// <summary>Corners: x1, y1, x2, y2 (torchvision, most detectors' outputs).</summary>
    Xyxy,

    /// <summary>Top-left corner and size: x, y, w, h (COCO).</summary>
    Xywh,

    /// <summary>Centre and size: cx, cy, w, h (YOLO, in pixels).</summary>
    Cxcywh,
}
