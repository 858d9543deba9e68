namespace DetEval;

/// <summary>Union and intersection of masks on their runs (the reference <c>rleMerge</c>).</summary>
public sealed partial class Rle
{
    /// <summary>Merges masks of one size into their union or intersection, as the reference <c>rleMerge</c>.</summary>
    /// <remarks>
    /// Walks the accumulated result and the next mask run by run; a run ends where the merged value changes.
    /// Parity: no masks give a 0x0 RLE with no counts; one mask is returned as a copy of itself (not
    /// re-normalised). Deviation: where the reference silently returns an empty 0x0 RLE for masks of different
    /// sizes, this throws.
    /// </remarks>
    /// <param name="rles">The masks.</param>
    /// <param name="intersect"><see langword="true"/> for the intersection, <see langword="false"/> for the union.</param>
    /// <returns>The merged mask.</returns>
    /// <exception cref="ArgumentException">The masks differ in size.</exception>
    /// <exception cref="FormatException">A mask's counts do not sum to its pixel count.</exception>
    public static Rle Merge(IReadOnlyList<Rle> rles, bool intersect = false)
    {
        ArgumentNullException.ThrowIfNull(rles);
        if (rles.Count == 0)
        {
            return new Rle(0, 0, []);
        }

        Rle first = rles[0];
        if (rles.Count == 1)
        {
            return new Rle(first.Height, first.Width, (uint[])first.Counts.Clone());
        }

        first.Validate();
        int h = first.Height, w = first.Width;
        uint[] accumulated = first.Counts;
        int accumulatedLength = accumulated.Length;
        uint[] buffer = [];
        for (int index = 1; index < rles.Count; index++)
        {
            Rle b = rles[index];
            if (b.Height != h || b.Width != w)
            {
                throw new ArgumentException($"Cannot merge masks of different sizes: [{h}, {w}] and [{b.Height}, {b.Width}] (mask {index}).", nameof(rles));
            }

            b.Validate();
            // One output run per loop step at most, and a step consumes at least one input run.
            var output = new uint[accumulatedLength + b.Counts.Length + 1];
            int outLength = MergeTwo(accumulated.AsSpan(0, accumulatedLength), b.Counts, intersect, output);
            buffer = output;
            accumulated = buffer;
            accumulatedLength = outLength;
        }

        return new Rle(h, w, accumulated.AsSpan(0, accumulatedLength).ToArray());
    }

    /// <summary>One step of the reference's merge loop: A op B into <paramref name="output"/>; returns the count.</summary>
    private static int MergeTwo(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b, bool intersect, Span<uint> output)
    {
        if (a.Length == 0 || b.Length == 0)
        {
            // Only a 0x0 mask can have no counts; the reference would read cnts[0] here.
            return 0;
        }

        uint ca = a[0], cb = b[0], cc = 0, ct = 1;
        bool v = false, va = false, vb = false;
        int ia = 1, ib = 1, m = 0;
        while (ct > 0)
        {
            uint c = Math.Min(ca, cb);
            cc += c;
            ct = 0;
            ca -= c;
            if (ca == 0 && ia < a.Length)
            {
                ca = a[ia++];
                va = !va;
            }

            ct += ca;
            cb -= c;
            if (cb == 0 && ib < b.Length)
            {
                cb = b[ib++];
                vb = !vb;
            }

            ct += cb;
            bool vp = v;
            v = intersect ? va && vb : va || vb;
            if (v != vp || ct == 0)
            {
                output[m++] = cc;
                cc = 0;
            }
        }

        return m;
    }
}
