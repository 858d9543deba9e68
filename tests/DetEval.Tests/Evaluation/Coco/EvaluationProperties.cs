using DetEval.Data;
using DetEval.Evaluation;
using DetEval.Kernels;
using DetEval.Tests.Oracle;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>Property-based checks of the engine's invariants (FsCheck); data from <see cref="RandomCocoData"/> by seed.</summary>
public class EvaluationProperties
{
    [Property(MaxTest = 60)]
    public bool ApAndAr_AreInUnitIntervalOrMinusOne(int seed)
    {
        var (dataset, results) = RandomCocoData.Make(seed, images: 8);
        var result = CocoEvaluation.Evaluate(dataset, results);
        return result.Categories.Select(c => c.Stats).Append(result.Stats)
            .SelectMany(s => s.ToArray())
            .All(v => v == -1 || (v >= 0 && v <= 1));
    }

    [Property(MaxTest = 40)]
    public bool Stats_AreInvariantUnderPermutingImages(int seed)
    {
        var (dataset, results) = RandomCocoData.Make(seed, images: 8);
        var rng = new Random(seed ^ 0x5eed);
        // A new image order; truths and detections are regrouped by it, keeping their order within each image.
        var order = dataset.Images.OrderBy(_ => rng.Next()).ToList();
        var rank = order.Select((image, i) => (image.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var permuted = new DetectionDataset(order, dataset.Categories, [.. dataset.GroundTruths.OrderBy(g => rank[g.ImageId])]);
        var permutedResults = new DetectionSet(results.AsSpan().ToArray().OrderBy(d => rank[d.ImageId]));
        return Same(CocoEvaluation.Evaluate(dataset, results), CocoEvaluation.Evaluate(permuted, permutedResults), 0);
    }

    [Property(MaxTest = 40)]
    public bool Stats_AreInvariantUnderRenamingIds_WhenScoresAreUnique(int seed)
    {
        var (dataset, tied) = RandomCocoData.Make(seed, images: 8);
        var rng = new Random(seed ^ 0x1d5);
        // Unique scores, so that the order of image ids never breaks a tie.
        var scores = Enumerable.Range(1, tied.Count).Select(i => i / (double)(tied.Count + 1)).OrderBy(_ => rng.Next()).ToArray();
        var results = new DetectionSet(tied.AsSpan().ToArray().Select((d, i) => d with { Score = scores[i] }));
        var imageMap = Injective(dataset.Images.Select(i => i.Id), rng);
        var categoryMap = Injective(dataset.Categories.Select(c => c.Id).Concat(results.AsSpan().ToArray().Select(d => d.CategoryId)).Distinct(), rng);
        var renamed = new DetectionDataset(
            [.. dataset.Images.Select(i => i with { Id = imageMap[i.Id] })],
            [.. dataset.Categories.Select(c => c with { Id = categoryMap[c.Id] })],
            [.. dataset.GroundTruths.Select(g => g with { ImageId = imageMap[g.ImageId], CategoryId = categoryMap[g.CategoryId] })]);
        var renamedResults = new DetectionSet(results.AsSpan().ToArray().Select(d => d with { ImageId = imageMap[d.ImageId], CategoryId = categoryMap[d.CategoryId] }));
        return Same(CocoEvaluation.Evaluate(dataset, results), CocoEvaluation.Evaluate(renamed, renamedResults), 1e-12);
    }

    [Property(MaxTest = 60)]
    public bool AddingATopScoredPerfectDetectionOfAnUnmatchedTruth_NeverLowersAp(int seed)
    {
        var (all, allResults) = RandomCocoData.Make(seed, images: 8);
        // One category, IoU 0.5: AP is then the AP at .5 of that category.
        long category = 1;
        var dataset = new DetectionDataset(all.Images, [.. all.Categories.Where(c => c.Id == category)], [.. all.GroundTruths.Where(g => g.CategoryId == category)]);
        var detections = allResults.AsSpan().ToArray().Where(d => d.CategoryId == category).ToList();
        var options = CocoOptions.Coco() with { IouThresholds = [0.5] };
        // A truth no detection can match: IoU below 0.5 with every detection of its image.
        // It also overlaps no other truth at 0.5, so the new detection cannot take another truth instead.
        // Parity: a match to ground-truth id 0 counts as no match in the reference (dtm == 0), so id 0 is left out.
        var target = dataset.GroundTruths.FirstOrDefault(g => !g.IsCrowd && g.Id != 0
            && !detections.Any(d => d.ImageId == g.ImageId && Iou(d.Box, g.Box) >= 0.5)
            && !dataset.GroundTruths.Any(o => o != g && o.ImageId == g.ImageId && Iou(g.Box, o.Box) >= 0.5));
        if (target is null)
        {
            return true;
        }

        double before = CocoEvaluation.Evaluate(dataset, new DetectionSet(detections), options).Stats.AP;
        double top = detections.Count == 0 ? 1 : detections.Max(d => d.Score) + 1;
        detections.Add(new Detection(target.ImageId, category, target.Box, top, target.Box.Area));
        double after = CocoEvaluation.Evaluate(dataset, new DetectionSet(detections), options).Stats.AP;
        return after >= before;
    }

    [Fact]
    public void BoxIou_IsSymmetricAndInUnitInterval()
    {
        var coordinate = Gen.Choose(-20, 60).Select(v => v / 2.0);
        var size = Gen.Choose(0, 40).Select(v => v / 2.0);
        var box = coordinate.Zip(coordinate).Zip(size.Zip(size)).Select(p => new Box(p.Item1.Item1, p.Item1.Item2, p.Item2.Item1, p.Item2.Item2));
        Prop.ForAll(box.Zip(box).ToArbitrary(), pair =>
        {
            double ab = Iou(pair.Item1, pair.Item2), ba = Iou(pair.Item2, pair.Item1);
            return ab.Equals(ba) && ab >= 0 && ab <= 1;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Rle_RoundTripsThroughDecodeAndCompressedString()
    {
        var mask = Gen.Choose(0, 12).Zip(Gen.Choose(0, 12)).SelectMany(hw =>
            Gen.Choose(0, 3).ArrayOf(hw.Item1 * hw.Item2).Select(bits => (hw.Item1, hw.Item2, Bits: bits.Select(b => (byte)(b == 0 ? 1 : 0)).ToArray())));
        Prop.ForAll(mask.ToArbitrary(), m =>
        {
            var rle = Rle.Encode(m.Bits, m.Item1, m.Item2);
            var back = Rle.FromCompressedString(rle.ToCompressedString(), m.Item1, m.Item2);
            return rle.Decode().AsSpan().SequenceEqual(m.Bits) && back.Counts.AsSpan().SequenceEqual(rle.Counts) && rle.Area == m.Bits.Count(b => b != 0);
        }).QuickCheckThrowOnFailure();
    }

    private static double Iou(Box detection, Box truth)
    {
        Span<double> row = stackalloc double[1];
        BoxIou.ComputeScalar(truth.X, truth.Y, truth.X + truth.Width, truth.Y + truth.Height, truth.Area, false,
            [detection.X], [detection.Y], [detection.X + detection.Width], [detection.Y + detection.Height], [detection.Area], row);
        return row[0];
    }

    private static Dictionary<long, long> Injective(IEnumerable<long> ids, Random rng)
    {
        var map = new Dictionary<long, long>();
        var used = new HashSet<long>();
        foreach (long id in ids)
        {
            long next;
            do
            {
                next = rng.NextInt64(-1_000_000, 1_000_000);
            }
            while (!used.Add(next));
            map[id] = next;
        }

        return map;
    }

    private static bool Same(CocoResult a, CocoResult b, double tolerance) =>
        a.Stats.ToArray().Zip(b.Stats.ToArray()).All(p => Math.Abs(p.First - p.Second) <= tolerance);
}
