namespace PyRevolveNet.Kernels;

/// <summary>Space order 4 (radius 2).</summary>
internal readonly struct SpaceOrder4 : ISpaceOrder
{
    public static int Radius => 2;
}
