namespace DetEval.Evaluation.Sam;

/// <summary>One reported object of a video: the frames it counted on and their J and F (fractions).</summary>
internal sealed record SamVideoObjectRecord(string Id, string[] Frames, double[] FrameJ, double[] FrameF);

/// <summary>The compact record of one video: what its objects scored frame by frame (no masks).</summary>
internal sealed record SamVideoRecord(string Name, SamVideoLayout Layout, SamVideoObjectRecord[] Objects);
