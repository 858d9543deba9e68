using DetEval.Data;

namespace DetEval;

/// <summary>An LVIS category's frequency group (its <c>frequency</c> field), as lvis-api's <c>img_count_lbl</c>.</summary>
public enum LvisFrequency
{
    /// <summary><c>r</c>: rare (in fewer than 10 training images).</summary>
    Rare,

    /// <summary><c>c</c>: common (10 to 99 training images).</summary>
    Common,

    /// <summary><c>f</c>: frequent (100 training images or more).</summary>
    Frequent,
}
