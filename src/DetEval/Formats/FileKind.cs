using System.Runtime.InteropServices;

namespace DetEval.Formats;

/// <summary>What a path names, as <c>stat</c> (following links) says.</summary>
internal enum FileKind
{
    /// <summary>Nothing by that name (or a path component is not a folder).</summary>
    Missing,

    /// <summary>A regular file.</summary>
    Regular,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A named pipe (fifo), or an anonymous pipe such as <c>/dev/stdin</c> fed by <c>|</c>.</summary>
    Fifo,

    /// <summary>A character device (<c>/dev/zero</c>, <c>/dev/null</c>, a terminal).</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A Unix domain socket.</summary>
    Socket,

    /// <summary>It exists but <c>stat</c> could not tell (no permission on a parent folder, an unknown type).</summary>
    Unknown,
}

/// <summary>
/// The kind of a path, from the file status the .NET runtime's own native shim gives (<c>SystemNative_Stat</c>, the call
/// behind <see cref="File.Exists"/>); .NET has no public API for a file's type. Where the shim is not there (Windows),
/// folders and files are told apart by <see cref="System.IO.Directory.Exists"/> and <see cref="File.Exists"/>.
/// </summary>
internal static partial class FileKinds
{
    // The shim's FileStatus starts with int32 Flags, int32 Mode; Mode's type bits are its own portable S_IF* values
    // (the same on every platform it runs on). The buffer is larger than the struct of every runtime version.
    private const int TypeMask = 0xF000;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private static bool shimMissing = OperatingSystem.IsWindows();

    /// <summary>The kind of <paramref name="path"/> (links followed).</summary>
    public static FileKind Of(string path)
    {
        if (!shimMissing)
        {
            try
            {
                var status = default(StatusBuffer);
                if (Stat(path, ref status) != 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    return errno is ENOENT or ENOTDIR ? FileKind.Missing : FileKind.Unknown;
                }

                return (status.Mode & TypeMask) switch
                {
                    0x8000 => FileKind.Regular,
                    0x4000 => FileKind.Directory,
                    0x1000 => FileKind.Fifo,
                    0x2000 => FileKind.CharacterDevice,
                    0x6000 => FileKind.BlockDevice,
                    0xC000 => FileKind.Socket,
                    _ => FileKind.Unknown,
                };
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                shimMissing = true;
            }
        }

        return System.IO.Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>The kind in words, for messages: "a character device".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a file",
        FileKind.Directory => "a folder",
        FileKind.Fifo => "a pipe",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "a special file",
    };

    [LibraryImport("libSystem.Native", EntryPoint = "SystemNative_Stat", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Stat(string path, ref StatusBuffer status);

    [StructLayout(LayoutKind.Sequential, Size = 512)]
    private struct StatusBuffer
    {
        public int Flags;
        public int Mode;
    }
}
