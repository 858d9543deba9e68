namespace DetEval.Cli;

/// <summary>The process exit codes of <c>deteval</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command line could not be parsed.</summary>
    public const int Usage = 1;

    /// <summary>An input file is missing, malformed or inconsistent.</summary>
    public const int BadInput = 2;
}
