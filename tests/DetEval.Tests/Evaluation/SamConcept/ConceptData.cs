namespace DetEval.Tests.Evaluation.SamConcept;

/// <summary>Builds small SA-Co datasets in code: pairs on a 100 x 100 picture, instances and predictions as boxes.</summary>
internal sealed class ConceptData
{
    private readonly List<SaCoPair> pairs = [];
    private readonly List<GroundTruth> truths = [];
    private readonly List<Detection> predictions = [];

    /// <summary>Adds a pair (exhaustive unless told otherwise).</summary>
    public ConceptData Pair(long id, string phrase = "thing", bool exhaustive = true)
    {
        pairs.Add(new SaCoPair(new ImageInfo(id, 100, 100, $"pic{id}.jpg"), phrase, exhaustive));
        return this;
    }

    /// <summary>Adds an instance [x, y, w, h] to a pair.</summary>
    public ConceptData Truth(long pairId, double x, double y, double w, double h, bool crowd = false, long category = 1)
    {
        var box = new Box(x, y, w, h);
        truths.Add(new GroundTruth(truths.Count + 1, pairId, category, box, box.Area, crowd, Segmentation: Mask(box)));
        return this;
    }

    /// <summary>Adds a prediction [x, y, w, h] with a score to a pair.</summary>
    public ConceptData Prediction(long pairId, double x, double y, double w, double h, double score = 0.9, long category = 1)
    {
        var box = new Box(x, y, w, h);
        predictions.Add(new Detection(pairId, category, box, score, box.Area, Mask(box)));
        return this;
    }

    public SaCoDataset Dataset() => new([.. pairs], [new Category(1, "object")], [.. truths], "gt.json");

    public DetectionSet Predictions() => new([.. predictions], "dt.json");

    /// <summary>A box as a mask (rasterised as the reference rasterises a box polygon).</summary>
    private static Segmentation Mask(Box box) => Segmentation.FromRle(Rle.FromBox(box, 100, 100));
}
