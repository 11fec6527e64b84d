namespace PyRevolveNet.Kernels;

/// <summary>
/// A compile-time switch of the row kernel (damping on/off, imaging on/off): struct type arguments make the
/// JIT drop the dead branch, so each combination is its own branch-free loop.
/// </summary>
internal interface IKernelFlag
{
    static abstract bool Enabled { get; }

    /// <summary>
    /// As the damping switch only (<see cref="FlagOnSeparable"/>): the damping is separable, so the kernel
    /// computes e = a (row part + last-axis part) instead of streaming the e array (one field fewer to read in
    /// the absorbing layer); bitwise the same as the stored e, which is filled by the same float operations.
    /// </summary>
    static virtual bool Separable => false;
}
