using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using DetEval.Formats;

namespace DetEval.Tests.Formats;

/// <summary>
/// <see cref="InputFile"/>, the one way inputs are opened: regular files are read whole and checked against their size,
/// pipes and devices are read as streams up to the kind's limit, text kinds refuse NUL bytes where they are read, and
/// every failure names the file and what it is.
/// </summary>
public sealed class InputFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("deteval-input-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(100_003)]
    public void ReadPooled_RegularFile_EqualsItsBytes(int size)
    {
        byte[] bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        string path = Write("f.bin", bytes);
        var (buffer, length) = InputFile.ReadPooled(path, InputKind.Png);
        Assert.Equal(bytes, buffer.AsSpan(0, length).ToArray());
        InputFile.ReturnPooled(buffer);
        Assert.Equal(bytes, InputFile.ReadAllBytes(path, InputKind.Png));
    }

    [Fact]
    public void ReadAllBytes_FileWithoutSize_IsReadToItsEnd()
    {
        // Linux reports size 0 for /proc files: they are read as streams.
        const string path = "/proc/self/mountinfo";
        if (!File.Exists(path))
        {
            return;
        }

        byte[] bytes = InputFile.ReadAllBytes(path, InputKind.TextLines);
        Assert.True(bytes.Length > 0);
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Missing_Folder_AndSocket_AreNamedAsSuch()
    {
        string missing = Path.Combine(dir, "nope.json");
        Assert.Equal(missing + ": file not found", Assert.Throws<DetEvalInputException>(() => InputFile.Open(missing, InputKind.StreamedJson)).Message);
        Assert.Equal(dir + ": is a folder, expected a file", Assert.Throws<DetEvalInputException>(() => InputFile.ReadAllBytes(dir, InputKind.Png)).Message);
        Assert.Equal(Path.Combine(dir, "x", "y.txt") + ": file not found", Assert.Throws<DetEvalInputException>(() => InputFile.ReadLines(Path.Combine(dir, "x", "y.txt"), InputKind.TextLines)).Message);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        string socketPath = Path.Combine(dir, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        Assert.Equal(FileKind.Socket, FileKinds.Of(socketPath));
        Assert.Equal(socketPath + ": is a socket, expected a file", Assert.Throws<DetEvalInputException>(() => InputFile.ReadAllBytes(socketPath, InputKind.Csv)).Message);
    }

    [Fact]
    public void RequireFolder_NamesAFileGivenAsAFolder()
    {
        string file = Write("a.txt", "x"u8.ToArray());
        Assert.Equal(file + ": is a file, expected a folder (results folder)", Assert.Throws<DetEvalInputException>(() => InputFile.RequireFolder(file, "results folder")).Message);
        Assert.Equal(file + "x: results folder not found", Assert.Throws<DetEvalInputException>(() => InputFile.RequireFolder(file + "x", "results folder")).Message);
        InputFile.RequireFolder(dir, "results folder");
    }

    [Fact]
    public void FileKinds_TellRegularFilesFoldersDevicesAndPipes()
    {
        Assert.Equal(FileKind.Regular, FileKinds.Of(Write("r.txt", [1])));
        Assert.Equal(FileKind.Directory, FileKinds.Of(dir));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(dir, "none")));
        Assert.Equal(FileKind.Missing, FileKinds.Of(Path.Combine(dir, "r.txt", "below")));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(FileKind.CharacterDevice, FileKinds.Of("/dev/null"));
            Assert.Equal(FileKind.Fifo, FileKinds.Of(MakeFifo("p")));
        }
    }

    [Fact]
    public void RegularFileAboveTheLimit_IsRefusedFromItsSize_BeforeReading()
    {
        string path = Path.Combine(dir, "big.xml");
        using (var f = File.Create(path))
        {
            f.SetLength(InputKind.VocAnnotation.MaxBytes + 1); // sparse: nothing is written
        }

        var e = Assert.Throws<DetEvalInputException>(() => InputFile.ReadAllBytes(path, InputKind.VocAnnotation));
        Assert.Equal(path + ": is 67,108,865 bytes; a VOC annotation may have at most 67,108,864 bytes", e.Message);
    }

    [Fact]
    public void EndlessDevice_IsRefused_AtTheLimitOrAtItsFirstNulByte()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Text: the first NUL byte ends it.
        var clock = Stopwatch.StartNew();
        var text = Assert.Throws<DetEvalInputException>(() => InputFile.ReadAllBytes("/dev/zero", InputKind.VocResults));
        Assert.Equal("/dev/zero: line 1, byte 0: a NUL byte: this is not text (expected a VOC results file); it is a character device", text.Message);
        var lines = Assert.Throws<DetEvalInputException>(() => InputFile.ReadLines("/dev/urandom", InputKind.TextLines).Count());
        Assert.Matches("^/dev/urandom: line [0-9]+(, byte [0-9]+)?: (a NUL byte: this is not text|not valid UTF-8 text)", lines.Message);

        // Binary: the kind's limit.
        var binary = Assert.Throws<DetEvalInputException>(() => InputFile.ReadAllBytes("/dev/zero", InputKind.Png));
        Assert.Equal("/dev/zero: is a character device that gave more than 268,435,456 bytes; a PNG mask may have at most 268,435,456 bytes", binary.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Fifo_IsReadAsAStream()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        string fifo = MakeFifo("results.txt");
        var writer = Task.Run(() => File.WriteAllText(fifo, "a\nb\r\nc"));
        Assert.Equal(["a", "b", "c"], InputFile.ReadLines(fifo, InputKind.TextLines).ToArray());
        await writer;

        writer = Task.Run(() => File.WriteAllBytes(fifo, [1, 2, 3]));
        using (var stream = InputFile.Open(fifo, InputKind.Png))
        {
            Assert.False(stream.CanSeek);
            Assert.Null(stream.KnownLength);
            Assert.Equal([1, 2, 3], ReadToEnd(stream));
        }

        await writer;
    }

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("\n", new[] { "" })]
    [InlineData("a", new[] { "a" })]
    [InlineData("a\n", new[] { "a" })]
    [InlineData("a\r\nb\rc\n\nd", new[] { "a", "b", "c", "", "d" })]
    [InlineData("\uFEFFa\r", new[] { "a" })]
    [InlineData("é ü\n", new[] { "é ü" })]
    public void ReadLines_SplitsAsFileReadLines(string text, string[] expected)
    {
        string path = Write("lines.txt", Encoding.UTF8.GetBytes(text));
        Assert.Equal(expected, InputFile.ReadLines(path, InputKind.TextLines).ToArray());
        Assert.Equal(File.ReadLines(path).ToArray(), InputFile.ReadLines(path, InputKind.TextLines).ToArray());
    }

    [Fact]
    public void ReadLines_LongLinesAcrossBufferRefills_AreWhole()
    {
        string a = new('a', 70_000), b = new('b', 130_001);
        string path = Write("long.txt", Encoding.ASCII.GetBytes(a + "\r\n" + b + "\r"));
        Assert.Equal([a, b], InputFile.ReadLines(path, InputKind.TextLines).ToArray());
    }

    [Fact]
    public void ReadLines_InvalidUtf8_IsRefusedNamingTheLine()
    {
        string path = Write("bad.txt", [(byte)'o', (byte)'k', (byte)'\n', 0xC3, 0x28, (byte)'\n']);
        var e = Assert.Throws<DetEvalInputException>(() => InputFile.ReadLines(path, InputKind.TextLines).ToArray());
        Assert.Equal(path + ": line 2: not valid UTF-8 text", e.Message);
    }

    [Fact]
    public void ReadLines_ALineLongerThanTheLimit_IsRefused()
    {
        string path = Write("one-line.txt", Encoding.ASCII.GetBytes(new string('x', InputKind.MaxLineBytes + 10)));
        var e = Assert.Throws<DetEvalInputException>(() => InputFile.ReadLines(path, InputKind.TextLines).ToArray());
        Assert.Equal(path + ": line 1: the line is longer than 1,048,576 bytes; expected a text file of short lines", e.Message);
    }

    [Fact]
    public void NulByteInText_IsRefusedNamingLineAndByte()
    {
        string path = Write("nul.txt", Encoding.ASCII.GetBytes("img1 0.5 1 2 3 4\nimg2 \0"));
        var e = Assert.Throws<DetEvalInputException>(() => InputFile.ReadAllBytes(path, InputKind.VocResults));
        Assert.Equal(path + ": line 2, byte 22: a NUL byte: this is not text (expected a VOC results file)", e.Message);
    }

    private static byte[] ReadToEnd(Stream stream)
    {
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private string MakeFifo(string name)
    {
        string path = Path.Combine(dir, name);
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        return path;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
