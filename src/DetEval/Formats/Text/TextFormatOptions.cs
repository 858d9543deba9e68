using DetEval.Formats.Text;
using DetEval.Formats;

namespace DetEval;

/// <summary>Options of <see cref="PerImageTextReader"/>.</summary>
public sealed record TextFormatOptions
{
    /// <summary>The layout of the box numbers.</summary>
    public TextBoxFormat BoxFormat { get; init; } = TextBoxFormat.Xyxy;

    /// <summary>
    /// The classes to evaluate, in order; lines of other classes are skipped. With <see cref="TextBoxFormat.Yolo"/>,
    /// an integer class token that is not a listed name is taken as an index into this list. Null: the classes are
    /// the ground-truth names in order of first appearance.
    /// </summary>
    public IReadOnlyList<string>? Classes { get; init; }

    /// <summary>Image sizes by image name (the file name without <c>.txt</c>); needed for <see cref="TextBoxFormat.Yolo"/>.</summary>
    public IReadOnlyDictionary<string, ImageSize>? ImageSizes { get; init; }

    /// <summary>The pixel convention boxes are checked under (a negative size is an error).</summary>
    public PixelConvention PixelConvention { get; init; } = PixelConvention.Inclusive;
}
