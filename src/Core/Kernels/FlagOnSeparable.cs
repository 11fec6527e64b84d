namespace PyRevolveNet.Kernels;

/// <summary>Damping on, computed from its separable parts (see <see cref="IKernelFlag.Separable"/>).</summary>
internal readonly struct FlagOnSeparable : IKernelFlag
{
    public static bool Enabled => true;

    public static bool Separable => true;
}
