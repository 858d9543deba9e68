namespace DetEval;

/// <summary>How a video's masks are stored; SAM 2's evaluator decides it per video from the ground-truth folder.</summary>
public enum SamVideoLayout
{
    /// <summary>SA-V: a folder per object, a binary PNG per annotated frame (<c>video/object/frame.png</c>).</summary>
    Sav = 1,

    /// <summary>DAVIS: one label map per frame (<c>video/frame.png</c>), the pixel value is the object id.</summary>
    Davis = 2,
}
