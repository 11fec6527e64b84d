namespace PyRevolveNet.Kernels;

/// <summary>Space order 12 (radius 6).</summary>
internal readonly struct SpaceOrder12 : ISpaceOrder
{
    public static int Radius => 6;
}
