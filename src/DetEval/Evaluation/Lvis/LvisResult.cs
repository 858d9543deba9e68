using DetEval.Evaluation;

namespace DetEval;

/// <summary>
/// The outcome of an LVIS evaluation: the 13 results, per-category numbers, the frequency groups and lvis-api's
/// <c>precision[T,R,K,A]</c> and <c>recall[T,K,A]</c> arrays.
/// </summary>
public sealed class LvisResult
{
    private readonly int[][] groups;

    internal LvisResult(LvisOptions options, IReadOnlyList<LvisCategory> categories, CocoResult coco)
    {
        Options = options;
        Coco = coco;
        LvisCategories = categories;
        groups = new int[3][];
        for (int f = 0; f < 3; f++)
        {
            // Parity: _prepare_freq_group lists category indices in sorted-id order.
            groups[f] = [.. Enumerable.Range(0, categories.Count).Where(k => (int)categories[k].Frequency == f)];
        }

        int m = coco.Options.MaxDetections[0];
        int[] all = [.. Enumerable.Range(0, categories.Count)];
        double Ap(double? iou, string area, int[] which) => coco.Summarize(true, iou, area, m, which);
        double Ar(string area) => coco.Summarize(false, null, area, m, all);
        Stats = new LvisStats(
            Ap(null, "all", all), Ap(0.5, "all", all), Ap(0.75, "all", all),
            Ap(null, "small", all), Ap(null, "medium", all), Ap(null, "large", all),
            Ap(null, "all", groups[0]), Ap(null, "all", groups[1]), Ap(null, "all", groups[2]),
            Ar("all"), Ar("small"), Ar("medium"), Ar("large"));
        var rows = new LvisCategoryResult[categories.Count];
        for (int k = 0; k < rows.Length; k++)
        {
            var c = coco.Categories[k];
            rows[k] = new LvisCategoryResult(categories[k].Id, categories[k].Frequency, c.Stats.AP, c.Stats.AP50, c.Stats.AP75, c.Stats.AR100, c.NumGroundTruths, c.NumDetections);
        }

        Categories = rows;
    }

    /// <summary>The parameters used.</summary>
    public LvisOptions Options { get; }

    /// <summary>The 13 results.</summary>
    public LvisStats Stats { get; }

    /// <summary>lvis-api's names of <see cref="Stats"/> for this cap (AP ... APf, AR@300, ARs@300, ARm@300, ARl@300).</summary>
    public IReadOnlyList<string> StatNames => LvisStats.NamesFor(Options.MaxDetectionsPerImage);

    /// <summary>Per-category numbers, in <see cref="CategoryIds"/> order.</summary>
    public IReadOnlyList<LvisCategoryResult> Categories { get; }

    /// <summary>The categories (with names and frequency groups) in array order, sorted by id.</summary>
    public IReadOnlyList<LvisCategory> LvisCategories { get; }

    /// <summary>Category ids in array order (sorted).</summary>
    public IReadOnlyList<long> CategoryIds => Coco.CategoryIds;

    /// <summary>The number of images that took part.</summary>
    public int ImageCount => Coco.ImageCount;

    /// <summary>
    /// The same evaluation in the COCO engine's terms: <c>precision[T,R,K,A,M=1]</c>, recall, scores, raw ranked curves
    /// (<see cref="CocoResult.GetCurve"/>), what the COCO report writers and plots take. Its <c>Stats</c> are COCO's
    /// summary at the cap, not LVIS's results: read <see cref="Stats"/> for those.
    /// </summary>
    public CocoResult Coco { get; }

    /// <summary>Shape of <see cref="Precision"/>: T, R, K, A.</summary>
    public (int T, int R, int K, int A) Shape => (Coco.Shape.T, Coco.Shape.R, Coco.Shape.K, Coco.Shape.A);

    /// <summary><c>precision[T,R,K,A]</c> in C order; -1 where a category has no ground truth in that range.</summary>
    public ReadOnlySpan<double> Precision => Coco.Precision;

    /// <summary><c>recall[T,K,A]</c> in C order; -1 where a category has no ground truth in that range.</summary>
    public ReadOnlySpan<double> Recall => Coco.Recall;

    /// <summary>One entry of <see cref="Precision"/>.</summary>
    /// <param name="thresholdIndex">IoU threshold index.</param>
    /// <param name="recallIndex">Recall threshold index.</param>
    /// <param name="categoryIndex">Category index.</param>
    /// <param name="areaIndex">Area range index.</param>
    /// <returns>The precision.</returns>
    public double PrecisionAt(int thresholdIndex, int recallIndex, int categoryIndex, int areaIndex) =>
        Coco.PrecisionAt(thresholdIndex, recallIndex, categoryIndex, areaIndex, 0);

    /// <summary>One entry of <see cref="Recall"/>.</summary>
    /// <param name="thresholdIndex">IoU threshold index.</param>
    /// <param name="categoryIndex">Category index.</param>
    /// <param name="areaIndex">Area range index.</param>
    /// <returns>The recall.</returns>
    public double RecallAt(int thresholdIndex, int categoryIndex, int areaIndex) => Coco.RecallAt(thresholdIndex, categoryIndex, areaIndex, 0);

    /// <summary>The category indices of one frequency group, ascending (lvis-api's <c>freq_groups</c>).</summary>
    /// <param name="frequency">The group.</param>
    /// <returns>Indices into <see cref="CategoryIds"/>.</returns>
    public IReadOnlyList<int> FrequencyGroup(LvisFrequency frequency) => groups[(int)frequency];
}
