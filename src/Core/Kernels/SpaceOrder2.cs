namespace PyRevolveNet.Kernels;

/// <summary>Space order 2 (radius 1).</summary>
internal readonly struct SpaceOrder2 : ISpaceOrder
{
    public static int Radius => 1;
}
