using System.Globalization;
using DetEval.Data;

namespace DetEval;

/// <summary>
/// Semantic checks of legal but suspicious data: boxes that look like [x1, y1, x2, y2] where [x, y, w, h] is expected,
/// all scores equal, detections of categories without ground truth, images without ground truth.
/// </summary>
public sealed class InputWarnings
{
    private const int MaxExamples = 3;

    // A box counts as reaching past the image when x + w exceeds the width by more than one pixel (rounding slack).
    private const double EdgeSlack = 1.0;

    private InputWarnings(IReadOnlyList<InputWarning> items) => Items = items;

    /// <summary>The warnings found, one per kind, in <see cref="InputWarningKind"/> order.</summary>
    public IReadOnlyList<InputWarning> Items { get; }

    /// <summary>Whether nothing suspicious was found.</summary>
    public bool IsEmpty => Items.Count == 0;

    /// <summary>Checks a ground truth and (optionally) its detections.</summary>
    /// <remarks>
    /// xyxy: among the boxes of a file on images with a known size, more than half have <c>x + w &gt; W + 1</c> or
    /// <c>y + h &gt; H + 1</c>. Equal scores: at least two detections, all with one score. Categories: detections whose
    /// category has no annotation in the ground truth. Images: images without annotations.
    /// </remarks>
    /// <param name="dataset">The ground truth.</param>
    /// <param name="detections">The detections, or <see langword="null"/>.</param>
    public static InputWarnings Compute(DetectionDataset dataset, DetectionSet? detections)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        DetectionScan? scan = null;
        if (detections is not null)
        {
            // Every check of the detections in one pass over them, read in place (40 MB on a COCO-sized file: a pass per
            // check read them from memory three times, and a copy of their boxes would cost as much memory as the boxes).
            scan = new DetectionScan(dataset);
            scan.Add(detections.AsSpan());
        }

        return Compute(dataset, scan);
    }

    /// <summary><see cref="Compute(DetectionDataset, DetectionSet?)"/> from a scan of the detections (null: none).</summary>
    internal static InputWarnings Compute(DetectionDataset dataset, DetectionScan? scan)
    {
        var items = new List<InputWarning>();
        var gtBoxes = new List<(long ImageId, Box Box)>(dataset.GroundTruths.Count);
        var annotatedImages = new HashSet<long>();
        foreach (var gt in dataset.GroundTruths)
        {
            gtBoxes.Add((gt.ImageId, gt.Box));
            annotatedImages.Add(gt.ImageId);
        }

        var xyxy = OutsideImage(dataset, gtBoxes.Count, i => gtBoxes[i], "ground truth");
        if (scan is not null)
        {
            (int Count, List<string> Examples, string What)? dtXyxy = scan.Outside * 2 > scan.CheckedBoxes && scan.Outside > 0 ? (scan.Outside, scan.OutsideExamples, "detection") : null;
            if (xyxy is null || dtXyxy is not null)
            {
                xyxy = (xyxy, dtXyxy) switch
                {
                    (null, _) => dtXyxy,
                    _ => (xyxy.Value.Count + dtXyxy!.Value.Count, xyxy.Value.Examples.Concat(dtXyxy.Value.Examples).Take(MaxExamples).ToList(), "ground truth and detection"),
                };
            }
        }

        if (xyxy is { } x)
        {
            items.Add(new InputWarning(InputWarningKind.BoxesLookLikeXyxy, "xyxy_boxes", x.Count,
                F($"{x.Count} {x.What} boxes reach past the image edge as [x, y, w, h]: most boxes of the file do, so they look like [x1, y1, x2, y2]"), x.Examples));
        }

        if (scan is not null && scan.Count >= 2 && scan.AllScoresEqual)
        {
            double first = scan.FirstScore;
            items.Add(new InputWarning(InputWarningKind.AllScoresEqual, "equal_scores", scan.Count,
                F($"all {scan.Count} detections have score {first}: the ranking depends on file order alone"), [F($"score {first}")]));
        }

        if (scan is not null)
        {
            int count = scan.WithoutTruth;
            var examples = scan.WithoutTruthIds;
            if (count > 0)
            {
                items.Add(new InputWarning(InputWarningKind.CategoryWithoutGroundTruth, "categories_without_gt", count,
                    F($"{count} detections are of categories without any ground truth (ids {string.Join(", ", examples.Take(MaxExamples))}{(examples.Count > MaxExamples ? ", ..." : "")})"),
                    [.. examples.Take(MaxExamples).Select(id => F($"category {id}"))]));
            }
        }

        var empty = dataset.Images.Where(i => !annotatedImages.Contains(i.Id)).ToList();
        if (empty.Count > 0)
        {
            items.Add(new InputWarning(InputWarningKind.ImageWithoutGroundTruth, "images_without_gt", empty.Count,
                F($"{empty.Count} of {dataset.Images.Count} images have no ground truth"), [.. empty.Take(MaxExamples).Select(i => F($"image {i.Id}"))]));
        }

        return new InputWarnings(items);
    }

    /// <summary>
    /// What <see cref="Compute(DetectionDataset, DetectionSet?)"/> checks of the detections, gathered in passes over
    /// consecutive stretches of them (<see cref="Add"/>); scans of a file's parts joined in file order
    /// (<see cref="Append"/>) equal one scan of the whole.
    /// </summary>
    internal sealed class DetectionScan
    {
        private readonly DetectionDataset dataset;
        private readonly HashSet<long> annotatedCategories;
        private readonly bool[]? annotated;

        /// <summary>A scan of no detections yet, against <paramref name="dataset"/>'s images and categories.</summary>
        public DetectionScan(DetectionDataset dataset)
        {
            this.dataset = dataset;
            annotatedCategories = [];
            foreach (var gt in dataset.GroundTruths)
            {
                annotatedCategories.Add(gt.CategoryId);
            }

            // Category ids are small numbers in practice: a table of them, not a hash lookup per detection.
            long largest = annotatedCategories.Count == 0 ? -1 : annotatedCategories.Max();
            annotated = annotatedCategories.Count > 0 && annotatedCategories.Min() >= 0 && largest < 1 << 20 ? new bool[largest + 1] : null;
            if (annotated is not null)
            {
                foreach (long id in annotatedCategories)
                {
                    annotated[id] = true;
                }
            }
        }

        /// <summary>A scan with the same tables as <paramref name="other"/> (made once per file, not per part).</summary>
        private DetectionScan(DetectionScan other)
        {
            dataset = other.dataset;
            annotatedCategories = other.annotatedCategories;
            annotated = other.annotated;
        }

        public int Count { get; private set; }

        public double FirstScore { get; private set; }

        public int CheckedBoxes { get; private set; }

        public int Outside { get; private set; }

        public int WithoutTruth { get; private set; }

        public bool AllScoresEqual { get; private set; } = true;

        public List<string> OutsideExamples { get; } = [];

        public SortedSet<long> WithoutTruthIds { get; } = [];

        /// <summary>An empty scan sharing this one's tables, for another part of the same file.</summary>
        public DetectionScan Fork() => new(this);

        /// <summary>Scans the next detections of the file.</summary>
        public void Add(ReadOnlySpan<Detection> detections)
        {
            if (detections.IsEmpty)
            {
                return;
            }

            if (Count == 0)
            {
                FirstScore = detections[0].Score;
            }

            Count += detections.Length;
            double firstScore = FirstScore;
            bool allEqual = AllScoresEqual;
            var images = dataset.Cursor();
            // Detections come grouped by image in practice: the last image found is kept, looked up again on a change.
            long lastId = 0;
            ImageInfo? last = null;
            bool looked = false;
            foreach (ref readonly var d in detections)
            {
                allEqual &= d.Score.Equals(firstScore);
                bool known = annotated is not null
                    ? (ulong)d.CategoryId < (ulong)annotated.Length && annotated[d.CategoryId]
                    : annotatedCategories.Contains(d.CategoryId);
                if (!known)
                {
                    WithoutTruth++;
                    WithoutTruthIds.Add(d.CategoryId);
                }

                if (!looked || d.ImageId != lastId)
                {
                    last = images.TryGet(d.ImageId, out var found) ? found : null;
                    lastId = d.ImageId;
                    looked = true;
                }

                if (last is { Width: > 0, Height: > 0 } image)
                {
                    CheckedBoxes++;
                    if (PastEdge(d.Box, image))
                    {
                        Outside++;
                        if (OutsideExamples.Count < MaxExamples)
                        {
                            OutsideExamples.Add(PastEdgeExample("detection", d.Box, image));
                        }
                    }
                }
            }

            AllScoresEqual = allEqual;
        }

        /// <summary>Adds the scan of the detections that follow this scan's in the file.</summary>
        public void Append(DetectionScan later)
        {
            if (later.Count == 0)
            {
                return;
            }

            if (Count == 0)
            {
                FirstScore = later.FirstScore;
                AllScoresEqual = later.AllScoresEqual;
            }
            else
            {
                AllScoresEqual &= later.AllScoresEqual && later.FirstScore.Equals(FirstScore);
            }

            Count += later.Count;
            CheckedBoxes += later.CheckedBoxes;
            Outside += later.Outside;
            WithoutTruth += later.WithoutTruth;
            OutsideExamples.AddRange(later.OutsideExamples.Take(MaxExamples - OutsideExamples.Count));
            WithoutTruthIds.UnionWith(later.WithoutTruthIds);
        }
    }

    private static (int Count, List<string> Examples, string What)? OutsideImage(DetectionDataset dataset, int count, Func<int, (long ImageId, Box Box)> boxAt, string what)
    {
        int checkedBoxes = 0, outside = 0;
        var examples = new List<string>();
        var images = dataset.Cursor();
        for (int i = 0; i < count; i++)
        {
            var (imageId, box) = boxAt(i);
            if (!images.TryGet(imageId, out var image) || image.Width <= 0 || image.Height <= 0)
            {
                continue;
            }

            checkedBoxes++;
            if (PastEdge(box, image))
            {
                outside++;
                if (examples.Count < MaxExamples)
                {
                    examples.Add(PastEdgeExample(what, box, image));
                }
            }
        }

        return outside * 2 > checkedBoxes && outside > 0 ? (outside, examples, what) : null;
    }

    /// <summary>Whether the box, read as [x, y, w, h], reaches past the image's right or bottom edge.</summary>
    private static bool PastEdge(Box box, ImageInfo image) =>
        box.X + box.Width > image.Width + EdgeSlack || box.Y + box.Height > image.Height + EdgeSlack;

    private static string PastEdgeExample(string what, Box box, ImageInfo image) =>
        F($"{what} box [{box.X}, {box.Y}, {box.Width}, {box.Height}] on image {image.Id} ({image.Width}x{image.Height})");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
