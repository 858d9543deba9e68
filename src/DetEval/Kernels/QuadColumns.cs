namespace DetEval.Kernels;

/// <summary>
/// Quads with their axis-aligned hulls as structure-of-arrays columns (left, top, right, bottom and the +1-pixel
/// hull area), the layout <see cref="HullIou"/> and <see cref="OrientedIou"/> read.
/// </summary>
/// <remarks>
/// The hull is <see cref="Quad.Hull"/>; its area is <c>(x2 - x1 + 1) * (y2 - y1 + 1)</c>, the product the DOTA
/// devkit's pre-filter forms for each box (computed once here instead of once per pair: the same double).
/// </remarks>
internal sealed class QuadColumns
{
    private Quad[] quads = [];
    private double[] x1 = [];
    private double[] y1 = [];
    private double[] x2 = [];
    private double[] y2 = [];
    private double[] area = [];

    /// <summary>The number of quads.</summary>
    public int Count { get; private set; }

    /// <summary>The quads as given.</summary>
    public ReadOnlySpan<Quad> Quads => quads.AsSpan(0, Count);

    /// <summary>Hull left edges.</summary>
    public ReadOnlySpan<double> X1 => x1.AsSpan(0, Count);

    /// <summary>Hull top edges.</summary>
    public ReadOnlySpan<double> Y1 => y1.AsSpan(0, Count);

    /// <summary>Hull right edges.</summary>
    public ReadOnlySpan<double> X2 => x2.AsSpan(0, Count);

    /// <summary>Hull bottom edges.</summary>
    public ReadOnlySpan<double> Y2 => y2.AsSpan(0, Count);

    /// <summary>Hull areas with the +1 pixel: <c>(x2 - x1 + 1) * (y2 - y1 + 1)</c>.</summary>
    public ReadOnlySpan<double> Area => area.AsSpan(0, Count);

    /// <summary>New columns holding <paramref name="values"/>.</summary>
    /// <param name="values">The quads.</param>
    /// <returns>The columns.</returns>
    public static QuadColumns From(ReadOnlySpan<Quad> values)
    {
        var columns = new QuadColumns();
        columns.Fill(values);
        return columns;
    }

    /// <summary>Refills the columns with <paramref name="values"/>, growing the arrays when needed (reusable scratch).</summary>
    /// <param name="values">The quads.</param>
    public void Fill(ReadOnlySpan<Quad> values)
    {
        int n = values.Length;
        if (quads.Length < n)
        {
            int size = Math.Max(n, quads.Length * 2);
            quads = new Quad[size];
            x1 = new double[size];
            y1 = new double[size];
            x2 = new double[size];
            y2 = new double[size];
            area = new double[size];
        }

        for (int i = 0; i < n; i++)
        {
            var q = values[i];
            var hull = q.Hull();
            quads[i] = q;
            x1[i] = hull.X1;
            y1[i] = hull.Y1;
            x2[i] = hull.X2;
            y2[i] = hull.Y2;
            area[i] = InclusiveArea(hull);
        }

        Count = n;
    }

    /// <summary>The +1-pixel area of a hull: <c>(x2 - x1 + 1) * (y2 - y1 + 1)</c>.</summary>
    /// <param name="hull">The hull.</param>
    /// <returns>The area.</returns>
    public static double InclusiveArea(in BoxCorners hull) => (hull.X2 - hull.X1 + 1.0) * (hull.Y2 - hull.Y1 + 1.0);
}
