using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using DetEval.Data;
using DetEval.Formats.Coco;

namespace DetEval.Benchmarks;

/// <summary>
/// The parse stage: <see cref="CocoReader.ReadResults"/> on a seeded COCO results file of 100,000 box
/// detections (about 9 MB, so the two-halves parse applies) against a 1,000-image ground truth.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class ParseBenchmarks
{
    private string _directory = "";
    private DetectionDataset _groundTruth = null!;

    /// <summary>Writes the ground truth and results files to a temporary folder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("deteval-parse-bench-").FullName;
        var random = new Random(5);
        var gt = new StringBuilder("{\"images\": [");
        for (int i = 1; i <= 1000; i++)
        {
            gt.Append(i == 1 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{{\"id\": {i}, \"width\": 640, \"height\": 480}}");
        }

        gt.Append("], \"categories\": [{\"id\": 1, \"name\": \"a\"}], \"annotations\": []}");
        File.WriteAllText(Path.Combine(_directory, "gt.json"), gt.ToString());
        var results = new StringBuilder("[");
        for (int d = 0; d < 100_000; d++)
        {
            results.Append(d == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                $"{{\"image_id\": {random.Next(1, 1001)}, \"category_id\": 1, \"bbox\": [{random.NextDouble() * 600:0.##}, {random.NextDouble() * 440:0.##}, {random.NextDouble() * 200:0.##}, {random.NextDouble() * 200:0.##}], \"score\": {random.NextDouble():0.######}}}");
        }

        File.WriteAllText(Path.Combine(_directory, "results.json"), results.Append(']').ToString());
        _groundTruth = CocoReader.ReadGroundTruth(Path.Combine(_directory, "gt.json"));
    }

    /// <summary>Deletes the temporary folder.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, true);

    /// <summary>Reads the 100,000 results.</summary>
    [Benchmark]
    public int ReadResults() => CocoReader.ReadResults(Path.Combine(_directory, "results.json"), _groundTruth).Count;
}
