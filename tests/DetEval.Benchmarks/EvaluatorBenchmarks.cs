using System.Globalization;
using BenchmarkDotNet.Attributes;
using DetEval.Evaluation;

namespace DetEval.Benchmarks;

/// <summary>
/// The training-loop API under the COCO bbox protocol: <see cref="CocoEvaluator.Update(long, ReadOnlySpan{double}, ReadOnlySpan{long}, ReadOnlySpan{double}, ReadOnlySpan{double}, ReadOnlySpan{long}, BoxFormat, ReadOnlySpan{bool})"/>
/// per image (10 ground truths, 100 detections), and <see cref="CocoEvaluator.Compute"/> over 5,000 such images.
/// </summary>
/// <remarks>
/// Synthetic, seeded: 640 x 480 images, 5 categories; ground-truth sides 16 to 200 px; 60 detections are jittered
/// copies of the ground truths (so they match at some IoU thresholds), 40 are random boxes, scores uniform.
/// The global setup prints the memory the evaluator keeps per image (its binary state size / images).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class EvaluatorBenchmarks
{
    /// <summary>Images per <see cref="Update"/> invocation (each on a fresh evaluator, so ids never repeat).</summary>
    public const int ImagesPerUpdate = 100;

    /// <summary>Images in the state that <see cref="Compute"/> pools.</summary>
    public const int ImagesForCompute = 5000;

    private const int Truths = 10;
    private const int Detections = 100;
    private const int Categories = 5;
    private static readonly long[] CategoryIds = [1, 2, 3, 4, 5];

    private static readonly Category[] VocClasses = [.. CategoryIds.Select(id => new Category(id, "c" + id.ToString(CultureInfo.InvariantCulture)))];

    private SyntheticImage[] _images = [];
    private CocoEvaluationState _state = null!;
    private VocEvaluationState _vocState = null!;

    /// <summary>Builds the images and the 5,000-image state; prints the memory kept per image.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _images = [.. Enumerable.Range(1, ImagesForCompute).Select(id => SyntheticImage.Create(random, id))];
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), CategoryIds);
        foreach (var image in _images)
        {
            image.UpdateInto(evaluator);
        }

        _state = evaluator.Snapshot();
        using var bytes = new MemoryStream();
        _state.WriteTo(bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// EvaluatorBenchmarks: state of {_state.ImageCount} images = {bytes.Length} bytes serialised, {bytes.Length / (double)_state.ImageCount:0} bytes per image, {_state.DetectionCount / (double)_state.ImageCount:0.0} detection records per image"));

        var voc = new VocEvaluator(VocOptions.Voc2010(), VocClasses);
        foreach (var image in _images)
        {
            image.UpdateInto(voc);
        }

        _vocState = voc.Snapshot();
        using var vocBytes = new MemoryStream();
        _vocState.WriteTo(vocBytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// EvaluatorBenchmarks: VOC state of {_vocState.ImageCount} images = {vocBytes.Length} bytes serialised, {vocBytes.Length / (double)_vocState.ImageCount:0} bytes per image"));
    }

    /// <summary>The VOC protocol (<see cref="VocEvaluator"/>, VOC2010 all-point): Update per image, corners in.</summary>
    [Benchmark(OperationsPerInvoke = ImagesPerUpdate)]
    public int VocUpdate()
    {
        var evaluator = new VocEvaluator(VocOptions.Voc2010(), VocClasses);
        for (int i = 0; i < ImagesPerUpdate; i++)
        {
            _images[i].UpdateInto(evaluator);
        }

        return evaluator.ImageCount;
    }

    /// <summary>The VOC protocol: Compute over 5,000 images (a fresh evaluator each time).</summary>
    [Benchmark]
    public double VocCompute() => VocEvaluator.FromState(_vocState).Compute().MeanAveragePrecision;

    /// <summary>Update per image: flat xywh spans in, matched and recorded (the time reported is per image).</summary>
    [Benchmark(OperationsPerInvoke = ImagesPerUpdate)]
    public int Update()
    {
        var evaluator = new CocoEvaluator(CocoOptions.Coco(), CategoryIds);
        for (int i = 0; i < ImagesPerUpdate; i++)
        {
            _images[i].UpdateInto(evaluator);
        }

        return evaluator.ImageCount;
    }

    /// <summary>A fresh evaluator holding the 5,000-image state: the part of <see cref="Compute"/> that is not Compute.</summary>
    [Benchmark]
    public int FromState() => CocoEvaluator.FromState(_state).ImageCount;

    /// <summary>Compute over 5,000 images (on a fresh evaluator, since Compute caches its result).</summary>
    [Benchmark]
    public double Compute() => CocoEvaluator.FromState(_state).Compute().Stats.AP;

    private sealed record SyntheticImage(long Id, double[] TruthBoxes, long[] TruthLabels, double[] DetectionBoxes, double[] Scores, long[] DetectionLabels, double[] TruthCorners, double[] DetectionCorners)
    {
        public static SyntheticImage Create(Random random, long id)
        {
            var truthBoxes = new double[Truths * 4];
            var truthLabels = new long[Truths];
            for (int gtIndex = 0; gtIndex < Truths; gtIndex++)
            {
                double w = 16 + (random.NextDouble() * 184);
                double h = 16 + (random.NextDouble() * 184);
                truthBoxes[gtIndex * 4] = random.NextDouble() * (640 - w);
                truthBoxes[(gtIndex * 4) + 1] = random.NextDouble() * (480 - h);
                truthBoxes[(gtIndex * 4) + 2] = w;
                truthBoxes[(gtIndex * 4) + 3] = h;
                truthLabels[gtIndex] = CategoryIds[random.Next(Categories)];
            }

            var detBoxes = new double[Detections * 4];
            var scores = new double[Detections];
            var detLabels = new long[Detections];
            for (int detIndex = 0; detIndex < Detections; detIndex++)
            {
                if (detIndex < 60)
                {
                    int gtIndex = detIndex % Truths;
                    double w = truthBoxes[(gtIndex * 4) + 2];
                    double h = truthBoxes[(gtIndex * 4) + 3];
                    detBoxes[detIndex * 4] = truthBoxes[gtIndex * 4] + ((random.NextDouble() - 0.5) * 0.3 * w);
                    detBoxes[(detIndex * 4) + 1] = truthBoxes[(gtIndex * 4) + 1] + ((random.NextDouble() - 0.5) * 0.3 * h);
                    detBoxes[(detIndex * 4) + 2] = w * (0.8 + (random.NextDouble() * 0.4));
                    detBoxes[(detIndex * 4) + 3] = h * (0.8 + (random.NextDouble() * 0.4));
                    detLabels[detIndex] = random.NextDouble() < 0.9 ? truthLabels[gtIndex] : CategoryIds[random.Next(Categories)];
                }
                else
                {
                    double w = 8 + (random.NextDouble() * 200);
                    double h = 8 + (random.NextDouble() * 200);
                    detBoxes[detIndex * 4] = random.NextDouble() * (640 - w);
                    detBoxes[(detIndex * 4) + 1] = random.NextDouble() * (480 - h);
                    detBoxes[(detIndex * 4) + 2] = w;
                    detBoxes[(detIndex * 4) + 3] = h;
                    detLabels[detIndex] = CategoryIds[random.Next(Categories)];
                }

                scores[detIndex] = random.NextDouble();
            }

            return new SyntheticImage(id, truthBoxes, truthLabels, detBoxes, scores, detLabels, Corners(truthBoxes), Corners(detBoxes));
        }

        public void UpdateInto(CocoEvaluator evaluator) =>
            evaluator.Update(Id, TruthBoxes, TruthLabels, DetectionBoxes, Scores, DetectionLabels, BoxFormat.Xywh);

        public void UpdateInto(VocEvaluator evaluator) =>
            evaluator.Update(Id.ToString("D6", CultureInfo.InvariantCulture), TruthCorners, TruthLabels, [], DetectionCorners, Scores, DetectionLabels);

        // xywh to the corners x1 y1 x2 y2 the VOC files give.
        private static double[] Corners(double[] xywh)
        {
            var corners = (double[])xywh.Clone();
            for (int k = 0; k < corners.Length; k += 4)
            {
                corners[k + 2] += corners[k];
                corners[k + 3] += corners[k + 1];
            }

            return corners;
        }
    }
}
