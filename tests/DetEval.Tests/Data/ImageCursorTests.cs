namespace DetEval.Tests.Data;

/// <summary>The remembering image lookup answers as the dataset's own lookup on any id sequence.</summary>
public sealed class ImageCursorTests
{
    [Fact]
    public void Cursor_AnswersAsIndexOfImage_OnRepeatsJumpsAndUnknownIds()
    {
        var images = new[] { 7L, 3, 0, -5, 12 }.Select(id => new ImageInfo(id, 10, 10)).ToList();
        var dataset = new DetectionDataset(images, [new Category(1, "a")], []);
        var random = new Random(5);
        var cursor = dataset.Cursor();
        // The first id may be 0 (the cursor's unset last id) or unknown, runs repeat, and unknown ids come and go.
        long[] ids = [0, 0, 99, 99, 7, 7, 7, 3, 99, 0, -5, 12, 12, .. Enumerable.Range(0, 500).Select(_ => (long)random.Next(-6, 14))];
        foreach (long id in ids)
        {
            Assert.Equal(dataset.IndexOfImage(id), cursor.IndexOf(id));
            Assert.Equal(dataset.TryGetImage(id, out var expected), cursor.TryGet(id, out var image));
            Assert.Same(expected, image);
        }

        var fresh = dataset.Cursor();
        Assert.Equal(-1, fresh.IndexOf(1)); // unknown first, then a known id
        Assert.Equal(2, fresh.IndexOf(0));
    }
}
