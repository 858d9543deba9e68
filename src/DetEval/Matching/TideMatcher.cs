using DetEval.Metrics;

namespace DetEval.Matching;

/// <summary>
/// tidecv 1.0.1's per-image step (<c>TIDEExample</c> and <c>TIDERun._eval_image</c>): match detections to ground
/// truths of their class, ignore those inside crowd regions, then give every false positive and ignored detection
/// one error type and remember, per ground truth, the best-scoring error that could fix it.
/// </summary>
internal static class TideMatcher
{
    public static TideImageRecord Match(TideOptions options, ImageInfo image, IReadOnlyList<GroundTruth> truths, ReadOnlySpan<Detection> detections)
    {
        var scratch = MatchScratch.Current;
        CellIou iou = options.IouType == IouType.Segm ? MaskCellIou.Instance : BoxCellIou.Instance;
        if (options.IouType == IouType.Segm)
        {
            for (int i = 0; i < detections.Length; i++)
            {
                if (detections[i].Segmentation is null)
                {
                    // Parity: a mask run reads only "segmentation"; no mask is made from a box.
                    throw new DetEvalInputException("", $"image {image.Id}, detection {i} of category {detections[i].CategoryId}", "has no segmentation, which segm TIDE needs");
                }
            }
        }

        // Parity: iscrowd 1 makes an ignore region; the "ignore" field is never read.
        var regular = new List<int>(truths.Count);
        var crowd = new List<int>();
        for (int g = 0; g < truths.Count; g++)
        {
            (truths[g].IsCrowd ? crowd : regular).Add(g);
        }

        int gtCount = regular.Count;
        var truthClass = new long[gtCount];
        for (int g = 0; g < gtCount; g++)
        {
            truthClass[g] = truths[regular[g]].CategoryId;
        }

        // Parity: a stable sort by descending score, then the best max_dets of the image over all classes.
        var scores = new double[detections.Length];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = detections[i].Score;
        }

        int[] order = StableSort.ArgsortDescending(scores);
        int detCount = Math.Min(order.Length, options.MaxDetections);
        var kept = order.AsSpan(0, detCount);
        var record = new TideImageRecord
        {
            ImageId = image.Id,
            TruthClass = truthClass,
            TruthOutcome = new byte[gtCount],
            DetectionClass = new long[detCount],
            Scores = new double[detCount],
            Outcome = new byte[detCount],
            Error = new byte[detCount],
            FixTarget = new int[detCount],
        };
        for (int d = 0; d < detCount; d++)
        {
            record.DetectionClass[d] = detections[kept[d]].CategoryId;
            record.Scores[d] = detections[kept[d]].Score;
            record.FixTarget[d] = -1;
        }

        if (detCount == 0)
        {
            // Parity: an image without detections: every ground truth is Missed.
            record.TruthOutcome.AsSpan().Fill((byte)MatchFlag.Ignored);
            return record;
        }

        // ious[g * detCount + d], non-crowd ground truths in file order, detections in score order.
        var ious = new double[gtCount * detCount];
        if (gtCount > 0)
        {
            iou.Compute(image, truths, regular.ToArray(), detections, kept, ious, scratch);
        }

        var used = new bool[gtCount];
        MatchDetections(options, record, ious, used);
        IgnoreInCrowds(options, image, truths, crowd, detections, kept, record, iou, scratch);
        AssignErrors(options, record, ious, used);
        return record;
    }

    private static void MatchDetections(TideOptions options, TideImageRecord record, double[] ious, bool[] used)
    {
        int gtCount = record.TruthCount, detCount = record.DetectionCount;
        var row = new Row(record, ious, used);
        for (int d = 0; d < detCount; d++)
        {
            // Parity: np.argmax over the detection's row with other classes and used ground truths zeroed: the
            // first ground truth with the highest IoU wins (pycocotools' matcher takes the last); match at >= t.
            var (g, value) = row.ArgMax(d, Among.UnusedOwnClass);
            if (value >= options.PositiveThreshold)
            {
                used[g] = true;
                record.Outcome[d] = (byte)MatchFlag.TruePositive;
            }
        }

        for (int g = 0; g < gtCount; g++)
        {
            record.TruthOutcome[g] = used[g] ? (byte)MatchFlag.TruePositive : (byte)MatchFlag.Ignored;
        }
    }

    private static void IgnoreInCrowds(
        TideOptions options, ImageInfo image, IReadOnlyList<GroundTruth> truths, List<int> crowd, ReadOnlySpan<Detection> detections,
        ReadOnlySpan<int> kept, TideImageRecord record, CellIou iou, MatchScratch scratch)
    {
        if (crowd.Count == 0)
        {
            return;
        }

        int detCount = record.DetectionCount;
        var crowdIous = new double[crowd.Count * detCount];
        iou.Compute(image, truths, crowd.ToArray(), detections, kept, crowdIous, scratch);
        for (int r = 0; r < crowd.Count; r++)
        {
            long regionClass = truths[crowd[r]].CategoryId;
            for (int d = 0; d < detCount; d++)
            {
                // Parity: ignored when the crowd IoU (intersection over the detection's area) is strictly above the
                // positive threshold (pycocotools ignores at >=), after all regular matches; one region ignores any number.
                if (record.Outcome[d] != (byte)MatchFlag.TruePositive && crowdIous[(r * detCount) + d] > options.PositiveThreshold
                    && record.DetectionClass[d] == regionClass)
                {
                    record.Outcome[d] = (byte)MatchFlag.Ignored;
                }
            }
        }
    }

    private static void AssignErrors(TideOptions options, TideImageRecord record, double[] ious, bool[] used)
    {
        int gtCount = record.TruthCount, detCount = record.DetectionCount;
        double positive = options.PositiveThreshold, background = options.BackgroundThreshold;
        var row = new Row(record, ious, used);
        var bestScore = new double[gtCount];
        var bestDetection = new int[gtCount];
        var usable = new bool[gtCount];
        bestScore.AsSpan().Fill(-1);
        for (int d = 0; d < detCount; d++)
        {
            if (record.Outcome[d] == (byte)MatchFlag.TruePositive)
            {
                record.Error[d] = TideImageRecord.NoError;
                continue;
            }

            // Parity: ignored detections get an error type too (tidecv 1.0.1) and may fix a Cls or Loc error.
            // The tests run in tidecv's order; the first that holds wins.
            TideErrorType type;
            int target = -1;
            (int Index, double Value) own, other;
            if (gtCount == 0)
            {
                type = TideErrorType.Background;
            }
            else if ((own = row.ArgMax(d, Among.OwnClass)).Value >= background && own.Value <= positive)
            {
                // Both ends included: IoU exactly at the positive threshold with a used ground truth is Loc, not Dupe.
                type = TideErrorType.Localization;
                target = own.Index;
            }
            else if ((other = row.ArgMax(d, Among.OtherClass)).Value >= positive)
            {
                type = TideErrorType.Classification;
                target = other.Index;
            }
            else if (row.ArgMax(d, Among.UsedOwnClass).Value >= positive)
            {
                type = TideErrorType.Duplicate;
            }
            else if (row.ArgMax(d, Among.All).Value <= background)
            {
                type = TideErrorType.Background;
            }
            else
            {
                type = TideErrorType.Both;
            }

            record.Error[d] = (byte)type;
            if (target >= 0 && !used[target])
            {
                // Parity: BestGTMatch: the target becomes usable and remembers its best-scoring Cls or Loc error,
                // the two types together (strictly higher score wins, so the first in score order on ties).
                usable[target] = true;
                if (bestScore[target] < record.Scores[d])
                {
                    bestScore[target] = record.Scores[d];
                    bestDetection[target] = d;
                }

                record.FixTarget[d] = target;
            }
        }

        for (int d = 0; d < detCount; d++)
        {
            int target = record.FixTarget[d];
            if (target >= 0 && bestDetection[target] != d)
            {
                record.FixTarget[d] = -1;
            }
        }

        for (int g = 0; g < gtCount; g++)
        {
            // A false negative that a Cls or Loc error could fix is not Missed.
            if (!used[g] && usable[g])
            {
                record.TruthOutcome[g] = (byte)MatchFlag.FalsePositive;
            }
        }
    }

    /// <summary>Which entries of a detection's IoU row the reference's masked matrix keeps (the others are 0).</summary>
    private enum Among
    {
        All,
        OwnClass,
        OtherClass,
        UsedOwnClass,
        UnusedOwnClass,
    }

    private readonly struct Row(TideImageRecord record, double[] ious, bool[] used)
    {
        /// <summary>
        /// <c>np.argmax</c> of the detection's row with the entries outside <paramref name="among"/> taken as 0: the
        /// first index of the maximum and the maximum (index 0 and value 0 when every entry is masked).
        /// </summary>
        public (int Index, double Value) ArgMax(int d, Among among)
        {
            int gtCount = record.TruthCount, detCount = record.DetectionCount;
            long cls = record.DetectionClass[d];
            int best = 0;
            double bestValue = double.NegativeInfinity;
            for (int g = 0; g < gtCount; g++)
            {
                bool own = record.TruthClass[g] == cls;
                bool kept = among switch
                {
                    Among.OwnClass => own,
                    Among.OtherClass => !own,
                    Among.UsedOwnClass => own && used[g],
                    Among.UnusedOwnClass => own && !used[g],
                    _ => true,
                };
                double v = kept ? ious[(g * detCount) + d] : 0;
                if (v > bestValue)
                {
                    bestValue = v;
                    best = g;
                }
            }

            return (best, bestValue);
        }
    }
}
