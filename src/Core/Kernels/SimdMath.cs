using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Kernels;

/// <summary>
/// Multiply-add for every width with ONE rounding rule for all of them: fused where the CPU has FMA
/// (<see cref="Fma.IsSupported"/>, a JIT-time constant), separate multiply and add otherwise. Scalar and vector
/// paths therefore perform the same IEEE operations in the same order and agree bitwise.
/// </summary>
internal static class SimdMath
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Madd(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Madd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Madd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Vector256.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Madd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Fma.IsSupported ? Vector512.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    /// <summary>c - a*b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Nmadd(float a, float b, float c) => Fma.IsSupported ? MathF.FusedMultiplyAdd(-a, b, c) : c - (a * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Nmadd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported ? Vector128.FusedMultiplyAdd(-a, b, c) : c - (a * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Nmadd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Vector256.FusedMultiplyAdd(-a, b, c) : c - (a * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Nmadd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Fma.IsSupported ? Vector512.FusedMultiplyAdd(-a, b, c) : c - (a * b);
}
