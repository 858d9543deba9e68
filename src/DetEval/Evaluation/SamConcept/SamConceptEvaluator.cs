using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Evaluation.State;
using DetEval.Matching;
using DetEval.Metrics;

namespace DetEval;

/// <summary>
/// Incremental evaluation of SAM 3 concept segmentation (sam3's <c>CGF1Evaluator</c>: cgF1, IL_MCC, positive micro
/// F1): <see cref="Update(long, ReadOnlySpan{Detection})"/> matches one (image, noun phrase) pair against every annotator and keeps only the counts;
/// <see cref="Compute"/> accumulates them.
/// </summary>
/// <remarks>
/// <para>
/// Evaluated pairs: those of the first ground-truth file marked <c>is_instance_exhaustive</c>, minus those any other
/// file marks as not exhaustive; updates of other pairs are ignored, as the reference ignores their predictions.
/// Per pair and annotator: predictions of the file's categories with <c>score &gt;= 0.5</c> (D) against the non-crowd
/// instances of the file's categories (G); when both are present, one assignment maximising the total IoU
/// (<c>linear_sum_assignment(-IoU)</c>) gives TP(t) = the assigned pairs with IoU &gt;= t.
/// </para>
/// <para>
/// Several files (the oracle): one result per pair is kept, the first file's unless a later file's is a true negative,
/// or neither is one and the later file's mean local F1 is strictly greater.
/// </para>
/// <para>
/// Thread-safe: updates match outside the lock and append under a short one. <see cref="Compute"/> accumulates in the
/// first file's pair order, so results do not depend on the order of updates or on how pairs were split.
/// </para>
/// </remarks>
public sealed class SamConceptEvaluator : IEvaluator<SamConceptEvaluator, SamConceptEvaluationState, SamConceptResult>
{
    private readonly IReadOnlyList<SaCoDataset>? annotators;
    private readonly Dictionary<long, int> ordinals = [];
    private readonly long[][] categoryIds = [];
    private readonly CellIou iou;
    private readonly RecordLog<ConceptPairRecord, long, SamConceptResult> records = new(static r => r.PairId);

    /// <summary>Creates an evaluator for one annotator's ground truth.</summary>
    /// <param name="options">The parameters, e.g. <see cref="SamConceptOptions.Reference"/>.</param>
    /// <param name="groundTruth">The ground truth.</param>
    public SamConceptEvaluator(SamConceptOptions options, SaCoDataset groundTruth)
        : this(options, [groundTruth])
    {
    }

    /// <summary>Creates an evaluator for several annotators of the same pairs (the oracle setting).</summary>
    /// <param name="options">The parameters, e.g. <see cref="SamConceptOptions.Reference"/>.</param>
    /// <param name="annotators">The ground-truth files; the first decides which pairs exist and their order.</param>
    /// <exception cref="DetEvalInputException">A later file does not list an evaluated pair of the first.</exception>
    public SamConceptEvaluator(SamConceptOptions options, IReadOnlyList<SaCoDataset> annotators)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(annotators);
        if (annotators.Count == 0)
        {
            throw new ArgumentException("at least one ground truth is needed", nameof(annotators));
        }

        Options = options;
        this.annotators = annotators;
        iou = CellIouOf(options);

        // Parity: the first file's exhaustive pairs, minus every pair another file marks as not exhaustive.
        var excluded = new HashSet<long>(annotators.Skip(1).SelectMany(a => a.Pairs).Where(p => !p.IsInstanceExhaustive).Select(p => p.Id));
        var evaluated = annotators[0].Pairs.Where(p => p.IsInstanceExhaustive && !excluded.Contains(p.Id)).Select(p => p.Id).ToArray();
        for (int i = 0; i < evaluated.Length; i++)
        {
            ordinals.Add(evaluated[i], i);
        }

        for (int a = 1; a < annotators.Count; a++)
        {
            foreach (long id in evaluated)
            {
                if (!annotators[a].TryGetPair(id, out _))
                {
                    throw new DetEvalInputException(annotators[a].Source, "$.images", $"pair {id} of {Path.GetFileName(annotators[0].Source)} is missing; every ground-truth file must list every evaluated pair");
                }
            }
        }

        // Parity: each file's categories, sorted (p.catIds = sorted(getCatIds())).
        categoryIds = [.. annotators.Select(a => a.Dataset.Categories.Select(c => c.Id).Distinct().Order().ToArray())];
        EvaluatedPairIds = Array.AsReadOnly(evaluated);
        AnnotatorCount = annotators.Count;
        DatasetFingerprint = Fingerprint(categoryIds);
        PairListFingerprint = StateFile.Fingerprint(evaluated);
    }

    /// <summary>An evaluator rebuilt from a state: it merges and computes but has no ground truth to update with.</summary>
    private SamConceptEvaluator(SamConceptEvaluationState state)
    {
        Options = state.Options;
        iou = CellIouOf(state.Options);
        EvaluatedPairIds = Array.Empty<long>();
        AnnotatorCount = state.AnnotatorCount;
        EvaluatedPairCount = state.EvaluatedPairCount;
        DatasetFingerprint = state.DatasetFingerprint;
        PairListFingerprint = state.PairListFingerprint;
    }

    /// <summary>The parameters.</summary>
    public SamConceptOptions Options { get; }

    /// <summary>The number of ground-truth files (annotators).</summary>
    public int AnnotatorCount { get; }

    /// <summary>The pairs the reference evaluates, in the first file's order (empty for an evaluator rebuilt from a state).</summary>
    public IReadOnlyList<long> EvaluatedPairIds { get; }

    /// <summary>The number of pairs recorded so far.</summary>
    public int ImageCount => records.Count;

    /// <summary>The number of pairs the ground truth has to evaluate.</summary>
    internal int EvaluatedPairCount
    {
        get => annotators is null ? field : EvaluatedPairIds.Count;
        private init;
    }

    internal ulong DatasetFingerprint { get; }

    internal ulong PairListFingerprint { get; }

    /// <summary>A new evaluator holding exactly <paramref name="state"/>; it can merge and compute, but not update (it has no ground truth).</summary>
    /// <param name="state">The state.</param>
    /// <returns>The evaluator.</returns>
    public static SamConceptEvaluator FromState(SamConceptEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var evaluator = new SamConceptEvaluator(state);
        evaluator.Merge(state);
        return evaluator;
    }

    /// <summary>
    /// Matches one pair's predictions against every annotator's instances and records the kept result. A pair that is
    /// not evaluated is ignored. Every evaluated pair must be updated (with no predictions if the model gave none) for
    /// its image-level outcome to count.
    /// </summary>
    /// <param name="pairId">The pair (<c>image_id</c>).</param>
    /// <param name="predictions">The pair's predictions, in file order (box or mask, with score and category).</param>
    /// <exception cref="InvalidOperationException">The pair was recorded before, or the evaluator was rebuilt from a state.</exception>
    /// <exception cref="DetEvalInputException">A mask cannot be decoded.</exception>
    public void Update(long pairId, ReadOnlySpan<Detection> predictions)
    {
        var annotatorFiles = annotators ?? throw RebuiltFromState();
        if (ordinals.TryGetValue(pairId, out int ordinal))
        {
            records.AddAll([Match(annotatorFiles, ordinal, pairId, predictions)], static id => $"pair {id} was already recorded");
        }
    }

    /// <summary>
    /// Records every evaluated pair (or those of one <see cref="Shard"/>, partitioned by pair id as every protocol's
    /// images are) with its predictions from a whole predictions file, in parallel; all or none.
    /// Predictions on other pairs are ignored.
    /// </summary>
    /// <param name="predictions">The predictions, e.g. from <see cref="SaCoReader.ReadPredictions"/>.</param>
    /// <param name="shard">Record only the evaluated pairs of this shard (<see cref="Shard.Contains(long)"/> of the pair id); null: every pair.</param>
    /// <exception cref="InvalidOperationException">A pair was recorded before, or the evaluator was rebuilt from a state.</exception>
    /// <exception cref="DetEvalInputException">A mask cannot be decoded (the error of the earliest such pair, naming the predictions' file), or,
    /// with mask IoU, a kept prediction's mask differs in size from an instance it is compared with (the reference's IoU -1, a silent miss).</exception>
    public void Update(DetectionSet predictions, Shard? shard = null)
    {
        ArgumentNullException.ThrowIfNull(predictions);
        var annotatorFiles = annotators ?? throw RebuiltFromState();
        if (Options.IouType == IouType.Segm)
        {
            ConceptMaskSizes.Check(annotatorFiles, categoryIds, predictions, SaCoReader.ArrayPathOf(predictions), Options.ScoreThreshold, id => this.ordinals.ContainsKey(id) && (shard is not { } s || s.Contains(id)));
        }

        var first = annotatorFiles[0].Dataset;
        var known = predictions;
        foreach (ref readonly var d in predictions.AsSpan())
        {
            if (first.IndexOfImage(d.ImageId) < 0)
            {
                // Parity: predictions on pairs the ground truth lacks are never looked at.
                known = new DetectionSet([.. predictions.AsSpan().ToArray().Where(p => first.IndexOfImage(p.ImageId) >= 0)], predictions.Source);
                break;
            }
        }

        var groups = ImageGroups.Build(first, known);
        int[] ordinals = [.. Enumerable.Range(0, EvaluatedPairIds.Count).Where(i => shard is not { } s || s.Contains(EvaluatedPairIds[i]))];
        int count = ordinals.Length;
        var batch = new ConceptPairRecord[count];
        var errors = new DetEvalInputException?[count];
        int firstError = int.MaxValue;
        Parallel.For(0, count, Parallelism.Options, k =>
        {
            if (k > Volatile.Read(ref firstError))
            {
                return;
            }

            int ordinal = ordinals[k];
            long id = EvaluatedPairIds[ordinal];
            try
            {
                batch[k] = Match(annotatorFiles, ordinal, id, groups.Detections(first.IndexOfImage(id)));
            }
            catch (DetEvalInputException e)
            {
                // A bad prediction mask found while matching names the predictions' file.
                errors[k] = e.File == MaskCellIou.DetectionSource && predictions.Source.Length > 0 ? new DetEvalInputException(predictions.Source, e.Location, e.Problem, e) : e;
                int seen;
                while (k < (seen = Volatile.Read(ref firstError)) && Interlocked.CompareExchange(ref firstError, k, seen) != seen)
                {
                }
            }
        });

        if (firstError != int.MaxValue)
        {
            throw errors[firstError]!;
        }

        records.AddAll(batch, static id => $"pair {id} was already recorded");
    }

    /// <summary>The result over every pair recorded so far; non-destructive, cached until the next change.</summary>
    /// <returns>The result.</returns>
    public SamConceptResult Compute() => records.Compute(ComputeFrom);

    /// <summary>Forgets every recorded pair.</summary>
    public void Reset() => records.Clear();

    /// <summary>An immutable snapshot of every pair recorded so far (in the evaluated pairs' order).</summary>
    /// <returns>The state.</returns>
    public SamConceptEvaluationState Snapshot()
    {
        var snapshot = records.Snapshot();
        Array.Sort(snapshot, static (x, y) => x.Ordinal.CompareTo(y.Ordinal));
        return new SamConceptEvaluationState(Options, DatasetFingerprint, PairListFingerprint, EvaluatedPairCount, AnnotatorCount, snapshot);
    }

    /// <summary>Adds another evaluator's state. Exact: <see cref="Compute"/> then equals one evaluator that saw every pair.</summary>
    /// <param name="state">The other state: same options and ground truth.</param>
    /// <exception cref="InvalidOperationException">The options or ground truth differ, or a pair is in both.</exception>
    public void Merge(SamConceptEvaluationState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var mine = new SamConceptEvaluationState(Options, DatasetFingerprint, PairListFingerprint, EvaluatedPairCount, AnnotatorCount, []);
        if (!mine.IsCompatibleWith(state, out string why))
        {
            throw new InvalidOperationException($"cannot merge: {why}");
        }

        if (state.PairListFingerprint != PairListFingerprint)
        {
            throw new InvalidOperationException("cannot merge: the ground truths evaluate other pairs or list them in another order (concept shards read the same ground-truth files and split the pairs, e.g. with --shard)");
        }

        records.AddAll(state.Records, static id => $"cannot merge: pair {id} is in both states");
    }

    private static InvalidOperationException RebuiltFromState() =>
        new("this evaluator was rebuilt from a state and has no ground truth; create one with the ground truth and merge the state into it");

    /// <summary>Matches one evaluated pair against every annotator and keeps the oracle's choice.</summary>
    private ConceptPairRecord Match(IReadOnlyList<SaCoDataset> files, int ordinal, long pairId, ReadOnlySpan<Detection> predictions)
    {
        var matches = new ConceptMatch[files.Count];
        var summaries = new ConceptMatchSummary[files.Count];
        for (int a = 0; a < files.Count; a++)
        {
            files[a].TryGetPair(pairId, out var pair);
            ConceptMatch m;
            try
            {
                m = ConceptMatcher.Match(pair.Image, files[a].TruthsOf(pairId), categoryIds[a], predictions, iou, Options.ScoreThreshold, Options.IouThresholds);
            }
            catch (DetEvalInputException e) when (e.File == MaskCellIou.GroundTruthSource && files[a].Source.Length > 0)
            {
                // A bad or missing instance mask names the ground-truth file it is in.
                throw new DetEvalInputException(files[a].Source, e.Location, e.Problem, e);
            }

            matches[a] = m;
            summaries[a] = m.Predictions == 0 && m.Truths == 0
                ? new ConceptMatchSummary(true, 0)
                : new ConceptMatchSummary(false, ConceptMetrics.MeanLocalF1(m.TruePositives, m.Predictions, m.Truths));
        }

        int chosen = ConceptMetrics.SelectAnnotator(summaries);
        files[0].TryGetPair(pairId, out var first);
        var kept = matches[chosen];
        return new ConceptPairRecord(ordinal, pairId, chosen, kept.Predictions, kept.Truths, kept.TruePositives, first.Phrase, first.Image.FileName ?? "");
    }

    private SamConceptResult ComputeFrom(ConceptPairRecord[] snapshot)
    {
        // Parity: the reference accumulates in the order of its evaluated pair ids (the first file's order).
        Array.Sort(snapshot, static (x, y) => x.Ordinal.CompareTo(y.Ordinal));
        var totals = ConceptMetrics.Accumulate(snapshot, Options.IouThresholds.Count);
        return new SamConceptResult(Options, totals, snapshot);
    }

    private static CellIou CellIouOf(SamConceptOptions options) =>
        options.IouType == IouType.Segm ? MaskCellIou.Instance : BoxCellIou.Instance;

    /// <summary>What every shard shares: the number of ground-truth files and each one's sorted category ids.</summary>
    private static ulong Fingerprint(long[][] categories) =>
        StateFile.Fingerprint([categories.Length, .. categories.SelectMany(ids => (long[])[ids.Length, .. ids])]);
}
