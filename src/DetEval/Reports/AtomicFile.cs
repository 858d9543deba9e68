namespace DetEval.Reports;

/// <summary>Writes one file through a temporary file and a rename, so an interrupted run never leaves half a report.</summary>
/// <remarks>A one-file <see cref="OutputSet"/>: a run that writes several files adds them all to one set instead.</remarks>
internal static class AtomicFile
{
    /// <summary>Calls <paramref name="write"/> on a temporary file beside <paramref name="path"/>, then moves it into place.</summary>
    /// <exception cref="DetEvalInputException">The target cannot be written (see <see cref="OutputSet.Validate"/>).</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var outputs = new OutputSet();
        outputs.AddFile(path, null, write);
        outputs.Commit();
    }
}
