namespace PyRevolveNet.Compression;

/// <summary>An array shape of rank 1 to 3, stored as (N0, N1, N2) with leading ones (C order, N2 fastest).</summary>
internal readonly record struct Dims(int Rank, int N0, int N1, int N2)
{
    public const int MaxRank = 3;

    public long Count => (long)N0 * N1 * N2;

    public static Dims From(ReadOnlySpan<int> shape, long count)
    {
        if (shape.Length is < 1 or > MaxRank)
        {
            CodecThrow.Argument("shape", $"arrays of 1 to 3 dimensions are supported, not {shape.Length}");
        }

        Span<int> d = [1, 1, 1];
        long product = 1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 1)
            {
                CodecThrow.Argument("shape", $"every dimension must be at least 1, got {shape[i]} on axis {i}");
            }

            d[MaxRank - shape.Length + i] = shape[i];
            product *= shape[i];
        }

        if (product != count)
        {
            CodecThrow.Argument("shape", $"the shape holds {product} values but the data has {count}");
        }

        if (product > int.MaxValue / 4)
        {
            CodecThrow.Argument("shape", $"arrays of at most {int.MaxValue / 4} values (2 GiB) per stream are supported, not {product}");
        }

        return new Dims(shape.Length, d[0], d[1], d[2]);
    }

    public int this[int axis] => axis switch
    {
        0 => N0,
        1 => N1,
        _ => N2,
    };
}
