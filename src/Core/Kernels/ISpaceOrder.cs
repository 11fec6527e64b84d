namespace PyRevolveNet.Kernels;

/// <summary>
/// Space order as a type: kernels are generic over a struct implementing this, so the JIT compiles one body
/// per order with the stencil radius as a constant (loop bounds known, no radius loads in the hot loop).
/// </summary>
internal interface ISpaceOrder
{
    /// <summary>Stencil radius SO/2.</summary>
    static abstract int Radius { get; }
}
