using System.Globalization;
using System.Text.Json;
using DetEval.Formats.Coco;
using DetEval.Matching;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// reference/boundary-small against boundary-iou-api's numbers (its COCO instance API, iouType "boundary"): the 12
/// stats and the per-category values of every case at 1e-12, and on the corner set the reference's intermediate values
/// (each mask's band area and every cell's IoU matrices).
/// </summary>
public sealed class BoundaryReferenceTests
{
    private const double Tolerance = 1e-12;

    public static TheoryData<string> Cases => new() { "small", "small-r0.012", "corner" };

    private static readonly Dictionary<string, Lazy<CocoResult>> Results = new()
    {
        ["small"] = new(() => Evaluate("small")),
        ["small-r0.012"] = new(() => Evaluate("small-r0.012")),
        ["corner"] = new(() => Evaluate("corner")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TwelveStats_EqualBoundaryIouApi(string name)
    {
        var stats = Expected(name).GetProperty("stats");
        var ours = Results[name].Value.Stats.ToArray();
        for (int i = 0; i < 12; i++)
        {
            double expected = stats.GetProperty(CocoStats.Names[i]).GetDouble();
            Assert.True(Math.Abs(expected - ours[i]) <= Tolerance, $"{name} {CocoStats.Names[i]}: expected {expected:R}, got {ours[i]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PerCategory_EqualsBoundaryIouApi(string name)
    {
        ExpectedPerCategory.AssertEqual(Expected(name).GetProperty("per_category"), Results[name].Value, Tolerance);
    }

    [Fact]
    public void Corner_EveryMasksBandArea_EqualsTheReference()
    {
        var (gtPath, dtPath, ratio) = Inputs("corner");
        var (gt, dt) = CocoReader.Read(gtPath, dtPath, readSegmentation: true);
        var diagnostics = Expected("corner").GetProperty("diagnostics");
        var gtAreas = diagnostics.GetProperty("gt_boundary_area");
        foreach (var truth in gt.GroundTruths)
        {
            gt.TryGetImage(truth.ImageId, out var image);
            long area = (long)BoundaryIou.Band(MaskCellIou.ToRle(truth.Segmentation!, image), ratio).Area;
            Assert.Equal(gtAreas.GetProperty(truth.Id.ToString(CultureInfo.InvariantCulture)).GetInt64(), area);
        }

        var dtAreas = diagnostics.GetProperty("dt_boundary_area");
        Assert.Equal(dt.Count, dtAreas.GetArrayLength());
        for (int k = 0; k < dt.Count; k++)
        {
            gt.TryGetImage(dt[k].ImageId, out var image);
            Assert.Equal(dtAreas[k].GetInt64(), (long)BoundaryIou.Band(MaskCellIou.DetectionMask(image, dt[k]), ratio).Area);
        }
    }

    [Fact]
    public void Corner_EveryCellsIouMatrices_EqualTheReference_BitForBit()
    {
        var (gtPath, dtPath, ratio) = Inputs("corner");
        var (gt, dt) = CocoReader.Read(gtPath, dtPath, readSegmentation: true);
        var cells = Expected("corner").GetProperty("diagnostics").GetProperty("cells");
        var truthIndex = gt.GroundTruths.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var iou = new BoundaryCellIou(ratio, floor: 0);
        int pairs = 0, differing = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            gt.TryGetImage(cell.GetProperty("image_id").GetInt64(), out var image);
            int[] gtIndices = [.. cell.GetProperty("gt_ids").EnumerateArray().Select(id => truthIndex[id.GetInt64()])];
            int[] detIndices = [.. cell.GetProperty("dt_ids").EnumerateArray().Select(id => id.GetInt32() - 1)];
            var used = new double[gtIndices.Length * detIndices.Length];
            var mask = new double[used.Length];
            iou.Compute(image, gt.GroundTruths, gtIndices, dt.AsSpan(), detIndices, used, MatchScratch.Current);
            MaskCellIou.Instance.Compute(image, gt.GroundTruths, gtIndices, dt.AsSpan(), detIndices, mask, MatchScratch.Current);
            for (int d = 0; d < detIndices.Length; d++)
            {
                for (int g = 0; g < gtIndices.Length; g++)
                {
                    double expectedUsed = cell.GetProperty("iou_used")[d][g].GetDouble();
                    double expectedMask = cell.GetProperty("mask_iou")[d][g].GetDouble();
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expectedUsed), BitConverter.DoubleToInt64Bits(used[(g * detIndices.Length) + d]));
                    Assert.Equal(BitConverter.DoubleToInt64Bits(expectedMask), BitConverter.DoubleToInt64Bits(mask[(g * detIndices.Length) + d]));
                    if (cell.GetProperty("gt_iscrowd")[g].GetInt32() == 0)
                    {
                        var truth = gt.GroundTruths[gtIndices[g]];
                        double boundary = BoundaryIou.Compute(MaskCellIou.DetectionMask(image, dt[detIndices[d]]), MaskCellIou.ToRle(truth.Segmentation!, image), ratio);
                        Assert.Equal(BitConverter.DoubleToInt64Bits(cell.GetProperty("boundary_iou")[d][g].GetDouble()), BitConverter.DoubleToInt64Bits(boundary));
                    }

                    pairs++;
                    differing += expectedUsed != expectedMask ? 1 : 0;
                }
            }
        }

        // The corner set is made so that the band changes the IoU of many pairs.
        Assert.True(pairs > 500 && differing > 50, $"{pairs} pairs, {differing} where the band lowers the IoU");
    }

    internal static JsonElement Expected(string name)
    {
        var entry = Case(name);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "boundary-small", entry.GetProperty("expected").GetString()!)));
        return doc.RootElement.Clone();
    }

    internal static (string Gt, string Dt, double Ratio) Inputs(string name)
    {
        var entry = Case(name);
        return (
            TestData.Path("reference", "boundary-small", entry.GetProperty("gt").GetString()!),
            TestData.Path("reference", "boundary-small", entry.GetProperty("dt").GetString()!),
            entry.GetProperty("dilation_ratio").GetDouble());
    }

    private static CocoResult Evaluate(string name)
    {
        var (gtPath, dtPath, ratio) = Inputs(name);
        var (gt, dt) = CocoReader.Read(gtPath, dtPath, readSegmentation: true);
        return CocoEvaluation.Evaluate(gt, dt, CocoOptions.Coco(IouType.Boundary) with { DilationRatio = ratio });
    }

    private static JsonElement Case(string name)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(TestData.Path("reference", "boundary-small", "cases.json")));
        return doc.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }
}
