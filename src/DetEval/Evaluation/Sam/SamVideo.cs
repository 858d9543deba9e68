namespace DetEval;

/// <summary>One video to evaluate: its name, its layout and its tracks (what <see cref="SamVideoEvaluator.Update(SamVideo)"/> takes).</summary>
public sealed class SamVideo
{
    /// <summary>Creates a video.</summary>
    /// <param name="name">The video's name (its folder); each video is recorded once.</param>
    /// <param name="layout">The layout.</param>
    /// <param name="tracks">SA-V layout: one track per object, each with an object id; DAVIS layout: exactly one track, without.</param>
    /// <exception cref="ArgumentException">The tracks do not fit the layout, or two objects have one id.</exception>
    public SamVideo(string name, SamVideoLayout layout, IReadOnlyList<SamVideoTrack> tracks)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(tracks);
        if (!Enum.IsDefined(layout))
        {
            throw new ArgumentOutOfRangeException(nameof(layout), layout, "Not a layout.");
        }

        if (layout == SamVideoLayout.Davis && (tracks.Count != 1 || tracks[0].ObjectId is not null))
        {
            throw new ArgumentException($"Video '{name}': a DAVIS-layout video has exactly one track of label maps, without an object id.", nameof(tracks));
        }

        if (layout == SamVideoLayout.Sav)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var track in tracks)
            {
                if (track.ObjectId is null || !ids.Add(track.ObjectId))
                {
                    throw new ArgumentException($"Video '{name}': every SA-V-layout track needs its own object id ({(track.ObjectId is null ? "one has none" : $"'{track.ObjectId}' is given twice")}).", nameof(tracks));
                }
            }
        }

        Name = name;
        Layout = layout;
        Tracks = tracks;
    }

    /// <summary>The video's name.</summary>
    public string Name { get; }

    /// <summary>The layout.</summary>
    public SamVideoLayout Layout { get; }

    /// <summary>The tracks.</summary>
    public IReadOnlyList<SamVideoTrack> Tracks { get; }
}
