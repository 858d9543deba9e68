using DetEval.Evaluation;
using DetEval.Formats.Sam;

namespace DetEval.Tests.Formats.Sam;

/// <summary>Bad SAM input: a clear error naming the file and place, or with SkipBad a skipped item.</summary>
public sealed class SamBadInputTests : IDisposable
{
    private readonly SamSyntheticData data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public void MissingMetadataCsv_NamesTheFile()
    {
        string csv = Path.Combine(data.PngFolder, "img_1", "metadata.csv");
        File.Delete(csv);
        var e = Assert.Throws<DetEvalInputException>(() => SamReader.ReadGeneratorOutput(data.PngFolder));
        Assert.Equal(csv, e.File);
        Assert.Contains("metadata.csv", e.Message, StringComparison.Ordinal);

        var skipped = new List<DetEvalInputException>();
        var images = SamReader.ReadGeneratorOutput(data.PngFolder, new SamInputOptions { SkipBad = true, Skipped = skipped.Add });
        Assert.Single(skipped);
        Assert.DoesNotContain(images, i => i.Stem == "img_1");
    }

    [Fact]
    public void RowWhosePngIsMissing_NamesCsvAndLine()
    {
        string folder = Path.Combine(data.PngFolder, "img_0");
        File.Delete(Path.Combine(folder, "3.png"));
        var e = Assert.Throws<DetEvalInputException>(() => SamReader.ReadGeneratorFolder(folder));
        Assert.Equal(Path.Combine(folder, "metadata.csv"), e.File);
        Assert.Equal("line 5", e.Location);
        Assert.Contains("3.png", e.Message, StringComparison.Ordinal);

        var skipped = new List<DetEvalInputException>();
        var image = SamReader.ReadGeneratorFolder(folder, new SamInputOptions { SkipBad = true, Skipped = skipped.Add });
        Assert.Single(skipped);
        Assert.Equal(data.Images[0].Predictions.Count - 1, image!.Masks.Count);
    }

    [Fact]
    public void MaskOfTheWrongSize_NamesThePng()
    {
        // Every mask of img_2 written at img_0's size: the folder is consistent, the ground truth is not.
        string folder = Path.Combine(data.PngFolder, "img_2");
        var small = data.Images[0];
        foreach (string png in Directory.GetFiles(folder, "*.png"))
        {
            PngMask.WriteBinary(SamSyntheticData.ToRle(small.Truths[0].Mask, small.W, small.H), png);
        }

        var truth = SamReader.ReadGroundTruth(data.GtFolder);
        var predictions = SamReader.ReadGeneratorOutput(data.PngFolder);
        var e = Assert.Throws<DetEvalInputException>(() => SamAutoEvaluation.Evaluate(truth, predictions));
        Assert.Equal(Path.Combine(folder, "0.png"), e.File);

        var skipped = new List<DetEvalInputException>();
        var result = SamAutoEvaluation.Evaluate(truth, predictions, SamScore.PredictedIou, new SamInputOptions { SkipBad = true, Skipped = skipped.Add });
        Assert.Equal(data.Images[2].Predictions.Count, skipped.Count);
        Assert.Equal(skipped.Count, result.Skipped);
    }

    [Fact]
    public void MaskOfTheWrongSizeWithinAFolder_NamesThePng()
    {
        string folder = Path.Combine(data.PngFolder, "img_0");
        string png = Path.Combine(folder, "2.png");
        var other = data.Images[1];
        PngMask.WriteBinary(SamSyntheticData.ToRle(other.Truths[0].Mask, other.W, other.H), png);
        var e = Assert.Throws<DetEvalInputException>(() => SamReader.ReadGeneratorFolder(folder));
        Assert.Equal(png, e.File);
    }

    [Fact]
    public void GtIdThatDoesNotExist_NamesPromptFileAndRecord()
    {
        string text = File.ReadAllText(data.PromptFile);
        long firstId = data.Prompts[0].GtId;
        File.WriteAllText(data.PromptFile, text.Replace($"\"gt_id\":{firstId},", "\"gt_id\":987654,", StringComparison.Ordinal));
        var truth = SamReader.ReadGroundTruth(data.GtFolder);
        var prompts = SamReader.ReadPrompts(data.PromptFile);
        var e = Assert.Throws<DetEvalInputException>(() => SamPromptEvaluation.Evaluate(truth, prompts));
        Assert.Equal(data.PromptFile, e.File);
        Assert.Equal("$[0].gt_id", e.Location);

        var skipped = new List<DetEvalInputException>();
        var result = SamPromptEvaluation.Evaluate(truth, prompts, new SamInputOptions { SkipBad = true, Skipped = skipped.Add });
        Assert.Single(skipped);
        Assert.Equal(1, result.Skipped);
        Assert.Equal(data.Prompts.Count - 1, result.Prompts);
    }

    [Fact]
    public void WrongMetadataHeader_NamesLine1()
    {
        string csv = Path.Combine(data.PngFolder, "img_0", "metadata.csv");
        File.WriteAllText(csv, File.ReadAllText(csv).Replace("predicted_iou", "iou", StringComparison.Ordinal));
        var e = Assert.Throws<DetEvalInputException>(() => SamReader.ReadGeneratorOutput(data.PngFolder));
        Assert.Equal(csv, e.File);
        Assert.Equal("line 1", e.Location);
    }
}
