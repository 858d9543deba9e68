namespace DetEval.Tests.Evaluation.Coco;

/// <summary>
/// <see cref="CocoResult.ImageRecords"/> against independent paths: each image's own AP is the one-shot evaluation of
/// that image alone (and of that image and one category), to the last bit; the TP and FN counts add up to the
/// dataset's recall at IoU 0.5 and 0.75.
/// </summary>
public sealed class ImageRecordTests
{
    public static TheoryData<string, IouType> Cases => new()
    {
        { "reference/small", IouType.Bbox },
        { "edge", IouType.Bbox },
        { "reference/small", IouType.Segm },
    };

    private static (DetectionDataset Gt, DetectionSet Dt) Read(string folder, IouType iouType)
    {
        var gt = CocoReader.ReadGroundTruth(TestData.Path(folder, "gt.json"), readSegmentation: iouType == IouType.Segm);
        return (gt, CocoReader.ReadResults(TestData.Path(folder, iouType == IouType.Segm ? "dt_segm.json" : "dt_bbox.json"), gt));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OwnAP_IsTheOneShotEvaluationOfTheImageAlone(string folder, IouType iouType)
    {
        var (gt, dt) = Read(folder, iouType);
        var options = CocoOptions.Coco(iouType);
        var records = CocoEvaluation.Evaluate(gt, dt, options).ImageRecords();
        Assert.Equal(gt.Images.Count, records.Count(r => r.CategoryId is null));
        // Every fourth image keeps the test short; categories of each.
        foreach (var image in gt.Images.OrderBy(i => i.Id).Where((_, i) => i % 4 == 0))
        {
            var alone = CocoEvaluation.Evaluate(gt, dt, options with { ImageIds = [image.Id] });
            var row = records.Single(r => r.ImageId == image.Id && r.CategoryId is null);
            AssertSameBits(alone.Stats, row, $"image {image.Id}");
            foreach (var cell in records.Where(r => r.ImageId == image.Id && r.CategoryId is not null))
            {
                var one = CocoEvaluation.Evaluate(gt, dt, options with { ImageIds = [image.Id], CategoryIds = [cell.CategoryId!.Value] });
                AssertSameBits(one.Stats, cell, $"image {image.Id}, category {cell.CategoryId}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TruePositivesAndFalseNegatives_AddUpToTheDatasetsRecall(string folder, IouType iouType)
    {
        var (gt, dt) = Read(folder, iouType);
        var result = CocoEvaluation.Evaluate(gt, dt, CocoOptions.Coco(iouType));
        var records = result.ImageRecords();
        for (int k = 0; k < result.CategoryIds.Count; k++)
        {
            var cells = records.Where(r => r.CategoryId == result.CategoryIds[k]).ToArray();
            long positives = cells.Sum(c => c.GroundTruths);
            Assert.Equal(result.Categories[k].NumGroundTruths, positives);
            if (positives == 0)
            {
                continue;
            }

            // recall[t=0 (.5) and t=5 (.75), k, area all, maxDets 100] = tp / npos.
            Assert.Equal(result.RecallAt(0, k, 0, 2), cells.Sum(c => c.TruePositives50!.Value) / (double)positives);
            Assert.Equal(result.RecallAt(5, k, 0, 2), cells.Sum(c => c.TruePositives75!.Value) / (double)positives);
            Assert.All(cells, c => Assert.Equal(c.GroundTruths, c.TruePositives50 + c.FalseNegatives50));
            Assert.All(cells, c => Assert.True(c.TruePositives50 + c.FalsePositives50 <= c.Detections));
        }

        foreach (var image in records.Where(r => r.CategoryId is null))
        {
            var cells = records.Where(r => r.ImageId == image.ImageId && r.CategoryId is not null).ToArray();
            Assert.Equal(cells.Sum(c => c.FalsePositives50), image.FalsePositives50);
            Assert.Equal(cells.Sum(c => c.Detections), image.Detections);
        }
    }

    [Fact]
    public void WithoutThe50Threshold_TheCountsAtIoU50AreNull()
    {
        var (gt, dt) = Read("reference/small", IouType.Bbox);
        var records = CocoEvaluation.Evaluate(gt, dt, CocoOptions.Coco() with { IouThresholds = [0.75] }).ImageRecords();
        Assert.All(records, r => Assert.Null(r.TruePositives50));
        Assert.Contains(records, r => r.TruePositives75 > 0);
    }

    private static void AssertSameBits(CocoStats expected, CocoImageRecord actual, string where)
    {
        Assert.True(BitConverter.DoubleToInt64Bits(expected.AP) == BitConverter.DoubleToInt64Bits(actual.AP), $"{where}: AP {expected.AP:R} != {actual.AP:R}");
        Assert.True(BitConverter.DoubleToInt64Bits(expected.AP50) == BitConverter.DoubleToInt64Bits(actual.AP50), $"{where}: AP50 {expected.AP50:R} != {actual.AP50:R}");
        Assert.True(BitConverter.DoubleToInt64Bits(expected.AP75) == BitConverter.DoubleToInt64Bits(actual.AP75), $"{where}: AP75 {expected.AP75:R} != {actual.AP75:R}");
    }
}
