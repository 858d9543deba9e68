using System.Globalization;
using DetEval.Formats;

namespace DetEval;

/// <summary>
/// The videos of a SAM 2 ground-truth root and prediction root (<see cref="SamReader.OpenVideoFolders"/>), and the
/// reader of each video's PNG frames in its layout.
/// </summary>
/// <remarks>
/// <para>
/// Layout, per video, as the reference decides it: if every entry of the ground-truth video folder ends in
/// <c>.png</c> (an empty folder too) the video is in the DAVIS layout (one label map per frame, the frames are those
/// entries); otherwise it is in the SA-V layout and every entry is an object folder whose entries are that object's
/// frames. Names are sorted by code point. Predictions are looked up at the same relative paths, only for the frames
/// evaluated; prediction files the ground truth does not list are never opened.
/// </para>
/// <para>
/// Each PNG is read through <see cref="PngMask"/> (header checked before decoding) as its stored values: palette
/// index or grey value. Refused, as the reference refuses them: a missing prediction file, a prediction of another
/// size than its ground truth, an entry of an SA-V-layout video folder that is not a folder, and any PNG that is
/// not a readable grey or palette image.
/// </para>
/// </remarks>
public sealed class SamVideoFolders
{
    private readonly PngMaskOptions png;

    private SamVideoFolders(string groundTruthRoot, string predictionRoot, string[] videos, string[] groundTruthOnly, string[] predictionOnly, PngMaskOptions png)
    {
        GroundTruthRoot = groundTruthRoot;
        PredictionRoot = predictionRoot;
        Videos = Array.AsReadOnly(videos);
        GroundTruthOnly = Array.AsReadOnly(groundTruthOnly);
        PredictionOnly = Array.AsReadOnly(predictionOnly);
        this.png = png;
    }

    /// <summary>The ground-truth root the videos are read from (the given one, or its <c>Annotations</c> folder).</summary>
    public string GroundTruthRoot { get; }

    /// <summary>The prediction root.</summary>
    public string PredictionRoot { get; }

    /// <summary>The videos in both roots, in code-point order: the ones evaluated.</summary>
    public IReadOnlyList<string> Videos { get; }

    /// <summary>Ground-truth videos without a prediction folder (skipped, as the reference does when not strict).</summary>
    public IReadOnlyList<string> GroundTruthOnly { get; }

    /// <summary>Prediction folders without ground truth (ignored).</summary>
    public IReadOnlyList<string> PredictionOnly { get; }

    /// <summary>Reads a video's folder structure (not its pixels): its layout, tracks and frame lists.</summary>
    /// <param name="video">One of <see cref="Videos"/>.</param>
    /// <returns>The video, whose frames are decoded when <see cref="SamVideoEvaluator.Update(SamVideo)"/> scores them.</returns>
    /// <exception cref="DetEvalInputException">An SA-V-layout video folder holds a file, or a folder cannot be listed.</exception>
    public SamVideo Read(string video)
    {
        ArgumentNullException.ThrowIfNull(video);
        string gtVideo = Path.Combine(GroundTruthRoot, video);
        string predVideo = Path.Combine(PredictionRoot, video);
        string[] entries = List(gtVideo);

        // Parity: all(name.endswith(".png")) decides the layout (an empty folder counts as DAVIS).
        if (Array.TrueForAll(entries, e => e.EndsWith(".png", StringComparison.Ordinal)))
        {
            return new SamVideo(video, SamVideoLayout.Davis, [new SamVideoTrack(null, entries, Loader(gtVideo, predVideo), gtVideo)]);
        }

        var tracks = new SamVideoTrack[entries.Length];
        for (int i = 0; i < entries.Length; i++)
        {
            string gtObject = Path.Combine(gtVideo, entries[i]);
            if (!Directory.Exists(gtObject))
            {
                throw new DetEvalInputException(gtObject, "", "is a file, but its video folder is in the SA-V layout (an entry does not end in .png), where every entry is an object folder");
            }

            tracks[i] = new SamVideoTrack(entries[i], List(gtObject), Loader(gtObject, Path.Combine(predVideo, entries[i])), gtObject);
        }

        return new SamVideo(video, SamVideoLayout.Sav, tracks);
    }

    internal static SamVideoFolders Open(string groundTruth, string predictions, PngMaskOptions png)
    {
        string[] gtEntries = List(groundTruth, "--gt");
        string[] predEntries = List(predictions, "--pred");

        // Parity: "if the user passed the root directory instead of Annotations": with unequal entry counts and an
        // Annotations folder whose first entry does not contain ".png", the videos are read from Annotations. The
        // reference takes the first entry in directory order; DetEval the first by name.
        if (gtEntries.Length != predEntries.Length && Array.IndexOf(gtEntries, "Annotations") >= 0)
        {
            string annotations = Path.Combine(groundTruth, "Annotations");
            string[] inside = List(annotations, "--gt");
            if (inside.Length == 0)
            {
                throw new DetEvalInputException(annotations, "", "is empty; SAM 2's evaluator looks into an Annotations folder of the ground-truth root when the roots hold different numbers of entries");
            }

            if (!inside[0].Contains(".png", StringComparison.Ordinal))
            {
                groundTruth = annotations;
                gtEntries = inside;
            }
        }

        var gtVideos = new HashSet<string>(gtEntries.Where(e => Directory.Exists(Path.Combine(groundTruth, e))), StringComparer.Ordinal);
        var predVideos = new HashSet<string>(predEntries.Where(e => Directory.Exists(Path.Combine(predictions, e))), StringComparer.Ordinal);
        string[] both = Sorted(gtVideos.Where(predVideos.Contains));
        if (both.Length == 0)
        {
            // The reference fails while printing its table (max() of no video).
            throw new DetEvalInputException(predictions, "", string.Create(CultureInfo.InvariantCulture,
                $"no video folder is in both the ground truth ({gtVideos.Count} videos in {groundTruth}) and the predictions ({predVideos.Count} videos)"));
        }

        return new SamVideoFolders(groundTruth, predictions, both, Sorted(gtVideos.Where(v => !predVideos.Contains(v))), Sorted(predVideos.Where(v => !gtVideos.Contains(v))), png);
    }

    private static string[] Sorted(IEnumerable<string> names)
    {
        string[] array = [.. names];
        Array.Sort(array, CodePointOrder.Instance);
        return array;
    }

    /// <summary>The entry names of a folder, sorted by code point (Python's <c>sorted(os.listdir(...))</c>).</summary>
    private static string[] List(string folder, string? option = null)
    {
        if (!Directory.Exists(folder))
        {
            throw new DetEvalInputException(folder, "", File.Exists(folder)
                ? $"{(option is null ? "" : option + ": ")}is a file, not a folder"
                : $"{(option is null ? "" : option + ": ")}folder not found");
        }

        try
        {
            return Sorted(Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetEvalInputException(folder, "", $"cannot be listed: {e.Message}", e);
        }
    }

    private Func<string, SamVideoFrame> Loader(string gtFolder, string predFolder) => frame =>
    {
        string gtPath = Path.Combine(gtFolder, frame);
        string predPath = Path.Combine(predFolder, frame);

        // Parity: assert os.path.exists(pred_mask_path), before either file is read.
        if (!File.Exists(predPath))
        {
            throw new DetEvalInputException(predPath, "", Directory.Exists(predPath)
                ? "is a folder, not the prediction's PNG file for this ground-truth frame"
                : $"prediction not found: the ground truth {gtPath} has this frame");
        }

        var (truth, gtHeight, gtWidth) = ReadPng(gtPath);
        var (prediction, predHeight, predWidth) = ReadPng(predPath);
        if (gtHeight != predHeight || gtWidth != predWidth)
        {
            throw new DetEvalInputException(predPath, "", string.Create(CultureInfo.InvariantCulture,
                $"size {predWidth}x{predHeight} differs from the ground truth's {gtWidth}x{gtHeight} ({gtPath})"));
        }

        return new SamVideoFrame(gtHeight, gtWidth, truth, prediction, gtPath, predPath);
    };

    // Through the bounded reader and DetEval's checked decoder: a folder, a special file or damaged data is named.
    private (ushort[] Values, int Height, int Width) ReadPng(string path) => PngMask.ReadLabelValues(path, png);
}
