namespace DetEval.Formats;

/// <summary>
/// What an input file is read as, and the most bytes it may have: the limit is checked against the size the file
/// reports before reading (a regular file) and enforced while reading (a pipe, a device, a file that grows).
/// </summary>
/// <remarks>
/// The limits are far above any real file of the kind and low enough that reading up to one stays well under 1 GB:
/// an endless device (<c>/dev/zero</c>, <c>/dev/urandom</c>) is refused at its kind's limit, or sooner by the NUL
/// check of text kinds. Formats read as a stream (COCO JSON, SAM prompts) have no size limit: their memory is bounded
/// per value by the JSON streamer instead. docs/robustness.md lists them.
/// </remarks>
internal sealed class InputKind
{
    private const long MiB = 1 << 20;

    private InputKind(string name, long maxBytes, bool text)
    {
        Name = name;
        MaxBytes = maxBytes;
        Text = text;
    }

    /// <summary>The kind in words, for messages ("a VOC annotation").</summary>
    public string Name { get; }

    /// <summary>The most bytes a file of this kind may have.</summary>
    public long MaxBytes { get; }

    /// <summary>Whether the kind is text: a NUL byte is then refused as soon as it is read (no text format has one).</summary>
    public bool Text { get; }

    /// <summary>COCO ground truth and results, SAM prompts: JSON read as a stream, one value at a time.</summary>
    public static InputKind StreamedJson { get; } = new("a JSON file", long.MaxValue, text: true);

    /// <summary>JSON read whole into a document: SA-1B per-image files, the generator's RLE files, mask files.</summary>
    public static InputKind JsonDocument { get; } = new("a JSON file read whole", 256 * MiB, text: true);

    /// <summary>A VOC annotation (XML).</summary>
    public static InputKind VocAnnotation { get; } = new("a VOC annotation", 64 * MiB, text: true);

    /// <summary>A per-class VOC results file (read whole, parsed in place).</summary>
    public static InputKind VocResults { get; } = new("a VOC results file", 512 * MiB, text: true);

    /// <summary>DOTA labelTxt and Task1 results files, YOLO-OBB label files (read whole, parsed in place).</summary>
    public static InputKind DotaText { get; } = new("a DOTA text file", 512 * MiB, text: true);

    /// <summary>Line-based text: image sets, image sizes, per-image ground truth and detection files.</summary>
    public static InputKind TextLines { get; } = new("a text file", 256 * MiB, text: true);

    /// <summary>CSV tables (the generator's <c>metadata.csv</c>).</summary>
    public static InputKind Csv { get; } = new("a CSV file", 256 * MiB, text: true);

    /// <summary>A PNG mask (its pixel count is limited separately, from the header).</summary>
    public static InputKind Png { get; } = new("a PNG mask", 256 * MiB, text: false);

    /// <summary>An evaluation state (its container, <c>StateFile</c>, stops reading at once when the magic is wrong).</summary>
    public static InputKind State { get; } = new("an evaluation state", 0x7FFFFFC7, text: false);

    /// <summary>The longest line the line readers accept (a line of <c>/dev/zero</c> never ends).</summary>
    public const int MaxLineBytes = 1 << 20;
}
