namespace DetEval.Masks;

/// <summary>
/// The Boundary IoU of masks against ground truths one at a time (<see cref="BoundaryIou.Compute"/>), keeping the band
/// of the last ground truth: the prompts of one object usually follow each other, and memory stays one band.
/// </summary>
/// <param name="dilationRatio">The band's half-width as a fraction of the image diagonal.</param>
internal sealed class BoundaryScorer(double dilationRatio)
{
    private readonly BandSet truths = new();
    private readonly BandSet masks = new();
    private (long ImageId, long GtId)? last;
    private BandFrame truth;

    /// <summary>The Boundary IoU of <paramref name="mask"/> and the truth's mask (both of one size).</summary>
    /// <param name="imageId">The truth's image.</param>
    /// <param name="gtId">The truth's id (with the image, the key of its band).</param>
    /// <param name="truthMask">The truth's mask.</param>
    /// <param name="mask">The mask scored.</param>
    public double Iou(long imageId, long gtId, Rle truthMask, Rle mask)
    {
        if (last != (imageId, gtId))
        {
            truths.Clear();
            truth = BoundaryIou.Add(truths, truthMask, dilationRatio);
            last = (imageId, gtId);
        }

        masks.Clear();
        var band = BoundaryIou.Add(masks, mask, dilationRatio);
        return masks.Iou(band, truths, truth);
    }
}
