using DetEval.Data;

namespace DetEval;

/// <summary>One kind of suspicious input: how often it occurs and a few examples.</summary>
/// <param name="Kind">What was found.</param>
/// <param name="Key">A short snake_case name, the key in JSON reports.</param>
/// <param name="Count">How many boxes, detections or images it concerns.</param>
/// <param name="Message">One line saying what was found and why it matters.</param>
/// <param name="Examples">At most a few examples, such as <c>image 12</c>.</param>
public sealed record InputWarning(InputWarningKind Kind, string Key, int Count, string Message, IReadOnlyList<string> Examples);
