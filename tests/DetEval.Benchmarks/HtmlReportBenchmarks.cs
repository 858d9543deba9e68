using BenchmarkDotNet.Attributes;
using DetEval.Formats.Coco;
using DetEval.Reports;

namespace DetEval.Benchmarks;

/// <summary>
/// <c>report.html</c> of the COCO-sized workload (5,000 images, 80 classes, 500,000 detections, bbox): the time the
/// page adds to an evaluation, from the computed result to the written bytes (the per-class table and curves, the
/// confidence sweeps, the confusion matrix, the SVG and the HTML; the per-image records of the worst-images table are
/// computed beforehand, as <c>coco --out</c> computes them for images.csv).
/// </summary>
/// <remarks>
/// The workload is the one <c>tools/bench/run.sh</c> generates; give its directory in <c>DETEVAL_BENCH_DATA</c>
/// (default <c>$TMPDIR/deteval-bench</c>). The global setup prints the page's size.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
public class HtmlReportBenchmarks
{
    private DetectionDataset _gt = null!;
    private DetectionSet _dt = null!;
    private CocoResult _result = null!;

    /// <summary>Reads the workload and evaluates it once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        string data = Environment.GetEnvironmentVariable("DETEVAL_BENCH_DATA") ?? Path.Combine(Path.GetTempPath(), "deteval-bench");
        (_gt, _dt) = CocoReader.Read(Path.Combine(data, "gt.json"), Path.Combine(data, "dt_bbox.json"), readSegmentation: false, new CocoResultsOptions());
        _result = CocoEvaluation.Evaluate(_gt, _dt, CocoOptions.Coco(IouType.Bbox));
        // The per-image records (the worst images) are computed once per result and shared with images.csv, which
        // `coco --out` always writes: they are timed apart, and the benchmark measures what the page adds.
        _result.ImageRecords();
        // CPU time of one page on a fresh result (no curve cached yet), less sensitive to a busy machine than wall time.
        var fresh = CocoEvaluation.Evaluate(_gt, _dt, CocoOptions.Coco(IouType.Bbox));
        var cpu = Environment.CpuUsage.TotalTime;
        fresh.ImageRecords();
        var records = Environment.CpuUsage.TotalTime - cpu;
        cpu = Environment.CpuUsage.TotalTime;
        using var page = new MemoryStream();
        HtmlReport.Write(fresh, _gt, _dt, page);
        cpu = Environment.CpuUsage.TotalTime - cpu;
        Console.WriteLine(string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"// HtmlReportBenchmarks: report.html of {_result.CategoryIds.Count} classes, {_result.ImageCount} images = {page.Length} bytes, {cpu.TotalMilliseconds:0} ms CPU (first write; the per-image records before it {records.TotalMilliseconds:0} ms CPU)"));
    }

    /// <summary>Writes the page of the evaluated result.</summary>
    [Benchmark]
    public long WriteCocoPage()
    {
        using var page = new MemoryStream();
        HtmlReport.Write(_result, _gt, _dt, page);
        return page.Length;
    }
}
