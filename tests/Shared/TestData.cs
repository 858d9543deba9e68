namespace DetEval.Testing;

/// <summary>Locates the repository's testdata folder from the test binaries.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(System.IO.Path.Combine(dir.FullName, "testdata")))
        {
            dir = dir.Parent;
        }

        return dir is null
            ? throw new DirectoryNotFoundException("testdata/ not found above " + AppContext.BaseDirectory)
            : System.IO.Path.Combine(dir.FullName, "testdata");
    });

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);
}
