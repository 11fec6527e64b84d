using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace PyRevolveNet.Compression;

/// <summary>Cold throw helpers, so that hot loops stay small and inlinable.</summary>
internal static class CodecThrow
{
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Corrupt(string message) => throw new InvalidDataException("corrupt codec stream: " + message);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Argument(string parameter, string message) => throw new ArgumentException(message, parameter);

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void NonFinite(string codec, int index) => throw Bad(
        "data",
        $"the {codec} codec needs finite values, but element {index} is NaN or infinite (use 'lossless' or 'bounded', which keep them exactly)");

    /// <summary>The exception for a bad argument, for throw expressions.</summary>
    public static ArgumentException Bad(string parameter, string message, Exception? inner = null) => new(message, parameter, inner);
}
