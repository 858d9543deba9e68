using System.Buffers.Binary;
using System.IO.Hashing;

namespace DetEval.Cli.Tests.Commands;

/// <summary>
/// <c>deteval merge</c> on damaged or foreign state files: truncated, one bit flipped, another format version,
/// another protocol, other options, an older per-protocol format: each is bad input (exit 2), one line naming the file.
/// </summary>
public sealed class MergeStateFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("deteval-state-files-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void TruncatedState_IsBadInputNamingTheFile()
    {
        string state = CocoState("a.state");
        var bytes = File.ReadAllBytes(state);
        File.WriteAllBytes(state, bytes[..(bytes.Length / 2)]);
        AssertBadInput(["merge", state], state, "checksum mismatch");
    }

    [Fact]
    public void OneFlippedBit_IsBadInputNamingTheFile()
    {
        string state = CocoState("a.state");
        var bytes = File.ReadAllBytes(state);
        bytes[bytes.Length / 3] ^= 0x10;
        File.WriteAllBytes(state, bytes);
        AssertBadInput(["merge", state], state, "checksum mismatch");
    }

    [Fact]
    public void AnotherFormatVersion_IsBadInputNamingTheFileAndTheVersion()
    {
        string state = CocoState("a.state");
        var bytes = File.ReadAllBytes(state);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 2);
        File.WriteAllBytes(state, Resealed(bytes));
        AssertBadInput(["merge", state], state, "state format version 2 is not supported");
    }

    [Fact]
    public void AnUnknownProtocol_IsBadInputNamingTheFile()
    {
        string state = CocoState("a.state");
        var bytes = File.ReadAllBytes(state);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(10), 999);
        File.WriteAllBytes(state, Resealed(bytes));
        AssertBadInput(["merge", state], state, "protocol 999 is not known");
    }

    [Fact]
    public void StatesOfTwoProtocols_AreBadInputNamingBothFiles()
    {
        string coco = CocoState("coco.state");
        string voc = Path.Combine(dir, "voc.state");
        string root = TestData.Path("reference", "small", "voc");
        var run = CliHarness.Run(["voc", "--gt", root, "--dt", Path.Combine(root, "results"), "--state-out", voc, "-q"]);
        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        var (_, _, stderr) = AssertBadInput(["merge", coco, voc], voc, "a Voc state cannot be merged with the Coco state");
        Assert.Contains(coco, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void StatesWithOtherOptions_AreBadInputNamingBothFiles()
    {
        string a = CocoState("a.state");
        string b = CocoState("b.state", "--max-dets", "1,10,50");
        var (_, _, stderr) = AssertBadInput(["merge", a, b], b, "the max detections differ");
        Assert.Contains(a, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void AStateOfTheOlderPerProtocolFormat_IsBadInputSayingSo()
    {
        string old = Path.Combine(dir, "old.state");
        File.WriteAllBytes(old, [0x44, 0x45, 0x56, 0x53, 1, 0, 0, 0, 0, 0, 0, 0]); // "DEVS", version 1
        AssertBadInput(["merge", old], old, "older DetEval");
    }

    private string CocoState(string name, params string[] extra)
    {
        string path = Path.Combine(dir, name);
        var run = CliHarness.Run(["coco", "--gt", TestData.Path("external", "torchmetrics-bbox-4img", "gt.json"), "--dt", TestData.Path("external", "torchmetrics-bbox-4img", "results.json"), "--state-out", path, "-q", .. extra]);
        Assert.True(run.Code == ExitCodes.Ok, run.Stderr);
        return path;
    }

    private static (int Code, string Stdout, string Stderr) AssertBadInput(string[] args, string file, string problem)
    {
        var run = CliHarness.Run(args);
        Assert.Equal(ExitCodes.BadInput, run.Code);
        Assert.Equal("", run.Stdout);
        string line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: " + file + ": ", line, StringComparison.Ordinal);
        Assert.Contains(problem, line, StringComparison.Ordinal);
        return run;
    }

    /// <summary>A new checksum over the changed bytes, so that the reader gets to the field that was changed.</summary>
    private static byte[] Resealed(byte[] bytes)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), Crc64.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));
        return bytes;
    }
}
