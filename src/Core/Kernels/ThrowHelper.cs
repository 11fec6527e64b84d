using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PyRevolveNet.Kernels;

/// <summary>Cold throw paths kept out of the callers so that the hot code stays small and inlinable.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Argument(string paramName, string message) => throw new ArgumentException(message, paramName);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void OutOfRange(string paramName, string message) => throw new ArgumentOutOfRangeException(paramName, message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Disposed(object owner) => throw new ObjectDisposedException(owner.GetType().Name);
}
