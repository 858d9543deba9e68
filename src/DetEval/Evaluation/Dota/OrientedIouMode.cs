namespace DetEval;

/// <summary>How the DOTA protocol computes the IoU of two quads.</summary>
public enum OrientedIouMode
{
    /// <summary>
    /// The DOTA devkit's polygon IoU (<c>polyiou</c>) to the last bit: its operations in its order in IEEE double,
    /// with its 1e-8 tolerance. An IoU that is exactly a threshold in exact arithmetic can land a few units of 1e-13 on
    /// either side of it, as in the devkit.
    /// </summary>
    Devkit = 0,

    /// <summary>
    /// The true IoU of the quads (the devkit's definition in exact arithmetic), rounded once to the nearest double.
    /// It differs from <see cref="Devkit"/> only where the devkit's rounding decides a match: pairs whose exact IoU is
    /// the threshold (or within the devkit's error of it, about 1e-13 near the origin and 1e-10 at 30,000 px),
    /// self-intersecting point orders whose area the devkit's rounding gives a sign, and two zero-area quads (the
    /// devkit's 0/0 = NaN is 0 here; either way no match).
    /// </summary>
    Exact = 1,
}
