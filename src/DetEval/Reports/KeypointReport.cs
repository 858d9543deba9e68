namespace DetEval.Reports;

/// <summary>Writes <c>keypoints.csv</c>, the per-keypoint errors of a keypoint evaluation (<see cref="KeypointErrors"/>).</summary>
public static class KeypointReport
{
    /// <summary>The name of the per-keypoint table.</summary>
    public const string FileName = "keypoints.csv";

    /// <summary>Writes the rows into <paramref name="directory"/> (atomically) and returns the file's path.</summary>
    /// <param name="rows">The rows of <see cref="KeypointErrors.Compute"/>.</param>
    /// <param name="directory">The report directory.</param>
    /// <returns>The path written.</returns>
    public static string Write(IReadOnlyList<KeypointErrorRow> rows, string directory)
    {
        var outputs = new OutputSet();
        string path = Add(outputs, rows, directory);
        outputs.Commit();
        return path;
    }

    /// <summary>Adds the file of <see cref="Write"/> to a run's <paramref name="outputs"/>; returns its path.</summary>
    /// <param name="outputs">The run's outputs.</param>
    /// <param name="rows">The rows of <see cref="KeypointErrors.Compute"/>.</param>
    /// <param name="directory">The report directory.</param>
    /// <returns>The path to be written.</returns>
    public static string Add(OutputSet outputs, IReadOnlyList<KeypointErrorRow> rows, string directory)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string path = Path.Combine(directory, FileName);
        outputs.AddFile(path, null, s => ClassReport.Write(rows, s));
        return path;
    }

    /// <summary>Reads <c>keypoints.csv</c> back.</summary>
    /// <param name="stream">The CSV.</param>
    /// <returns>The rows.</returns>
    public static List<KeypointErrorRow> Read(Stream stream) => ClassReport.Read<KeypointErrorRow>(stream);
}
