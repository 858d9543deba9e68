using DetEval.Data;
using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>The ground truth of one image: SA-1B per-image JSON, or one image of a COCO file.</summary>
/// <param name="Stem">The stem of the image's file name, used to pair it with predictions.</param>
/// <param name="Image">The image (id and size).</param>
/// <param name="Truths">Its masks, each with an RLE <see cref="GroundTruth.Segmentation"/> and the file's <c>area</c>.</param>
/// <param name="Source">The file read.</param>
public sealed record SamGroundTruthImage(string Stem, ImageInfo Image, IReadOnlyList<GroundTruth> Truths, string Source);
