namespace DetEval.Tests.Evaluation.Sam;

/// <summary>The folder rules of SAM 2's evaluator that the reference cases do not reach.</summary>
public sealed class SamVideoFoldersTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "deteval-sam-video-folders-" + Guid.NewGuid().ToString("N"));

    public SamVideoFoldersTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Open_RootWithAnAnnotationsFolder_ReadsTheVideosFromIt()
    {
        // Parity: unequal entry counts and an Annotations folder without ".png" in its first entry.
        Directory.CreateDirectory(Path.Combine(dir, "gt", "Annotations", "v1"));
        Directory.CreateDirectory(Path.Combine(dir, "gt", "JPEGImages"));
        File.WriteAllText(Path.Combine(dir, "gt", "README"), "");
        Directory.CreateDirectory(Path.Combine(dir, "pred", "v1"));

        var folders = SamReader.OpenVideoFolders(Path.Combine(dir, "gt"), Path.Combine(dir, "pred"));

        Assert.Equal(Path.Combine(dir, "gt", "Annotations"), folders.GroundTruthRoot);
        Assert.Equal(["v1"], folders.Videos);
    }

    [Fact]
    public void Read_FileInAnSavLayoutVideoFolder_IsRefused()
    {
        Directory.CreateDirectory(Path.Combine(dir, "gt", "v1", "000"));
        File.WriteAllText(Path.Combine(dir, "gt", "v1", "notes.txt"), "");
        Directory.CreateDirectory(Path.Combine(dir, "pred", "v1"));
        var folders = SamReader.OpenVideoFolders(Path.Combine(dir, "gt"), Path.Combine(dir, "pred"));

        var e = Assert.Throws<DetEvalInputException>(() => folders.Read("v1"));
        Assert.Equal(Path.Combine(dir, "gt", "v1", "notes.txt"), e.File);
    }

    [Fact]
    public void Open_VideosAreSortedByCodePoint()
    {
        // Python's sorted(): "B" < "a" < "é" < "𝑎" (U+1D44E) < "ｚ" (U+FF5A would sort after it in UTF-16 order).
        string[] names = ["a", "B", "é", "ｚ", "𝑎"];
        foreach (string name in names)
        {
            Directory.CreateDirectory(Path.Combine(dir, "gt", name));
            Directory.CreateDirectory(Path.Combine(dir, "pred", name));
        }

        var folders = SamReader.OpenVideoFolders(Path.Combine(dir, "gt"), Path.Combine(dir, "pred"));

        Assert.Equal(["B", "a", "é", "ｚ", "𝑎"], folders.Videos);
    }

    [Fact]
    public void Update_InMemoryFrames_FollowTheReferencesRules()
    {
        // One SA-V object over 4 annotated frames: the first and last are skipped (never loaded), frame 1 has
        // neither mask (not counted yet), frame 2 a 2x2 GT square predicted one row lower (J = 2/6, F = 1 at r = 1).
        ushort[] empty = new ushort[10 * 10];
        ushort[] gt = new ushort[10 * 10], pred = new ushort[10 * 10];
        foreach (var (y, x) in new[] { (4, 4), (4, 5), (5, 4), (5, 5) })
        {
            gt[(y * 10) + x] = 1;
            pred[((y + 1) * 10) + x] = 255;
        }

        var loaded = new List<string>();
        SamVideoFrame Load(string frame)
        {
            loaded.Add(frame);
            return frame == "1" ? new SamVideoFrame(10, 10, empty, empty) : new SamVideoFrame(10, 10, gt, pred);
        }

        var video = new SamVideo("v", SamVideoLayout.Sav, [new SamVideoTrack("000", ["0", "1", "2", "3"], Load)]);
        var result = SamVideoEvaluation.Evaluate([video], new SamVideoOptions(boundaryTolerance: 0.05));

        Assert.Equal(["1", "2"], loaded);
        var obj = Assert.Single(Assert.Single(result.Videos).Objects);
        Assert.Equal(["2"], obj.Frames);
        Assert.Equal(2.0 / 6, obj.FrameJ[0]);
        Assert.Equal(1.0, obj.FrameF[0]);
    }
}
