namespace DetEval;

/// <summary>One object's scores in one video.</summary>
/// <remarks>
/// J = mean of the frame J values, F = mean of the frame F values (numpy's <c>np.mean</c>, pairwise summation),
/// J&amp;F = (J + F) / 2. The reference computes them in percent (<c>np.mean(...) * 100</c>); the values here are
/// those percentages divided by 100.
/// </remarks>
public sealed class SamVideoObjectScore
{
    internal SamVideoObjectScore(string id, double j, double f, double jAndF, string[] frames, double[] frameJ, double[] frameF)
    {
        Id = id;
        J = j;
        F = f;
        JAndF = jAndF;
        Frames = Array.AsReadOnly(frames);
        FrameJ = Array.AsReadOnly(frameJ);
        FrameF = Array.AsReadOnly(frameF);
    }

    /// <summary>The object: the SA-V object folder's name, or the DAVIS label value as text.</summary>
    public string Id { get; }

    /// <summary>Region similarity J (mean IoU over the counted frames), a fraction.</summary>
    public double J { get; }

    /// <summary>Boundary F-measure F (mean over the counted frames), a fraction.</summary>
    public double F { get; }

    /// <summary>(J + F) / 2.</summary>
    public double JAndF { get; }

    /// <summary>The counted frames (file names without <c>.png</c>), in evaluation order.</summary>
    public IReadOnlyList<string> Frames { get; }

    /// <summary>J of each counted frame.</summary>
    public IReadOnlyList<double> FrameJ { get; }

    /// <summary>F of each counted frame.</summary>
    public IReadOnlyList<double> FrameF { get; }
}
