using System.Text.Json;
using DetEval.Data;
using DetEval.Formats.Json;
using DetEval.Formats.Coco;
using DetEval.Formats;

namespace DetEval;

public static partial class CocoReader
{
    /// <summary>
    /// Reads a COCO results file: a JSON array of <c>{image_id, category_id, bbox | segmentation | keypoints, score}</c>,
    /// or an object whose <c>annotations</c> holds that array.
    /// </summary>
    /// <remarks>
    /// As the reference <c>loadRes</c>: box results get <c>area = w*h</c>; mask results without a box get
    /// the mask area and its bounding box; keypoint results without either get the extent of their keypoints as box
    /// and area; which rule applies to all is decided by the first result.
    /// A result naming an image that the ground truth lacks is an error; an empty list is valid.
    /// </remarks>
    /// <param name="path">The JSON file.</param>
    /// <param name="groundTruth">The ground truth the results refer to.</param>
    /// <param name="options">Reading options; the reference's rules by default.</param>
    /// <exception cref="DetEvalInputException">The file is missing, malformed or names unknown images.</exception>
    public static DetectionSet ReadResults(string path, DetectionDataset groundTruth, CocoResultsOptions? options = null) =>
        Resolve(ParseResults(path, options ?? new CocoResultsOptions()), groundTruth, options ?? new CocoResultsOptions());

    /// <summary>
    /// Reads a results file against a ground truth read before, with the checks <see cref="Read"/> makes: with
    /// <paramref name="readSegmentation"/>, those of segm evaluation.
    /// </summary>
    internal static DetectionSet ReadResults(string path, DetectionDataset groundTruth, bool readSegmentation, CocoResultsOptions options)
    {
        var raw = ParseResults(path, options);
        var results = Resolve(raw, groundTruth, options);
        if (readSegmentation)
        {
            CheckMaskSizes(groundTruth, results, raw.InAnnotations ? "$.annotations" : "$");
        }

        return results;
    }

    /// <summary>
    /// Reads a ground-truth file and a results file at once: the results are parsed while the ground truth
    /// is read on another thread, then checked against it.
    /// </summary>
    /// <param name="groundTruthPath">The COCO ground-truth JSON.</param>
    /// <param name="resultsPath">The COCO results JSON.</param>
    /// <param name="readSegmentation">
    /// Whether to read the ground truth's masks, for segm evaluation: the masks are then checked as that evaluation
    /// needs them (polygons need their image's width and height; the masks of one image, ground truth and results,
    /// must have one size). Without it, for box evaluation, every annotation needs a <c>bbox</c>.
    /// </param>
    /// <param name="options">Reading options for the results.</param>
    /// <exception cref="DetEvalInputException">Either file is missing, malformed or inconsistent.</exception>
    public static (DetectionDataset GroundTruth, DetectionSet Results) Read(string groundTruthPath, string resultsPath, bool readSegmentation, CocoResultsOptions? options = null)
    {
        options ??= new CocoResultsOptions();
        var gtTask = Parallelism.Start(() => ReadGroundTruth(groundTruthPath, readSegmentation));
        RawResults raw;
        try
        {
            raw = ParseResults(resultsPath, options);
        }
        catch (DetEvalInputException)
        {
            // A bad ground truth is reported first, as a sequential read would.
            gtTask.GetAwaiter().GetResult();
            throw;
        }

        var gt = gtTask.GetAwaiter().GetResult();
        var results = Resolve(raw, gt, options);
        if (readSegmentation)
        {
            CheckMaskSizes(gt, results, raw.InAnnotations ? "$.annotations" : "$");
        }

        return (gt, results);
    }

    /// <summary>The results as parsed, before they are checked against a ground truth.</summary>
    /// <param name="Path">The results file.</param>
    /// <param name="Items">The results in file order.</param>
    /// <param name="InAnnotations">Whether they were the "annotations" of an object.</param>
    /// <param name="Split">Whether the parse stopped where it was asked to (a part before another).</param>
    /// <param name="Parts">How many parts were parsed at once (1: one pass).</param>
    internal sealed record RawResults(string Path, ChunkedList<RawResult> Items, bool InAnnotations, bool Split = false, int Parts = 1);

    /// <summary>
    /// Files from this size on are parsed in parts at once (a ground truth in two halves, results in parts of at least
    /// this size).
    /// </summary>
    private const long ParallelParseBytes = 4 << 20;

    internal static RawResults ParseResults(string path, CocoResultsOptions options)
    {
        if (Parallelism.Overlap && TrySplitInParts(path, (byte)'[') is { } cuts)
        {
            // Speculative parts: each part after the first is parsed as an array of its own from a likely element start,
            // and each part before the last must have an element end exactly where the next part's cut is; only then
            // is the split confirmed. Otherwise (or on any error) the file is parsed in one pass, which gives the right
            // answer and the right error message. More parts than threads, taken as threads come free: the ground
            // truth, read at the same time, and uneven parts leave no core idle for long.
            var parts = new RawResults?[cuts.Count + 1];
            Parallel.For(0, parts.Length, Parallelism.Options, i =>
            {
                try
                {
                    long from = i == 0 ? 0 : cuts[i - 1].NextElement;
                    // A part's streamer counts bytes from its own start, after the one-byte "[" put before it.
                    long stopAt = i == cuts.Count ? -1 : i == 0 ? cuts[0].ElementEnd : cuts[i].ElementEnd - from + 1;
                    using var json = i == 0 ? new JsonFileStreamer(path) : new JsonFileStreamer(path, from, "["u8);
                    parts[i] = ParseStream(json, path, options, stopAt);
                }
                catch (DetEvalInputException)
                {
                }
            });

            var first = parts[0];
            bool confirmed = first is { InAnnotations: false } && parts[^1] is not null;
            long total = 0;
            for (int i = 0; confirmed && i < parts.Length; i++)
            {
                confirmed = parts[i] is { } part && (i == parts.Length - 1 || part.Split);
                total += parts[i]?.Items.Count ?? 0;
            }

            if (confirmed && total <= options.MaxDetections)
            {
                for (int i = 1; i < parts.Length; i++)
                {
                    first!.Items.Append(parts[i]!.Items);
                }

                return first! with { Parts = parts.Length };
            }

            if (first is { Split: false })
            {
                return first;
            }
        }

        using var whole = new JsonFileStreamer(path);
        return ParseStream(whole, path, options, -1);
    }

    /// <summary>
    /// Likely boundaries between elements of a large results array (<see cref="ParallelParseBytes"/> or more a part, at most two
    /// parts a thread), in file order, or null when the file is not split.
    /// </summary>
    private static List<(long ElementEnd, long NextElement)>? TrySplitInParts(string path, byte opening)
    {
        // Only a regular file can be split (see TrySplit); its length from the file system, without opening it.
        long length;
        try
        {
            length = FileKinds.Of(path) == FileKind.Regular ? new FileInfo(path).Length : 0;
        }
        catch (IOException)
        {
            return null; // the one-pass parse reports it
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        if (length < ParallelParseBytes)
        {
            return null;
        }

        int count = (int)Math.Clamp(length / ParallelParseBytes, 2, 2L * Parallelism.Options.MaxDegreeOfParallelism);
        var cuts = new List<(long ElementEnd, long NextElement)>();
        for (int part = 1; part < count; part++)
        {
            if (TrySplit(path, opening, length * part / count) is not (long end, long next) || (cuts.Count > 0 && end <= cuts[^1].NextElement))
            {
                return cuts.Count > 0 ? cuts : null;
            }

            cuts.Add((end, next));
        }

        return cuts;
    }

    /// <summary>
    /// A likely boundary between two elements of an array at or after offset <paramref name="at"/> (default: the middle)
    /// of a file that starts with <paramref name="opening"/> (<c>[</c>: a results array; <c>{</c>: a ground truth's
    /// annotations): the offset just after a <c>}</c> and the offset of the <c>{</c> that follows it after a comma.
    /// </summary>
    private static (long ElementEnd, long NextElement)? TrySplit(string path, byte opening, long at = -1)
    {
        try
        {
            // Only a regular file can be split: a pipe or /dev/stdin is parsed in one pass as it comes. Ask the file
            // system before opening: opening and closing a fifo here would pair with its writer and drop what it wrote.
            if (FileKinds.Of(path) != FileKind.Regular)
            {
                return null;
            }

            using var file = InputFile.Open(path, InputKind.StreamedJson);
            if (file.KnownLength is not long length || length < ParallelParseBytes)
            {
                return null;
            }

            Span<byte> head = stackalloc byte[64];
            int n = file.ReadAt(head, 0);
            var trimmed = head[..n].TrimStart(" \t\r\n"u8);
            if (trimmed.IsEmpty || trimmed[0] != opening)
            {
                return null;
            }

            long middle = at < 0 ? length / 2 : at;
            var window = new byte[1 << 20];
            int got = 0;
            while (got < window.Length && file.ReadAt(window.AsSpan(got), middle + got) is int read && read > 0)
            {
                got += read;
            }

            for (int i = 0; i < got; i++)
            {
                if (window[i] != (byte)'}')
                {
                    continue;
                }

                int j = i + 1;
                while (j < got && window[j] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    j++;
                }

                if (j >= got || window[j] != (byte)',')
                {
                    continue;
                }

                j++;
                while (j < got && window[j] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                {
                    j++;
                }

                if (j < got && window[j] == (byte)'{')
                {
                    return (middle + i + 1, middle + j);
                }
            }

            return null;
        }
        catch (DetEvalInputException)
        {
            return null; // the one-pass parse reports it
        }
    }

    private static RawResults ParseStream(JsonFileStreamer json, string path, CocoResultsOptions options, long stopAt, bool dispose = false)
    {
        using var owned = dispose ? json : null;
        var sink = new ListSink();
        var (inAnnotations, split) = ParseStream(json, path, options, stopAt, sink);
        return new RawResults(path, sink.Items, inAnnotations, split);
    }

    /// <summary>Where <see cref="ParseStream(JsonFileStreamer, string, CocoResultsOptions, long, ResultSink)"/> puts each result, in file order.</summary>
    internal abstract class ResultSink
    {
        /// <summary>The sink over results copied into <paramref name="arena"/> (the whole file's default when null).</summary>
        private protected ResultSink(ByteArena? arena = null) => Arena = arena ?? new ByteArena();

        /// <summary>The arena the results' compressed counts are copied into.</summary>
        public ByteArena Arena { get; }

        /// <summary>How many results were added.</summary>
        public int Count { get; private set; }

        /// <summary>Takes the next result.</summary>
        public void Add(in RawResult raw)
        {
            Count++;
            Take(raw);
        }

        private protected abstract void Take(in RawResult raw);
    }

    /// <summary>Keeps every result (the whole-file read).</summary>
    private sealed class ListSink : ResultSink
    {
        public ChunkedList<RawResult> Items { get; } = new();

        private protected override void Take(in RawResult raw) => Items.Add(raw);
    }

    /// <summary>
    /// Parses a results array (or an object with "annotations") into <paramref name="sink"/>; returns whether the results
    /// were the "annotations" of an object and whether the parse stopped at <paramref name="stopAt"/>.
    /// </summary>
    internal static (bool InAnnotations, bool Split) ParseStream(JsonFileStreamer json, string path, CocoResultsOptions options, long stopAt, ResultSink sink)
    {
        json.StopAt = stopAt;
        var arena = sink.Arena;
        JsonElementParser onElement = (ref Utf8JsonReader reader, int index) =>
        {
            if (sink.Count >= options.MaxDetections)
            {
                throw new JsonFieldException("", $"more than {options.MaxDetections} detections; raise the limit to read this file");
            }

            sink.Add(ReadResult(ref reader, arena, options));
        };
        // The elements' layout, learned from one of the first elements the fast path reads (see ResultLayout).
        ResultLayout? layout = null;
        int learning = 8;
        JsonFastElement? fast = !options.FastPath ? null : (ReadOnlySpan<byte> bytes, out int consumed) =>
        {
            if (sink.Count < options.MaxDetections && layout is not null && layout.TryRead(bytes, arena, options, out var laidOut, out consumed))
            {
                sink.Add(laidOut);
                return true;
            }

            if (sink.Count < options.MaxDetections && TryReadResultFast(bytes, arena, options, out var raw, out consumed))
            {
                sink.Add(raw);
                if (layout is null && learning > 0 && raw.Segmentation is null or { Kind: SegmentationKind.CompressedRle })
                {
                    learning--;
                    layout = ResultLayout.Learn(bytes[..consumed]);
                }

                return true;
            }

            consumed = 0;
            return false;
        };

        if (json.StartsWithArray())
        {
            json.StreamValue(onElement, "$", fast);
        }
        else
        {
            if (!json.StartsWithObject() || json.Next(out _) != JsonTokenType.StartObject)
            {
                throw new DetEvalInputException(path, "$", "expected a JSON array of results or an object with \"annotations\"");
            }

            bool found = false;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            while (json.Next(out string? name) == JsonTokenType.PropertyName)
            {
                if (!keys.Add(name!))
                {
                    throw new DetEvalInputException(path, "$." + name, $"the key \"{name}\" is given twice; expected each top-level key once");
                }

                if (name == "annotations")
                {
                    found = true;
                    Expect(json.StreamValue(onElement, "$.annotations", fast), path, "$.annotations");
                }
                else
                {
                    json.StreamValue(null, "$." + name);
                }
            }

            if (!found)
            {
                throw new DetEvalInputException(path, "$", "expected a JSON array of results or an object with \"annotations\"");
            }

            json.ExpectEnd();
            return (true, false);
        }

        if (!json.StoppedAt)
        {
            // A second array or other text after the results is refused, not ignored.
            json.ExpectEnd();
        }

        return (false, json.StoppedAt);
    }

    /// <summary>loadRes's branches: which field of the deciding result gives every result's area and box.</summary>
    private enum ResultBranch
    {
        Box,
        Mask,
        Keypoints,
    }

    /// <summary>
    /// Reads a results file whose area branch is decided by another result than the first (LVIS decides after its
    /// per-image cap): <paramref name="decidingIndex"/> picks it from the parsed image ids and scores.
    /// </summary>
    internal static DetectionSet ReadResults(string path, DetectionDataset groundTruth, CocoResultsOptions options, Func<IReadOnlyList<(long ImageId, double Score)>, int> decidingIndex)
    {
        var raw = ParseResults(path, options);
        var keys = new (long ImageId, double Score)[raw.Items.Count];
        for (int chunk = 0; chunk < raw.Items.ChunkCount; chunk++)
        {
            var part = raw.Items.Chunk(chunk);
            int start = raw.Items.ChunkStart(chunk);
            for (int j = 0; j < part.Length; j++)
            {
                keys[start + j] = (part[j].ImageId, part[j].Score);
            }
        }

        return Resolve(raw, groundTruth, options, keys.Length == 0 ? 0 : decidingIndex(keys));
    }

    private static DetectionSet Resolve(RawResults raw, DetectionDataset groundTruth, CocoResultsOptions options, int decidingIndex = 0)
    {
        var items = raw.Items;
        var detections = new Detection[items.Count];
        // Parity: loadRes picks its branch from the first result only: bbox (non-empty), else segmentation, else keypoints.
        ResultBranch branch = ResultBranch.Box;
        if (items.Count > 0)
        {
            int chunkIndex = 0;
            while (items.ChunkStart(chunkIndex) + items.Chunk(chunkIndex).Length <= decidingIndex)
            {
                chunkIndex++;
            }

            ref readonly var deciding = ref items.Chunk(chunkIndex)[decidingIndex - items.ChunkStart(chunkIndex)];
            branch = deciding.HasBox ? ResultBranch.Box : deciding.Segmentation is not null ? ResultBranch.Mask : ResultBranch.Keypoints;
        }

        // Chunks in parallel; the lowest chunk's first error is the one a sequential read reports.
        ParallelInput.For(items.ChunkCount, chunk =>
        {
            var part = items.Chunk(chunk);
            int start = items.ChunkStart(chunk);
            var images = groundTruth.Cursor();
            for (int j = 0; j < part.Length; j++)
            {
                int i = start + j;
                ref readonly var r = ref part[j];
                try
                {
                    if (!images.TryGet(r.ImageId, out var image))
                    {
                        throw new JsonFieldException(".image_id", $"image id {r.ImageId} is not in the ground truth");
                    }

                    detections[i] = ToDetection(r, branch, image, options);
                }
                catch (JsonFieldException e)
                {
                    throw new DetEvalInputException(raw.Path, $"{(raw.InAnnotations ? "$.annotations" : "$")}[{i}]{e.Field}", e.Message, e);
                }
            }
        });

        return new DetectionSet(detections, detections.Length, raw.Path);
    }

    private static Detection ToDetection(in RawResult raw, ResultBranch branch, ImageInfo image, CocoResultsOptions options)
    {
        if (branch == ResultBranch.Keypoints)
        {
            if (raw.Keypoints is not { Count: > 0 } points)
            {
                throw new JsonFieldException("", "result has no \"keypoints\" (the first result has neither bbox nor segmentation, so every result needs keypoints)");
            }

            // Parity: loadRes takes the extent of all K keypoints (those written as (0, 0) too) as box and area.
            double x0 = double.PositiveInfinity, x1 = double.NegativeInfinity, y0 = double.PositiveInfinity, y1 = double.NegativeInfinity;
            for (int i = 0; i < points.Count; i++)
            {
                x0 = Math.Min(x0, points.X(i));
                x1 = Math.Max(x1, points.X(i));
                y0 = Math.Min(y0, points.Y(i));
                y1 = Math.Max(y1, points.Y(i));
            }

            return new Detection(raw.ImageId, raw.CategoryId, new Box(x0, y0, x1 - x0, y1 - y0), raw.Score, (x1 - x0) * (y1 - y0), raw.Segmentation)
            {
                Keypoints = points,
            };
        }

        if (branch == ResultBranch.Box)
        {
            if (!raw.HasBox)
            {
                throw new JsonFieldException("", "result has no \"bbox\" (the first result has one, so every result needs one)");
            }

            double area = raw.Box.Area;
            if (options.AreaSource == ResultAreaSource.Mask && raw.Segmentation is not null)
            {
                area = raw.Measured ? raw.MaskArea : MaskArea(raw.Segmentation, image).Area;
            }

            return new Detection(raw.ImageId, raw.CategoryId, raw.Box, raw.Score, area, raw.Segmentation) { Keypoints = raw.Keypoints };
        }

        if (raw.Segmentation is null)
        {
            throw new JsonFieldException("", "result has no \"segmentation\" (the first result has no bbox, so every result needs a mask)");
        }

        var (maskArea, maskBox) = raw.Measured && raw.Segmentation.TryGetMeasuredCompressed(out _, out var measuredBox)
            ? (raw.MaskArea, measuredBox)
            : MaskArea(raw.Segmentation, image);
        return new Detection(raw.ImageId, raw.CategoryId, raw.HasBox ? raw.Box : maskBox, raw.Score, maskArea, raw.Segmentation) { Keypoints = raw.Keypoints };
    }

    private static RawResult ReadResult(ref Utf8JsonReader reader, ByteArena arena, CocoResultsOptions options)
    {
        JsonValues.Read(ref reader);
        ExpectObject(ref reader);
        var raw = default(RawResult);
        bool hasImage = false, hasCategory = false, hasScore = false;
        int seen = 0;
        Span<double> bb = stackalloc double[4];
        while (JsonValues.Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("image_id"u8))
            {
                JsonValues.Once(ref seen, 1, ".image_id");
                JsonValues.Read(ref reader);
                raw.ImageId = JsonValues.ReadId(ref reader, ".image_id");
                hasImage = true;
            }
            else if (reader.ValueTextEquals("category_id"u8))
            {
                JsonValues.Once(ref seen, 2, ".category_id");
                JsonValues.Read(ref reader);
                raw.CategoryId = JsonValues.ReadId(ref reader, ".category_id");
                hasCategory = true;
            }
            else if (reader.ValueTextEquals("bbox"u8))
            {
                JsonValues.Once(ref seen, 4, ".bbox");
                JsonValues.Read(ref reader);
                // Parity: an empty "bbox" counts as absent when choosing the branch.
                int n = JsonValues.ReadNumbers(ref reader, ".bbox", bb, 0);
                if (n == 0)
                {
                    continue;
                }

                if (n != 4)
                {
                    throw new JsonFieldException(".bbox", $"expected 4 numbers [x, y, w, h], got {n}");
                }

                raw.Box = options.KeepNegativeBoxSizes ? new Box(bb[0], bb[1], bb[2], bb[3]) : CheckedBox(bb);
                raw.HasBox = true;
            }
            else if (reader.ValueTextEquals("score"u8))
            {
                JsonValues.Once(ref seen, 8, ".score");
                JsonValues.Read(ref reader);
                raw.Score = JsonValues.ReadDouble(ref reader, ".score");
                hasScore = true;
            }
            else if (reader.ValueTextEquals("segmentation"u8))
            {
                JsonValues.Once(ref seen, 16, ".segmentation");
                JsonValues.Read(ref reader);
                raw.Segmentation = reader.TokenType == JsonTokenType.Null ? null : CocoSegmentationParser.Read(ref reader, ".segmentation", arena);
            }
            else if (reader.ValueTextEquals("keypoints"u8))
            {
                JsonValues.Once(ref seen, 32, ".keypoints");
                JsonValues.Read(ref reader);
                raw.Keypoints = ReadKeypoints(ref reader);
            }
            else
            {
                JsonValues.Read(ref reader);
                JsonValues.Skip(ref reader);
            }
        }

        if (!hasImage || !hasCategory || !hasScore)
        {
            throw new JsonFieldException("", $"result has no \"{(!hasImage ? "image_id" : !hasCategory ? "category_id" : "score")}\"");
        }

        if (!raw.HasBox && raw.Segmentation is null && raw.Keypoints is null)
        {
            throw new JsonFieldException("", "result has neither \"bbox\" nor \"segmentation\" nor \"keypoints\"");
        }

        MeasureWhenNeeded(ref raw, options);
        return raw;
    }

    /// <summary>
    /// Measures a compressed mask now, while its bytes are in cache, when its area will be needed (which needs no image).
    /// A bad mask is left for Resolve, which reports errors in file order.
    /// </summary>
    private static void MeasureWhenNeeded(ref RawResult raw, CocoResultsOptions options)
    {
        if (!options.MeasureLater && NeedsMeasure(raw, options) is { } segmentation)
        {
            try
            {
                (raw.MaskArea, _) = segmentation.Measure(0, 0);
                raw.Measured = true;
            }
            catch (FormatException)
            {
            }
        }
    }

    /// <summary>The compressed mask to measure when read (its area will be needed), or null.</summary>
    private static Segmentation? NeedsMeasure(in RawResult raw, CocoResultsOptions options) =>
        raw.Segmentation is { Kind: SegmentationKind.CompressedRle } segmentation && (!raw.HasBox || options.AreaSource == ResultAreaSource.Mask)
            ? segmentation
            : null;

    internal struct RawResult
    {
        public long ImageId;
        public long CategoryId;
        public Box Box;
        public bool HasBox;
        public double Score;
        public Segmentation? Segmentation;
        public Keypoints? Keypoints;

        /// <summary>Whether the compressed mask was measured when read: <see cref="MaskArea"/> and its remembered box are valid.</summary>
        public bool Measured;
        public double MaskArea;
    }
}
