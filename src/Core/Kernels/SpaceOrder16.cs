namespace PyRevolveNet.Kernels;

/// <summary>Space order 16 (radius 8).</summary>
internal readonly struct SpaceOrder16 : ISpaceOrder
{
    public static int Radius => 8;
}
