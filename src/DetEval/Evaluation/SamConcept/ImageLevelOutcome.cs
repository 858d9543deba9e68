namespace DetEval;

/// <summary>
/// How a concept-segmentation pair counts at the image level: is the phrase present (the annotator has instances)
/// and does the model say so (it keeps a prediction above the score cut)?
/// </summary>
public enum ImageLevelOutcome
{
    /// <summary>Instances and kept predictions: the pair's instances are matched and counted.</summary>
    TruePositive,

    /// <summary>No instance but kept predictions: every kept prediction is a false positive.</summary>
    FalsePositive,

    /// <summary>No instance and no kept prediction: the pair has no instance counts.</summary>
    TrueNegative,

    /// <summary>Instances but no kept prediction: every instance is a false negative.</summary>
    FalseNegative,
}
