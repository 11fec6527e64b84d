namespace PyRevolveNet.Kernels;

/// <summary>
/// A compile-time switch of the row kernel (damping on/off, imaging on/off): struct type arguments make the
/// JIT drop the dead branch, so each combination is its own branch-free loop.
/// </summary>
internal interface IKernelFlag
{
    static abstract bool Enabled { get; }
}
