using DetEval.Data;
using DetEval.Formats;
using DetEval.Formats.Json;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>Takes one image's results, complete and in file order (called on the parsing threads, each image once).</summary>
    /// <param name="imageIndex">The image's position in the ground truth's images.</param>
    /// <param name="image">The image.</param>
    /// <param name="detections">Its results, valid during the call only.</param>
    internal delegate void ImageResultsHandler(int imageIndex, ImageInfo image, ReadOnlySpan<Detection> detections);

    /// <summary>What a streamed read found besides the images it handed over.</summary>
    /// <param name="Count">The results in the file.</param>
    /// <param name="Scan">The input checks of every result, in file order.</param>
    /// <param name="HasResults">Per image (ground-truth order): whether it was handed over.</param>
    /// <param name="Parts">How many parts were parsed at once.</param>
    internal sealed record StreamedResults(int Count, InputWarnings.DetectionScan Scan, bool[] HasResults, int Parts);

    /// <summary>
    /// Reads a results file that lists each image's results together (the usual layout) image by image: each image is
    /// handed to <paramref name="handle"/> as soon as its results are complete, on the thread that parsed them, so that
    /// only a window of results (and of their masks' bytes) is held, never the whole file. Gives null, having handed
    /// over images that the caller must then forget, for anything else: results that list an image in two places, input
    /// the whole-file read would refuse (its error, in its order, is that read's to give), or a file that is not a
    /// regular file (which cannot be read a second time). The whole-file read (<see cref="ReadResults(string, DetectionDataset, CocoResultsOptions?)"/>)
    /// then gives the answer or the error. Large files are parsed in parts at once, as that read does; an image at a
    /// part's edge is handed over once both parts are parsed.
    /// </summary>
    /// <param name="path">The results file.</param>
    /// <param name="groundTruth">The ground truth, read.</param>
    /// <param name="checkMaskSizes">Whether to make the checks of segm evaluation (see <see cref="Read"/>).</param>
    /// <param name="options">Reading options.</param>
    /// <param name="handle">Takes each image's results; an input error it throws makes the read give null.</param>
    /// <param name="prepare">The caller's own preparation, run beside this read's (before any image is handed over).</param>
    internal static StreamedResults? TryStreamResults(string path, DetectionDataset groundTruth, bool checkMaskSizes, CocoResultsOptions options, ImageResultsHandler handle, Action? prepare = null)
    {
        try
        {
            if (FileKinds.Of(path) != FileKind.Regular)
            {
                return null;
            }
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // Each a pass over the ground truth or a look into the file: side by side.
        (int Height, int Width)[]? truthSizes = null;
        bool sizesKnown = true;
        InputWarnings.DetectionScan scan = null!;
        List<(long ElementEnd, long NextElement)>? cuts = null;
        Parallel.Invoke(
            Parallelism.Options,
            () => sizesKnown = !checkMaskSizes || TryTruthMaskSizes(groundTruth, out truthSizes),
            () => scan = new InputWarnings.DetectionScan(groundTruth),
            () => cuts = Parallelism.Overlap ? TrySplitInParts(path, (byte)'[') : null,
            () => prepare?.Invoke());
        if (!sizesKnown)
        {
            return null;
        }

        var run = new StreamRun(groundTruth, options with { MeasureLater = true }, truthSizes, handle);
        var parts = new StreamPart[(cuts?.Count ?? 0) + 1];
        for (int i = 0; i < parts.Length; i++)
        {
            parts[i] = new StreamPart(run, i, scan.Fork());
        }

        Parallel.For(0, parts.Length, Parallelism.Options, i =>
        {
            var part = parts[i];
            try
            {
                long from = i == 0 ? 0 : cuts![i - 1].NextElement;
                // As in ParseResults: a part's streamer counts bytes from its own start, after the "[" put before it.
                long stopAt = cuts is null || i == cuts.Count ? -1 : i == 0 ? cuts[0].ElementEnd : cuts[i].ElementEnd - from + 1;
                using var json = i == 0 ? new JsonFileStreamer(path) : new JsonFileStreamer(path, from, "["u8);
                (part.InAnnotations, part.Split) = ParseStream(json, path, run.Options, stopAt, part);
                part.Finish();
            }
            catch (Exception e) when (e is StreamAbandonedException or DetEvalInputException or JsonFieldException or FormatException)
            {
                run.Abandon();
            }
        });

        if (run.Abandoned || !run.TryFinish(parts))
        {
            return null;
        }

        foreach (var part in parts)
        {
            scan.Append(part.Scan);
        }

        return new StreamedResults(scan.Count, scan, run.HasResults(), parts.Length);
    }

    /// <summary>The ground truth's mask size per image (0 x 0 without masks), false where <see cref="CheckMaskSizes"/> would refuse it.</summary>
    private static bool TryTruthMaskSizes(DetectionDataset gt, out (int Height, int Width)[] sizes)
    {
        sizes = new (int Height, int Width)[gt.Images.Count];
        var cursor = gt.Cursor();
        try
        {
            for (int i = 0; i < gt.GroundTruths.Count; i++)
            {
                var truth = gt.GroundTruths[i];
                int index = cursor.IndexOf(truth.ImageId);
                if (truth.Segmentation is not { } segmentation || index < 0)
                {
                    continue;
                }

                var size = MaskSize(segmentation, gt.Images[index], gt.Source, i, static i => $"$.annotations[{i}].segmentation");
                if (sizes[index] == default)
                {
                    sizes[index] = size;
                }
                else if (sizes[index] != size)
                {
                    return false;
                }
            }
        }
        catch (DetEvalInputException)
        {
            return false;
        }

        return true;
    }

    // A streamed part's arena chunk: an image's counts are some tens of kilobytes, and the chunk is handed out again
    // image after image (a longer image's go to a chunk of their own size).
    private const int StreamChunk = 256 << 10;

    /// <summary>Stops a part's parse when the streamed read is given up.</summary>
    private sealed class StreamAbandonedException : Exception
    {
    }

    /// <summary>The state the parts of one streamed read share.</summary>
    private sealed class StreamRun(DetectionDataset groundTruth, CocoResultsOptions options, (int Height, int Width)[]? truthSizes, ImageResultsHandler handle)
    {
        // Per image: 0 until its results are handed over, then 1.
        private readonly int[] handed = new int[groundTruth.Images.Count];
        private volatile bool abandoned;

        public DetectionDataset GroundTruth => groundTruth;

        public CocoResultsOptions Options => options;

        public (int Height, int Width)[]? TruthSizes => truthSizes;

        public bool Abandoned => abandoned;

        public void Abandon() => abandoned = true;

        /// <summary>Hands an image over, or gives the read up when it was handed over before (its results are apart).</summary>
        public void Hand(int imageIndex, ImageInfo image, ReadOnlySpan<Detection> detections)
        {
            if (Interlocked.Exchange(ref handed[imageIndex], 1) != 0)
            {
                Abandon();
                throw new StreamAbandonedException();
            }

            handle(imageIndex, image, detections);
        }

        /// <summary>
        /// After every part is parsed: checks what only the whole file shows (the split confirmed, one branch, the
        /// count) and hands over the images at the parts' edges, joined where one image spans an edge.
        /// </summary>
        public bool TryFinish(StreamPart[] parts)
        {
            long total = 0;
            for (int i = 0; i < parts.Length; i++)
            {
                var part = parts[i];
                total += part.Count;
                bool inPlace = parts.Length == 1 || (!part.InAnnotations && (i == parts.Length - 1 || part.Split));
                // Parity: the first result decides every result's branch; a part read with another branch is read again.
                if (!inPlace || (part.Count > 0 && parts[0].Count > 0 && part.Branch != parts[0].Branch))
                {
                    return false;
                }
            }

            if (total > options.MaxDetections)
            {
                return false;
            }

            try
            {
                // The parts' edge images in file order. One part's last image and the next part's first are one image's
                // results when they name one image (a cut fell inside it), and a part of one image only may continue
                // it; two edge images of one part are apart in the file, so one image twice there gives the read up.
                var edges = parts.SelectMany(p => p.Edges.Select(edge => (Part: p.Index, edge.ImageIndex, edge.Detections))).ToList();
                for (int e = 0; e < edges.Count;)
                {
                    int end = e + 1;
                    while (end < edges.Count && edges[end].ImageIndex == edges[e].ImageIndex && edges[end].Part != edges[end - 1].Part)
                    {
                        end++;
                    }

                    var detections = end == e + 1 ? edges[e].Detections : [.. edges.Skip(e).Take(end - e).SelectMany(x => x.Detections)];
                    Hand(edges[e].ImageIndex, groundTruth.Images[edges[e].ImageIndex], detections);
                    e = end;
                }
            }
            catch (Exception e) when (e is StreamAbandonedException or DetEvalInputException)
            {
                return false;
            }

            return true;
        }

        public bool[] HasResults() => [.. handed.Select(h => h != 0)];
    }

    /// <summary>One part of a streamed read: gathers each image's results and hands them over when the image changes.</summary>
    private sealed class StreamPart(StreamRun run, int index, InputWarnings.DetectionScan scan) : ResultSink(new ByteArena(StreamChunk))
    {
        private readonly List<(int ImageIndex, Detection[] Detections)> edges = [];
        private DetectionDataset.ImageCursor images = run.GroundTruth.Cursor();
        private RawResult[] group = new RawResult[128];
        private Detection[] detections = new Detection[128];
        private uint[] runs = new uint[1 << 14];
        private bool runsHeld;
        private int groupCount;
        private bool branchKnown;
        private bool flushedOne;

        public int Index => index;

        public bool InAnnotations { get; set; }

        public bool Split { get; set; }

        /// <summary>The branch this part's first result decides (the whole read requires part 0's).</summary>
        public ResultBranch Branch { get; private set; }

        public InputWarnings.DetectionScan Scan => scan;

        /// <summary>The images at this part's edges, held until every part is parsed (the first only after part 0).</summary>
        public IReadOnlyList<(int ImageIndex, Detection[] Detections)> Edges => edges;

        /// <summary>Hands over (or holds) the last image once the part is parsed.</summary>
        public void Finish()
        {
            if (groupCount > 0)
            {
                Flush(edge: true);
            }
        }

        private protected override void Take(in RawResult raw)
        {
            if (run.Abandoned)
            {
                throw new StreamAbandonedException();
            }

            if (!branchKnown)
            {
                Branch = raw.HasBox ? ResultBranch.Box : raw.Segmentation is not null ? ResultBranch.Mask : ResultBranch.Keypoints;
                branchKnown = true;
            }

            var next = raw;
            if (groupCount > 0 && raw.ImageId != group[0].ImageId)
            {
                bool edge = index > 0 && !flushedOne;
                Flush(edge);
                // The image just handed over is done with its masks' bytes: the arena is handed out again, keeping the
                // bytes of the result that started the next image (the arena's last copy). An image held at an edge
                // keeps the bytes it has.
                if (edge)
                {
                    Arena.Abandon();
                }
                else if (next.Segmentation is { CompressedMemory: { IsEmpty: false } bytes } segmentation)
                {
                    if (Arena.ResetKeeping(bytes) is { } moved)
                    {
                        next.Segmentation = segmentation.MovedTo(moved);
                    }
                    else
                    {
                        Arena.Abandon();
                    }
                }
                else
                {
                    Arena.Reset();
                }
            }

            if (groupCount == group.Length)
            {
                Array.Resize(ref group, group.Length * 2);
            }

            group[groupCount++] = next;
        }

        /// <summary>Resolves the gathered image's results and hands them over, or holds them when at an edge.</summary>
        private void Flush(bool edge)
        {
            flushedOne = true;
            int n = groupCount;
            groupCount = 0;
            long imageId = group[0].ImageId;
            int imageIndex = images.IndexOf(imageId);
            if (imageIndex < 0)
            {
                throw new StreamAbandonedException(); // the whole-file read names the result
            }

            var image = run.GroundTruth.Images[imageIndex];
            // The image's masks measured now, their bytes still in cache, and their runs kept for matching: each mask
            // is decoded once. The runs of an image held at an edge stay in their buffer; the next image gets another.
            if (runsHeld)
            {
                runs = new uint[runs.Length];
                runsHeld = false;
            }

            int used = 0;
            for (int j = 0; j < n; j++)
            {
                ref var raw = ref group[j];
                if (NeedsMeasure(raw, run.Options) is { } segmentation)
                {
                    try
                    {
                        (raw.MaskArea, _) = segmentation.MeasureKeepingRuns(ref runs, ref used);
                        raw.Measured = true;
                    }
                    catch (FormatException)
                    {
                        throw new StreamAbandonedException(); // the whole-file read names the result
                    }
                }
            }

            runsHeld = edge;
            if (detections.Length < n)
            {
                detections = new Detection[Math.Max(n, detections.Length * 2)];
            }

            var sizes = run.TruthSizes;
            for (int j = 0; j < n; j++)
            {
                detections[j] = ToDetection(group[j], Branch, image, run.Options);
                if (sizes is not null)
                {
                    var size = MaskSize(detections[j].Segmentation, image, "", 0, static _ => "");
                    if (sizes[imageIndex] != default && sizes[imageIndex] != size)
                    {
                        throw new StreamAbandonedException();
                    }
                }
            }

            Array.Clear(group, 0, n);
            var span = detections.AsSpan(0, n);
            scan.Add(span);
            if (edge)
            {
                edges.Add((imageIndex, span.ToArray()));
            }
            else
            {
                run.Hand(imageIndex, image, span);
                // Matched: the image's masks go back to the arena for the next results.
                foreach (ref readonly var detection in span)
                {
                    if (detection.Segmentation is { Kind: SegmentationKind.CompressedRle } done)
                    {
                        Arena.Recycle(done);
                    }
                }
            }
        }
    }
}
