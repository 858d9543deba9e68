using DetEval.Data;

namespace DetEval.Tests.Data;

public class ImageGroupsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Build_GroupsByImage_InFileOrder_WhetherOrNotImagesStandTogether(bool together)
    {
        var random = new Random(together ? 61 : 62);
        var images = Enumerable.Range(1, 7).Select(i => new ImageInfo(i, 10, 10)).ToList();
        // Ground truths of scattered images (image 7 has none), grouped by a counting sort that must keep file order.
        var truths = Enumerable.Range(1, 40).Select(g => new GroundTruth(g, random.Next(1, 7), 1, new Box(g, 0, 1, 1), 1)).ToList();
        var dataset = new DetectionDataset(images, [new Category(1, "a")], truths);
        var imageIds = Enumerable.Range(0, 60).Select(_ => (long)random.Next(1, 7)).ToList();
        if (together)
        {
            imageIds = [.. imageIds.OrderBy(id => id % 4)];
        }

        var detections = imageIds.Select((id, k) => new Detection(id, 1, new Box(k, 0, 1, 1), k, 1)).ToArray();
        var groups = ImageGroups.Build(dataset, new DetectionSet(detections, detections.Length));
        for (int i = 0; i < images.Count; i++)
        {
            var expected = detections.Where(d => d.ImageId == images[i].Id).ToArray();
            Assert.Equal(expected, groups.Detections(i).ToArray());
            Assert.Equal(dataset.GroundTruths.Where(g => g.ImageId == images[i].Id), groups.Truths(i));
            Assert.Equal(Enumerable.Range(0, truths.Count).Where(g => truths[g].ImageId == images[i].Id), groups.TruthIndices(i));
        }
    }
}
