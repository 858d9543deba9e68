using System.Text.Json;

namespace DetEval.Tests.Evaluation.Coco;

/// <summary>The per-category values of a reference's expected file (<c>per_category</c>) against a result.</summary>
internal static class ExpectedPerCategory
{
    public static void AssertEqual(JsonElement perCategory, CocoResult result, double tolerance)
    {
        Assert.NotEqual(0, perCategory.GetArrayLength());
        foreach (var cat in perCategory.EnumerateArray())
        {
            int k = result.CategoryIds.ToList().IndexOf(cat.GetProperty("category_id").GetInt64());
            var ours = result.Categories[k];
            Assert.Equal(cat.GetProperty("AP").GetDouble(), ours.Stats.AP, tolerance);
            Assert.Equal(cat.GetProperty("AP50").GetDouble(), ours.Stats.AP50, tolerance);
            Assert.Equal(cat.GetProperty("AP75").GetDouble(), ours.Stats.AP75, tolerance);
            Assert.Equal(cat.GetProperty("AR100").GetDouble(), ours.Stats.AR100, tolerance);
            Assert.Equal(cat.GetProperty("num_gt_noncrowd").GetInt32(), ours.NumGroundTruths);
            Assert.Equal(cat.GetProperty("num_gt_crowd").GetInt32(), ours.NumCrowd);
            Assert.Equal(cat.GetProperty("num_dt").GetInt32(), ours.NumDetections);
        }
    }
}
