using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DetEval.Kernels;

/// <summary>
/// The few operations the binary-mask kernels need on a vector of bytes, so that one generic body serves the
/// 128, 256 and 512-bit widths (the JIT compiles it once per struct, as if written three times).
/// </summary>
/// <typeparam name="TSelf">The width.</typeparam>
internal interface IByteVector<TSelf>
    where TSelf : struct, IByteVector<TSelf>
{
    /// <summary>The number of byte lanes.</summary>
    static abstract int Count { get; }

    /// <summary>Whether the hardware runs this width natively.</summary>
    static abstract bool IsHardwareAccelerated { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf Load(ref byte source, nuint offset);

    static abstract void Store(TSelf value, ref byte destination, nuint offset);

    static abstract TSelf Or(TSelf left, TSelf right);

    static abstract TSelf And(TSelf left, TSelf right);

    static abstract TSelf Xor(TSelf left, TSelf right);

    /// <summary>The number of non-zero lanes.</summary>
    static abstract int CountNonZero(TSelf value);
}

/// <summary>128-bit lanes.</summary>
internal readonly struct ByteVector128 : IByteVector<ByteVector128>
{
    private readonly Vector128<byte> value;

    private ByteVector128(Vector128<byte> value) => this.value = value;

    public static int Count => Vector128<byte>.Count;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    public static ByteVector128 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector128 Load(ref byte source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ByteVector128 value, ref byte destination, nuint offset) => value.value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector128 Or(ByteVector128 left, ByteVector128 right) => new(left.value | right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector128 And(ByteVector128 left, ByteVector128 right) => new(left.value & right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector128 Xor(ByteVector128 left, ByteVector128 right) => new(left.value ^ right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountNonZero(ByteVector128 value) =>
        Count - BitOperations.PopCount(Vector128.Equals(value.value, Vector128<byte>.Zero).ExtractMostSignificantBits());
}

/// <summary>256-bit lanes.</summary>
internal readonly struct ByteVector256 : IByteVector<ByteVector256>
{
    private readonly Vector256<byte> value;

    private ByteVector256(Vector256<byte> value) => this.value = value;

    public static int Count => Vector256<byte>.Count;

    public static bool IsHardwareAccelerated => Vector256.IsHardwareAccelerated;

    public static ByteVector256 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector256 Load(ref byte source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ByteVector256 value, ref byte destination, nuint offset) => value.value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector256 Or(ByteVector256 left, ByteVector256 right) => new(left.value | right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector256 And(ByteVector256 left, ByteVector256 right) => new(left.value & right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector256 Xor(ByteVector256 left, ByteVector256 right) => new(left.value ^ right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountNonZero(ByteVector256 value) =>
        Count - BitOperations.PopCount(Vector256.Equals(value.value, Vector256<byte>.Zero).ExtractMostSignificantBits());
}

/// <summary>512-bit lanes.</summary>
internal readonly struct ByteVector512 : IByteVector<ByteVector512>
{
    private readonly Vector512<byte> value;

    private ByteVector512(Vector512<byte> value) => this.value = value;

    public static int Count => Vector512<byte>.Count;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static ByteVector512 Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector512 Load(ref byte source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(ByteVector512 value, ref byte destination, nuint offset) => value.value.StoreUnsafe(ref destination, offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector512 Or(ByteVector512 left, ByteVector512 right) => new(left.value | right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector512 And(ByteVector512 left, ByteVector512 right) => new(left.value & right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ByteVector512 Xor(ByteVector512 left, ByteVector512 right) => new(left.value ^ right.value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CountNonZero(ByteVector512 value) =>
        Count - BitOperations.PopCount(Vector512.Equals(value.value, Vector512<byte>.Zero).ExtractMostSignificantBits());
}
