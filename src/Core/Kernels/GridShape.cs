using PyRevolveNet.Storage;

namespace PyRevolveNet.Kernels;

/// <summary>
/// A 2D or 3D C-order grid (last axis fastest) with a halo of <c>SpaceOrder/2</c> points on every side.
/// Along the last axis the interior starts at a multiple of 16 floats (64 bytes) and every row has a length
/// that is a multiple of 16 floats, so with a 64-byte aligned base every row's interior is 64-byte aligned:
/// the centre loads and the stores of the stencil are then aligned. Halo and padding stay zero.
/// </summary>
public sealed class GridShape
{
    private readonly int[] _shape;
    private readonly int[] _padded;
    private readonly double[] _spacing;
    private readonly nint[] _strides;

    /// <param name="shape">interior points per axis (2 or 3 axes), absorbing layer included</param>
    /// <param name="spacing">grid spacing per axis (any consistent unit, e.g. m)</param>
    /// <param name="spaceOrder">2, 4, 8, 12 or 16</param>
    public GridShape(ReadOnlySpan<int> shape, ReadOnlySpan<double> spacing, int spaceOrder)
    {
        if (shape.Length is not (2 or 3))
        {
            ThrowHelper.Argument(nameof(shape), "a grid has 2 or 3 axes");
        }

        if (spacing.Length != shape.Length)
        {
            ThrowHelper.Argument(nameof(spacing), "one spacing per axis is needed");
        }

        if (spaceOrder is not (2 or 4 or 8 or 12 or 16))
        {
            ThrowHelper.Argument(nameof(spaceOrder), $"space order {spaceOrder} is not one of 2, 4, 8, 12, 16");
        }

        Rank = shape.Length;
        SpaceOrder = spaceOrder;
        Halo = spaceOrder / 2;
        _shape = shape.ToArray();
        _spacing = spacing.ToArray();
        _padded = new int[Rank];
        _strides = new nint[Rank];
        for (int d = 0; d < Rank; d++)
        {
            if (_shape[d] < 2)
            {
                ThrowHelper.Argument(nameof(shape), "every axis needs at least 2 points");
            }

            if (!(_spacing[d] > 0) || !double.IsFinite(_spacing[d]))
            {
                ThrowHelper.Argument(nameof(spacing), "spacings must be positive and finite");
            }

            _padded[d] = _shape[d] + (2 * Halo);
        }

        LastAxisOffset = RoundUp16(Halo);
        _padded[Rank - 1] = RoundUp16(LastAxisOffset + _shape[Rank - 1] + Halo);
        long length = 1;
        for (int d = Rank - 1; d >= 0; d--)
        {
            _strides[d] = (nint)length;
            length *= _padded[d];
        }

        if (length > Array.MaxLength)
        {
            ThrowHelper.Argument(nameof(shape), $"the padded grid has {length} points; at most {Array.MaxLength} are supported (spans)");
        }

        Length = (int)length;
        long interior = 1;
        foreach (int n in _shape)
        {
            interior *= n;
        }

        InteriorPoints = interior;
    }

    /// <summary>2 or 3.</summary>
    public int Rank { get; }

    /// <summary>Space order of the second-derivative stencil.</summary>
    public int SpaceOrder { get; }

    /// <summary>Stencil radius SO/2: halo width on every side.</summary>
    public int Halo { get; }

    /// <summary>Interior points per axis.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Allocated points per axis (halo and, on the last axis, alignment padding included).</summary>
    public ReadOnlySpan<int> PaddedShape => _padded;

    /// <summary>Spacing per axis.</summary>
    public ReadOnlySpan<double> Spacing => _spacing;

    /// <summary>Element strides per axis (the last is 1).</summary>
    public ReadOnlySpan<nint> Strides => _strides;

    /// <summary>Index along the last axis of the first interior point (a multiple of 16).</summary>
    public int LastAxisOffset { get; }

    /// <summary>Floats in one field buffer.</summary>
    public int Length { get; }

    /// <summary>Interior points (the points updated per time step).</summary>
    public long InteriorPoints { get; }

    /// <summary>Number of interior rows (product of the interior shape without the last axis).</summary>
    public int Rows => Rank == 2 ? _shape[0] : _shape[0] * _shape[1];

    /// <summary>Linear index of interior point (x, y) of a 2D grid.</summary>
    public int Index(int x, int y) => (int)(((x + Halo) * _strides[0]) + LastAxisOffset + y);

    /// <summary>Linear index of interior point (x, y, z) of a 3D grid.</summary>
    public int Index(int x, int y, int z) => (int)(((x + Halo) * _strides[0]) + ((y + Halo) * _strides[1]) + LastAxisOffset + z);

    /// <summary>Linear index of the first interior point of interior row <paramref name="row"/>.</summary>
    public int RowStart(int row) => Rank == 2 ? Index(row, 0) : Index(row / _shape[1], row % _shape[1], 0);

    /// <summary>Copies a C-order interior array (shape <see cref="Shape"/>) into a padded field.</summary>
    public void Scatter(ReadOnlySpan<float> interior, Span<float> field)
    {
        CheckLengths(interior.Length, field.Length);
        int n = _shape[Rank - 1];
        for (int r = 0; r < Rows; r++)
        {
            interior.Slice(r * n, n).CopyTo(field.Slice(RowStart(r), n));
        }
    }

    /// <summary>Copies the interior of a padded field into a C-order interior array.</summary>
    public void Gather(ReadOnlySpan<float> field, Span<float> interior)
    {
        CheckLengths(interior.Length, field.Length);
        int n = _shape[Rank - 1];
        for (int r = 0; r < Rows; r++)
        {
            field.Slice(RowStart(r), n).CopyTo(interior.Slice(r * n, n));
        }
    }

    /// <summary>
    /// <see cref="Gather"/> with non-temporal stores (<see cref="StreamingCopy"/>), for destinations not read
    /// again soon: one time step of a saved wavefield.
    /// </summary>
    public void GatherStreaming(ReadOnlySpan<float> field, Span<float> interior)
    {
        CheckLengths(interior.Length, field.Length);
        GatherRowsStreaming(field, interior, 0, Rows);
        StreamingCopy.Fence();
    }

    /// <summary>
    /// Rows [<paramref name="row0"/>, <paramref name="row1"/>) (<see cref="RowStart"/>'s numbering) of
    /// <see cref="GatherStreaming"/>, without the fence: a sweep worker saving the rows it has just finished
    /// fences once at the end of its pass. Lengths are the caller's to check.
    /// </summary>
    internal void GatherRowsStreaming(ReadOnlySpan<float> field, Span<float> interior, int row0, int row1)
    {
        int n = _shape[Rank - 1];
        for (int r = row0; r < row1; r++)
        {
            StreamingCopy.Copy(field.Slice(RowStart(r), n), interior.Slice(r * n, n));
        }
    }

    /// <summary>Zeroes the halo and padding of a padded field (e.g. after a lossy codec restored it).</summary>
    public void ClearOutsideInterior(Span<float> field)
    {
        CheckField(field.Length, nameof(field));
        int n = _shape[Rank - 1], end = 0;
        for (int r = 0; r < Rows; r++)
        {
            int start = RowStart(r);
            field[end..start].Clear();
            end = start + n;
        }

        field[end..].Clear();
    }

    /// <summary>Throws unless <paramref name="field"/> has exactly <see cref="Length"/> floats.</summary>
    internal void CheckField(int length, string name)
    {
        if (length != Length)
        {
            ThrowHelper.Argument(name, $"a field of this grid has {Length} floats, not {length}");
        }
    }

    private void CheckLengths(int interior, int field)
    {
        if (interior != InteriorPoints)
        {
            ThrowHelper.Argument(nameof(interior), $"expected {InteriorPoints} interior values, got {interior}");
        }

        CheckField(field, nameof(field));
    }

    private static int RoundUp16(int n) => (n + 15) & ~15;
}
