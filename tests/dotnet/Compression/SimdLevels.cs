using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>Runs codec code at a forced SIMD level (Simd.Level is thread-local), for the scalar-equivalence tests.</summary>
internal static class SimdLevels
{
    public static readonly SimdLevel[] All = [SimdLevel.Scalar, SimdLevel.Vector256, SimdLevel.Vector512];

    public static T At<T>(SimdLevel level, Func<T> f)
    {
        var saved = Simd.Level;
        Simd.Level = level;
        try
        {
            return f();
        }
        finally
        {
            Simd.Level = saved;
        }
    }

    public static void At(SimdLevel level, Action f) => At(level, () =>
    {
        f();
        return 0;
    });
}
