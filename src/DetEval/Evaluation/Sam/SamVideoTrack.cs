namespace DetEval;

/// <summary>
/// A sequence of annotated frames scored together, as SAM 2's evaluator walks them: in the SA-V layout one object's
/// folder, in the DAVIS layout a whole video's label maps. Frames are loaded one at a time, only those evaluated.
/// </summary>
public sealed class SamVideoTrack
{
    /// <summary>Creates a track.</summary>
    /// <param name="objectId">The object (the SA-V object folder's name); null for a DAVIS label-map track.</param>
    /// <param name="frames">The annotated frames in evaluation order (the reference sorts the file names by code point).</param>
    /// <param name="load">Loads one frame by name; called only for the frames evaluated, in order.</param>
    /// <param name="source">The track's ground-truth folder, named in errors (null: the video and object are named).</param>
    public SamVideoTrack(string? objectId, IReadOnlyList<string> frames, Func<string, SamVideoFrame> load, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(load);
        ObjectId = objectId;
        Frames = frames;
        Load = load;
        Source = source;
    }

    /// <summary>The object (SA-V layout), or null (DAVIS layout: the objects are the label values).</summary>
    public string? ObjectId { get; }

    /// <summary>The annotated frames, in evaluation order.</summary>
    public IReadOnlyList<string> Frames { get; }

    /// <summary>Loads a frame by name.</summary>
    public Func<string, SamVideoFrame> Load { get; }

    /// <summary>The track's ground-truth folder, when it was read from one.</summary>
    public string? Source { get; }
}
