namespace DetEval;

/// <summary>
/// TIDE's six main error types, in tidecv's order. Each false positive (and each detection ignored by a crowd
/// region) gets exactly one of the first five; <see cref="Missed"/> is a ground truth no error explains.
/// </summary>
public enum TideErrorType
{
    /// <summary><c>Cls</c>: IoU &gt;= the positive threshold with a ground truth of another class.</summary>
    Classification = 0,

    /// <summary><c>Loc</c>: best IoU with a ground truth of its own class in [background, positive threshold].</summary>
    Localization = 1,

    /// <summary><c>Both</c>: none of the others (wrong class and badly localized).</summary>
    Both = 2,

    /// <summary><c>Dupe</c>: IoU &gt;= the positive threshold with an already matched ground truth of its own class.</summary>
    Duplicate = 3,

    /// <summary><c>Bkg</c>: IoU &lt;= the background threshold with every ground truth (or an image without any).</summary>
    Background = 4,

    /// <summary><c>Missed</c>: a ground truth no detection matched and no Cls or Loc error could fix.</summary>
    Missed = 5,
}
