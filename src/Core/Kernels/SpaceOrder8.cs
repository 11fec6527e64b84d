namespace PyRevolveNet.Kernels;

/// <summary>Space order 8 (radius 4).</summary>
internal readonly struct SpaceOrder8 : ISpaceOrder
{
    public static int Radius => 4;
}
