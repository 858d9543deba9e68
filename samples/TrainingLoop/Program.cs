// A validation loop as a training framework runs it: batches of images arrive one after another, each batch is
// evaluated on four threads, mAP is printed every few images, and at the end the state is snapshotted,
// serialised and merged as a second worker's would be. Run from the repository root:
//   dotnet run -c Release --project samples/TrainingLoop [-- testdata/reference/small 20]
using System.Globalization;
using DetEval;

string dataDir = args.Length > 0 ? args[0] : FindTestData("reference", "small");
int printEvery = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
const int BatchSize = 8;

// Stand-in for the model: ground truth and predictions read from the bundled sample, grouped per image.
var dataset = CocoReader.ReadGroundTruth(Path.Combine(dataDir, "gt.json"));
var predictions = CocoReader.ReadResults(Path.Combine(dataDir, "dt_bbox.json"), dataset);
var truthsByImage = dataset.GroundTruths.ToLookup(g => g.ImageId);
var detectionsByImage = predictions.AsSpan().ToArray().ToLookup(d => d.ImageId);
var samples = dataset.Images.Select(image => new Sample(image, [.. truthsByImage[image.Id]], [.. detectionsByImage[image.Id]])).ToArray();

var evaluator = new CocoEvaluator(CocoOptions.Coco(), dataset.Categories);
var parallel = new ParallelOptions { MaxDegreeOfParallelism = 4 };
int nextPrint = printEvery;
foreach (var batch in samples.Chunk(BatchSize))
{
    // Update is thread-safe: each image is matched on the calling thread, only its compact match record is kept.
    Parallel.ForEach(batch, parallel, sample => evaluator.Update(sample.Image, sample.Truths, sample.Detections));
    if (evaluator.ImageCount >= nextPrint)
    {
        // Compute does not change the state; calling it every few batches is cheap.
        Print($"after {evaluator.ImageCount,3} images", evaluator.Compute());
        nextPrint += printEvery;
    }
}

var final = evaluator.Compute();
Print("final", final);

// Two workers, each holding half of the images (odd/even positions); the second one's state crosses a
// process boundary as bytes (a file, a socket), then is merged into the first. The result is bit-identical.
var first = new CocoEvaluator(CocoOptions.Coco(), dataset.Categories);
var second = new CocoEvaluator(CocoOptions.Coco(), dataset.Categories);
for (int i = 0; i < samples.Length; i++)
{
    var sample = samples[i];
    (i % 2 == 0 ? first : second).Update(sample.Image, sample.Truths, sample.Detections);
}

CocoEvaluationState secondState = second.Snapshot();
using var bytes = new MemoryStream();
secondState.WriteTo(bytes);
bytes.Position = 0;
var received = CocoEvaluationState.ReadFrom(bytes, "worker 2");
first.Merge(received);
var merged = first.Compute();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"worker 2 state: {received.ImageCount} images, {received.DetectionCount} detection records, {bytes.Length} bytes"));
Print("merged", merged);
bool same = merged.Stats.ToArray().SequenceEqual(final.Stats.ToArray());
Console.WriteLine(same ? "merged == single evaluator, bit for bit" : "MISMATCH between merged and single evaluator");

// Merging the same images again is refused: every image counts once.
try
{
    first.Merge(received);
}
catch (InvalidOperationException e)
{
    Console.WriteLine("merging worker 2 twice: " + e.Message);
}

return same ? 0 : 1;

static void Print(string label, CocoResult result) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: mAP@[.50:.95] = {result.Stats.AP:0.0000}  AP50 = {result.Stats.AP50:0.0000}  AR100 = {result.Stats.AR100:0.0000}"));

static string FindTestData(params string[] parts)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        string candidate = Path.Combine([dir.FullName, "testdata", .. parts]);
        if (Directory.Exists(candidate))
        {
            return candidate;
        }
    }

    throw new DirectoryNotFoundException("testdata/" + string.Join('/', parts) + " not found; pass the folder as the first argument");
}

/// <summary>One validation image with its ground truth and the model's detections.</summary>
internal sealed record Sample(ImageInfo Image, GroundTruth[] Truths, Detection[] Detections);
