using System.Runtime.CompilerServices;

namespace PyRevolveNet.Kernels;

/// <summary>
/// Point sources or receivers off the grid: (bi/tri)linear weights, optionally times a per-corner scale.
/// <see cref="Inject"/> (field += W^T q) and <see cref="Sample"/> (q = W field) use the same float weights, so
/// they are exact transposes of each other. Weights are computed once; neither call allocates.
/// </summary>
public sealed class PointOperator
{
    private readonly int _corners;
    private readonly int[] _index;
    private readonly float[] _weight;
    private readonly double[] _exactWeight;

    // Entries ordered by grid row (GridShape.RowStart's numbering: x in 2D, x * ny + y in 3D), stably: entries
    // that hit the same grid point share a row, so their relative order, and with it each point's sequence of
    // float additions, is the one of Inject. _byRow[j] is the entry, _sortedRow[j] its row, ascending.
    private readonly int[] _byRow;
    private readonly int[] _sortedRow;

    /// <param name="grid">the grid</param>
    /// <param name="coordinates">point-major coordinates (x, y[, z]) per point, relative to the first interior point, in the spacing's unit</param>
    public PointOperator(GridShape grid, ReadOnlySpan<double> coordinates)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int rank = grid.Rank;
        if (coordinates.Length % rank != 0)
        {
            ThrowHelper.Argument(nameof(coordinates), $"coordinates come in groups of {rank}");
        }

        Count = coordinates.Length / rank;
        _corners = 1 << rank;
        _index = new int[Count * _corners];
        _weight = new float[_index.Length];
        _exactWeight = new double[_index.Length];
        var row = new int[_index.Length];
        Span<int> cell = stackalloc int[3];
        Span<double> frac = stackalloc double[3];
        Span<int> at = stackalloc int[3];
        for (int p = 0; p < Count; p++)
        {
            for (int d = 0; d < rank; d++)
            {
                double x = coordinates[(p * rank) + d] / grid.Spacing[d];
                int n = grid.Shape[d];
                if (!(x >= 0 && x <= n - 1))
                {
                    ThrowHelper.OutOfRange(nameof(coordinates), $"point {p} lies outside the grid along axis {d} ({coordinates[(p * rank) + d]})");
                }

                int i = Math.Min((int)Math.Floor(x), n - 2);
                cell[d] = i;
                frac[d] = x - i;
            }

            for (int c = 0; c < _corners; c++)
            {
                double w = 1;
                for (int d = 0; d < rank; d++)
                {
                    int bit = (c >> (rank - 1 - d)) & 1;
                    at[d] = cell[d] + bit;
                    w *= bit == 1 ? frac[d] : 1 - frac[d];
                }

                int k = (p * _corners) + c;
                _index[k] = rank == 2 ? grid.Index(at[0], at[1]) : grid.Index(at[0], at[1], at[2]);
                _exactWeight[k] = w;
                _weight[k] = (float)w;
                row[k] = rank == 2 ? at[0] : (at[0] * grid.Shape[1]) + at[1];
            }
        }

        Grid = grid;
        (_byRow, _sortedRow) = OrderByRow(row);
    }

    private PointOperator(PointOperator source, Func<int, double> scale)
    {
        Grid = source.Grid;
        Count = source.Count;
        _corners = source._corners;
        _index = source._index;
        _exactWeight = source._exactWeight;
        _byRow = source._byRow;
        _sortedRow = source._sortedRow;
        _weight = new float[_index.Length];
        for (int k = 0; k < _index.Length; k++)
        {
            _weight[k] = (float)(_exactWeight[k] * scale(_index[k]));
        }
    }

    public GridShape Grid { get; }

    /// <summary>Number of points.</summary>
    public int Count { get; }

    /// <summary>field[corner] += weight * values[point].</summary>
    public void Inject(Span<float> field, ReadOnlySpan<float> values)
    {
        Grid.CheckField(field.Length, nameof(field));
        CheckValues(values.Length);
        for (int p = 0; p < Count; p++)
        {
            float q = values[p];
            for (int c = 0; c < _corners; c++)
            {
                int k = (p * _corners) + c;
                field[_index[k]] += _weight[k] * q;
            }
        }
    }

    /// <summary>values[point] = sum over corners of weight * field[corner].</summary>
    public void Sample(ReadOnlySpan<float> field, Span<float> values)
    {
        Grid.CheckField(field.Length, nameof(field));
        CheckValues(values.Length);
        for (int p = 0; p < Count; p++)
        {
            double acc = 0;
            for (int c = 0; c < _corners; c++)
            {
                int k = (p * _corners) + c;
                acc += (double)_weight[k] * field[_index[k]];
            }

            values[p] = (float)acc;
        }
    }

    /// <summary>
    /// <see cref="Inject"/> restricted to the points of grid rows [<paramref name="rowStart"/>,
    /// <paramref name="rowEnd"/>) (<see cref="GridShape.RowStart"/>'s numbering): a sweep that finishes rows one
    /// after another (two time steps in one sweep) injects each row as soon as it is final. Over all rows, bitwise
    /// the same as <see cref="Inject"/>. No checks: the propagator validated the field and the values once.
    /// </summary>
    internal void InjectRows(ref float field, ReadOnlySpan<float> values, int rowStart, int rowEnd)
    {
        int j = _sortedRow.AsSpan().BinarySearch(rowStart);
        if (j < 0)
        {
            j = ~j;
        }

        // BinarySearch finds any entry of a repeated row: step back to its first.
        while (j > 0 && _sortedRow[j - 1] == rowStart)
        {
            j--;
        }

        for (; j < _sortedRow.Length && _sortedRow[j] < rowEnd; j++)
        {
            int k = _byRow[j];
            Unsafe.Add(ref field, _index[k]) += _weight[k] * values[k / _corners];
        }
    }

    internal PointOperator Scaled(Func<int, double> scale) => new(this, scale);

    private static (int[] ByRow, int[] SortedRow) OrderByRow(int[] row)
    {
        // Sorting (row, entry) pairs keeps entries of one row in their original order (a stable sort by row).
        var keys = new long[row.Length];
        for (int k = 0; k < row.Length; k++)
        {
            keys[k] = ((long)row[k] << 32) | (uint)k;
        }

        Array.Sort(keys);
        var byRow = new int[row.Length];
        var sortedRow = new int[row.Length];
        for (int j = 0; j < keys.Length; j++)
        {
            byRow[j] = (int)(keys[j] & 0xFFFFFFFF);
            sortedRow[j] = (int)(keys[j] >> 32);
        }

        return (byRow, sortedRow);
    }

    /// <summary>Throws unless there is one value per point.</summary>
    internal void CheckValues(int length)
    {
        if (length != Count)
        {
            ThrowHelper.Argument("values", $"expected one value per point ({Count}), got {length}");
        }
    }
}
