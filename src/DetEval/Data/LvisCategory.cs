using DetEval.Data;

namespace DetEval;

/// <summary>An LVIS category: its id, name and frequency group (the only fields the evaluation reads).</summary>
/// <param name="Id">The category id.</param>
/// <param name="Name">The category name.</param>
/// <param name="Frequency">Its frequency group (<c>frequency</c>: r, c or f).</param>
public sealed record LvisCategory(long Id, string Name, LvisFrequency Frequency);
