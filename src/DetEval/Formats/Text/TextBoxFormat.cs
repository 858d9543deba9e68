using DetEval.Formats.Text;
using DetEval.Formats;

namespace DetEval;

/// <summary>How the four box numbers of a per-image text line are laid out.</summary>
public enum TextBoxFormat
{
    /// <summary>Absolute corners <c>x1 y1 x2 y2</c>.</summary>
    Xyxy,

    /// <summary>Absolute <c>left top width height</c>; the corners are <c>x2 = left + width</c>, <c>y2 = top + height</c>.</summary>
    Xywh,

    /// <summary>
    /// YOLO: centre and size relative to the image, <c>cx cy w h</c> in [0, 1]; the corners are
    /// <c>x1 = (cx - w / 2) * W</c>, <c>x2 = (cx + w / 2) * W</c> (likewise with <c>H</c>), given the image sizes.
    /// </summary>
    Yolo,
}
