namespace PyRevolveNet.Seismic;

/// <summary>
/// Storage for u(t), t = 0..nt-1, outside the solver (a numpy array on the Python side). Fields cross in the
/// kernels' padded layout; implementations keep whatever layout they like (usually the C-order interior).
/// </summary>
public interface IWavefield
{
    /// <summary>Stores the padded field u(<paramref name="timestep"/>).</summary>
    void Write(int timestep, ReadOnlySpan<float> field);

    /// <summary>Fills the padded field with u(<paramref name="timestep"/>) (halo and padding already zero).</summary>
    void Read(int timestep, Span<float> field);
}
