using DetEval.Matching;

namespace DetEval.Metrics;

/// <summary>
/// The COCO result of a resample of the images, computed from the kept match records without matching or sorting
/// again: each category's detections are pooled and sorted once; a resample only says how often each image was
/// drawn, and its ranked list is the pooled list with every run of equal-score detections of one image repeated
/// that many times. That is exactly the order pycocotools gives a dataset holding the drawn copies as images of
/// their own (ids in the original order, copies side by side): ties go by image, then by rank within the image.
/// </summary>
internal sealed class CocoResampling
{
    private readonly MatchContext context;
    private readonly CategoryData[] categories;
    private readonly SummaryPlan[] plans;

    /// <param name="records">The records, sorted by image id (as <see cref="CocoResult"/> holds them).</param>
    /// <param name="context">The evaluation's options and categories.</param>
    public CocoResampling(IReadOnlyList<ImageMatch> records, MatchContext context)
    {
        this.context = context;
        ImageCount = records.Count;
        plans = SummaryPlan.Stats(context.Options);
        int k = context.CategoryIds.Length;
        categories = new CategoryData[k];
        var cells = RecordPool.Cells.Build(records, k);
        Parallel.For(0, k, Parallelism.Options, category =>
            categories[category] = new CategoryData(records, context, category, cells));
    }

    public int ImageCount { get; }

    /// <summary>The metrics of one resample: the 12 stats, then the 12 stats of each category.</summary>
    public int MetricCount => CocoStats.Names.Count * (1 + categories.Length);

    public Scratch CreateScratch()
    {
        var o = context.Options;
        return new Scratch(
            new Accumulation(o.IouThresholds.Count, o.RecallThresholds.Count, categories.Length, o.AreaRanges.Count, o.MaxDetections.Count),
            plans.Max(p => p.BufferLength(o.RecallThresholds.Count, categories.Length)));
    }

    /// <summary>Writes the metrics of the resample with <paramref name="weights"/> (draws per image, in record order).</summary>
    public void Evaluate(ReadOnlySpan<int> weights, Scratch scratch, Span<double> metrics)
    {
        var o = context.Options;
        var arrays = scratch.Arrays;
        arrays.Precision.AsSpan().Fill(-1);
        arrays.Recall.AsSpan().Fill(-1);
        arrays.Scores.AsSpan().Fill(-1);
        int areaCount = o.AreaRanges.Count;
        Span<long> positives = stackalloc long[areaCount];
        for (int k = 0; k < categories.Length; k++)
        {
            var data = categories[k];
            positives.Clear();
            long expanded = 0;
            for (int cell = 0; cell < data.CellImage.Length; cell++)
            {
                int w = weights[data.CellImage[cell]];
                for (int a = 0; a < areaCount; a++)
                {
                    positives[a] += w * data.CellPositives[(cell * areaCount) + a];
                }
            }

            for (int g = 0; g + 1 < data.GroupStart.Length; g++)
            {
                expanded += (long)weights[data.Image[data.GroupStart[g]]] * (data.GroupStart[g + 1] - data.GroupStart[g]);
            }

            var selected = scratch.Selected(checked((int)expanded));
            long most = 0;
            foreach (long p in positives)
            {
                most = Math.Max(most, p);
            }

            var sampler = scratch.Sampler(o.IouThresholds.Count, (int)Math.Min(most, expanded));
            for (int maxDetIndex = 0; maxDetIndex < o.MaxDetections.Count; maxDetIndex++)
            {
                int maxDet = o.MaxDetections[maxDetIndex];
                int n = 0;
                for (int g = 0; g + 1 < data.GroupStart.Length; g++)
                {
                    int start = data.GroupStart[g], end = data.GroupStart[g + 1];
                    for (int copy = weights[data.Image[start]]; copy > 0; copy--)
                    {
                        for (int e = start; e < end; e++)
                        {
                            if (data.Rank[e] < maxDet)
                            {
                                selected[n++] = e;
                            }
                        }
                    }
                }

                for (int a = 0; a < areaCount; a++)
                {
                    CocoAccumulator.WalkAndFill(arrays, o, k, a, maxDetIndex, sampler, data.Flags, data.Kinds, data.Scores, selected.AsSpan(0, n), positives[a]);
                }
            }
        }

        int stats = CocoStats.Names.Count;
        for (int s = 0; s < stats; s++)
        {
            metrics[s] = plans[s].Evaluate(arrays, null, scratch.Buffer);
        }

        for (int k = 0; k < categories.Length; k++)
        {
            for (int s = 0; s < stats; s++)
            {
                metrics[stats + (k * stats) + s] = plans[s].Evaluate(arrays, k, scratch.Buffer);
            }
        }
    }

    /// <summary>Per-thread buffers: the accumulated arrays, the ranked selection, the sampler and the summary buffer.</summary>
    internal sealed class Scratch(Accumulation arrays, int bufferLength)
    {
        private int[] selected = new int[1024];
        private PrecisionRecallWalk? sampler;

        public Accumulation Arrays { get; } = arrays;

        public double[] Buffer { get; } = new double[bufferLength];

        public int[] Selected(int n)
        {
            if (selected.Length < n)
            {
                selected = new int[Math.Max(n, selected.Length * 2)];
            }

            return selected;
        }

        public PrecisionRecallWalk Sampler(int thresholds, int maxTruePositives)
        {
            if (sampler is null || sampler.Capacity < maxTruePositives)
            {
                sampler = new PrecisionRecallWalk(thresholds, Math.Max(maxTruePositives, (sampler?.Capacity ?? 0) * 2));
            }

            return sampler;
        }
    }

    /// <summary>One category's detections pooled and sorted once, cut into runs of equal score on one image.</summary>
    private sealed class CategoryData
    {
        public CategoryData(IReadOnlyList<ImageMatch> records, MatchContext context, int category, RecordPool.Cells cells)
        {
            var cellImage = cells.Image[cells.Start[category]..cells.Start[category + 1]];
            var cellIndex = cells.Index[cells.Start[category]..cells.Start[category + 1]];
            var pooled = RecordPool.Pool(records, cells, category, context.AreaCount, context.ThresholdCount);
            int total = pooled.Scores.Length, areaCount = context.AreaCount;
            Scores = pooled.Scores;
            Rank = pooled.Rank;
            Flags = pooled.Flags;
            Image = pooled.Image;
            Kinds = CocoAccumulator.Kinds(pooled.Flags, total, areaCount, context.ThresholdCount);
            CellImage = cellImage;
            CellPositives = new long[cellImage.Length * areaCount];
            for (int cell = 0; cell < cellImage.Length; cell++)
            {
                var record = records[cellImage[cell]];
                for (int a = 0; a < areaCount; a++)
                {
                    CellPositives[(cell * areaCount) + a] = record.PositiveCount[(cellIndex[cell] * areaCount) + a];
                }
            }

            var starts = new List<int>();
            for (int i = 0; i < total; i++)
            {
                if (i == 0 || Scores[i] != Scores[i - 1] || Image[i] != Image[i - 1])
                {
                    starts.Add(i);
                }
            }

            starts.Add(total);
            GroupStart = [.. starts];
        }

        public double[] Scores { get; }

        public int[] Rank { get; }

        public byte[] Flags { get; }

        public byte[] Kinds { get; }

        /// <summary>Each pooled detection's image (an index into the records).</summary>
        public int[] Image { get; }

        /// <summary>Where each run of equal score on one image starts, and the total at the end.</summary>
        public int[] GroupStart { get; }

        public int[] CellImage { get; }

        public long[] CellPositives { get; }
    }
}
