using DetEval.Masks;

namespace DetEval.Matching;

/// <summary>
/// The IoU of boundary AP (boundary-iou-api's COCO instance API, <c>computeBoundaryIoU</c>): for a non-crowd ground
/// truth <c>min(mask IoU, boundary IoU)</c>, for a crowd one the crowd mask IoU alone.
/// </summary>
/// <remarks>
/// The mask IoU is <see cref="MaskCellIou"/>'s. Boundary IoU is the mask IoU of the two boundary bands
/// (<see cref="BandSet"/>), whose half-width d comes from each mask's own size. It is needed only where the mask IoU
/// is positive: where that is 0 the bands' boxes do not overlap either (a band's box is its mask's), so both are 0;
/// where it is -1 (masks of different sizes) the band IoU is -1 or 0 and the min is -1. Each ground truth's band is
/// made once, when its row first needs it; each detection's once per cell, when a row first needs it.
/// <para>
/// A mask IoU below <see cref="Floor"/> is left as it is, without the bands: the min would be at most that value, so
/// also below the floor, and the greedy matcher skips every IoU below the lowest threshold (<c>ious &lt; iou</c>
/// with <c>iou = min(t, 1 - 1e-10)</c>), so the matches are the same. With a floor of 0 every value is the reference's.
/// </para>
/// </remarks>
/// <param name="dilationRatio">The band's half-width as a fraction of the image diagonal.</param>
/// <param name="floor">The lowest IoU the matcher can use: the least <c>min(t, 1 - 1e-10)</c> over the thresholds t.</param>
internal sealed class BoundaryCellIou(double dilationRatio, double floor) : MaskCellIou
{
    [ThreadStatic]
    private static Bands? current;

    /// <summary>The dilation ratio: the band's half-width is this fraction of the image diagonal.</summary>
    public double DilationRatio { get; } = dilationRatio;

    /// <summary>Mask IoUs below this keep their value (see the remarks).</summary>
    public double Floor { get; } = floor;

    /// <summary>The floor of a set of thresholds: the least <c>min(t, 1 - 1e-10)</c>, as the matcher compares.</summary>
    /// <param name="thresholds">The IoU thresholds (at least one).</param>
    public static double FloorOf(IEnumerable<double> thresholds) => thresholds.Min(t => Math.Min(t, 1 - 1e-10));

    private protected override void FinishRow(in MaskRow row)
    {
        var bands = current ??= new Bands();
        var values = row.Values;
        if (row.GtIndex == 0)
        {
            bands.BeginCell(values.Length);
        }

        // Parity: a crowd truth keeps the crowd mask IoU (ious[:, iscrowd == 0] alone take the min).
        if (row.Truth.IsCrowd)
        {
            return;
        }

        bool truthMade = false;
        BandFrame truth = default;
        int radius = BandSet.Radius(DilationRatio, row.TruthHeight, row.TruthWidth);
        for (int d = 0; d < values.Length; d++)
        {
            if (!(values[d] > 0) || values[d] < Floor)
            {
                continue;
            }

            if (row.TruthCount < 0 || row.RunLengths[d] < 0)
            {
                throw new DetEvalInputException(GroundTruthSource, $"image {row.Image.Id}, ground truth {row.Truth.Id}", "boundary IoU needs masks of fewer than 2^31 pixels");
            }

            if (!truthMade)
            {
                bands.Truth.Clear();
                truth = bands.Truth.Add(row.TruthStarts, row.TruthEnds, row.TruthHeight, radius);
                truthMade = true;
            }

            // A positive mask IoU means one size, so the detection's d is the truth's.
            ref var detection = ref bands.Detection(d);
            if (!detection.Made)
            {
                detection = (true, bands.Detections.Add(row.DetectionStartsOf(d), row.DetectionEndsOf(d), row.TruthHeight, radius));
            }

            values[d] = Math.Min(values[d], bands.Detections.Iou(detection.Frame, bands.Truth, truth));
        }
    }

    /// <summary>Per-thread bands: the current truth's, and the cell's detections' (made when first needed).</summary>
    private sealed class Bands
    {
        private (bool Made, BandFrame Frame)[] detections = new (bool, BandFrame)[128];

        public BandSet Truth { get; } = new();

        public BandSet Detections { get; } = new();

        public void BeginCell(int detCount)
        {
            if (detections.Length < detCount)
            {
                detections = new (bool, BandFrame)[Math.Max(detCount, detections.Length * 2)];
            }

            detections.AsSpan(0, detCount).Clear();
            Detections.Clear();
        }

        public ref (bool Made, BandFrame Frame) Detection(int detIndex) => ref detections[detIndex];
    }
}
