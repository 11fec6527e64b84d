namespace PyRevolveNet.Kernels;

/// <summary>Flag clear.</summary>
internal readonly struct FlagOff : IKernelFlag
{
    public static bool Enabled => false;
}
