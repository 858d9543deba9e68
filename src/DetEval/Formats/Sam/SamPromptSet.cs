using DetEval.Formats.Sam;
using DetEval.Formats;

namespace DetEval;

/// <summary>The records of a prompt-mode predictions file.</summary>
/// <param name="Prompts">The prompts in file order.</param>
/// <param name="Source">The file read.</param>
public sealed record SamPromptSet(IReadOnlyList<SamPrompt> Prompts, string Source);
