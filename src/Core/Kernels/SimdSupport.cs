using System.Runtime.Intrinsics;

namespace PyRevolveNet.Kernels;

/// <summary>Which vector widths this process can run with hardware acceleration.</summary>
public static class SimdSupport
{
    /// <summary>The widest accelerated width (honours DOTNET_EnableAVX512F=0, DOTNET_EnableAVX2=0, ...).</summary>
    public static SimdWidth Best =>
        Vector512.IsHardwareAccelerated ? SimdWidth.Vector512
        : Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
        : SimdWidth.Scalar;

    /// <summary>True when <paramref name="width"/> runs on hardware here.</summary>
    public static bool IsAccelerated(SimdWidth width) => width switch
    {
        SimdWidth.Scalar => true,
        SimdWidth.Vector128 => Vector128.IsHardwareAccelerated,
        SimdWidth.Vector256 => Vector256.IsHardwareAccelerated,
        SimdWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
