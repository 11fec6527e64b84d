namespace PyRevolveNet.Kernels;

/// <summary>Flag set.</summary>
internal readonly struct FlagOn : IKernelFlag
{
    public static bool Enabled => true;
}
