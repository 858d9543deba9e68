using DetEval.Data;

namespace DetEval.Tests.Oracle;

/// <summary>Seeded random COCO-like data on an integer grid: exact IoU ties, heavy score ties, crowds, ignore flags.</summary>
internal static class RandomCocoData
{
    public static (DetectionDataset Dataset, DetectionSet Results) Make(int seed, int images = 12)
    {
        var rng = new Random(seed);
        long[] categoryIds = [1, 3, 7];
        var categories = categoryIds.Select(id => new Category(id, "c" + id)).ToList();
        var imageList = new List<ImageInfo>();
        var used = new HashSet<long>();
        while (imageList.Count < images)
        {
            long id = rng.Next(0, 1000);
            if (used.Add(id))
            {
                imageList.Add(new ImageInfo(id, 40, 40));
            }
        }

        var truths = new List<GroundTruth>();
        var detections = new List<Detection>();
        long nextGtId = rng.Next(2) == 0 ? 0 : 1; // Sometimes a ground truth has id 0 (a reference quirk).
        double[] tiedScores = [0.3, 0.6, 0.6, 0.9];
        foreach (var image in imageList)
        {
            int gtCount = rng.Next(0, 6);
            var boxes = new List<(Box Box, long Category)>();
            for (int g = 0; g < gtCount; g++)
            {
                var box = new Box(rng.Next(0, 20), rng.Next(0, 20), rng.Next(1, 10), rng.Next(1, 10));
                long category = categoryIds[rng.Next(categoryIds.Length)];
                bool crowd = rng.NextDouble() < 0.15;
                bool ignore = rng.NextDouble() < 0.1;
                double area = rng.Next(3) switch { 0 => box.Area, 1 => box.Area + rng.Next(-5, 6), _ => rng.Next(1, 80) };
                truths.Add(new GroundTruth(nextGtId++, image.Id, category, box, area, crowd, ignore));
                boxes.Add((box, category));
            }

            int detCount = rng.Next(0, 9);
            for (int d = 0; d < detCount; d++)
            {
                Box box;
                long category;
                if (boxes.Count > 0 && rng.NextDouble() < 0.7)
                {
                    var (b, c) = boxes[rng.Next(boxes.Count)];
                    box = new Box(b.X + rng.Next(-2, 3), b.Y + rng.Next(-2, 3), Math.Max(0, b.Width + rng.Next(-2, 3)), Math.Max(0, b.Height + rng.Next(-2, 3)));
                    category = rng.NextDouble() < 0.9 ? c : categoryIds[rng.Next(categoryIds.Length)];
                }
                else
                {
                    box = new Box(rng.Next(0, 20), rng.Next(0, 20), rng.Next(0, 10), rng.Next(1, 10));
                    category = rng.NextDouble() < 0.9 ? categoryIds[rng.Next(categoryIds.Length)] : 99;
                }

                double score = rng.NextDouble() < 0.7 ? tiedScores[rng.Next(tiedScores.Length)] : Math.Round(rng.NextDouble(), 2);
                detections.Add(new Detection(image.Id, category, box, score, box.Area));
            }
        }

        // Shuffle the results' file order, so ties depend on it.
        var shuffled = detections.OrderBy(_ => rng.Next()).ToList();
        return (new DetectionDataset(imageList, categories, truths), new DetectionSet(shuffled));
    }
}
