namespace DetEval;

/// <summary>One video's scores: the means over its reported objects.</summary>
/// <remarks>
/// J = mean of the objects' J, F likewise, J&amp;F = (J + F) / 2, computed in percent as the reference's numbers
/// and divided by 100. The reference prints only per-object lines; this is DetEval's per-video summary.
/// </remarks>
public sealed class SamVideoScore
{
    internal SamVideoScore(string name, SamVideoLayout layout, double j, double f, double jAndF, SamVideoObjectScore[] objects)
    {
        Name = name;
        Layout = layout;
        J = j;
        F = f;
        JAndF = jAndF;
        Objects = Array.AsReadOnly(objects);
    }

    /// <summary>The video's folder name.</summary>
    public string Name { get; }

    /// <summary>The layout its ground truth was read in.</summary>
    public SamVideoLayout Layout { get; }

    /// <summary>Mean J over the video's objects (NaN when it reports none).</summary>
    public double J { get; }

    /// <summary>Mean F over the video's objects (NaN when it reports none).</summary>
    public double F { get; }

    /// <summary>(J + F) / 2.</summary>
    public double JAndF { get; }

    /// <summary>The reported objects, in the reference's order (SA-V: folder names sorted; DAVIS: ids ascending).</summary>
    public IReadOnlyList<SamVideoObjectScore> Objects { get; }
}
