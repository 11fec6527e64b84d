using System.Diagnostics.CodeAnalysis;

namespace PyRevolveNet.Storage;

/// <summary>Cold throw helpers for the storage tiers.</summary>
internal static class StorageErrors
{
    [DoesNotReturn]
    public static void ThrowTooLarge(long capacity) =>
        throw new ArgumentException($"checkpoint data larger than the slot ({capacity} bytes)");

    [DoesNotReturn]
    public static void ThrowSizeMismatch(long stored, long requested) =>
        throw new ArgumentException($"stored checkpoint has {stored} bytes but the location regions hold {requested} bytes");

    [DoesNotReturn]
    public static void ThrowMissing(string tier, long key) =>
        throw new KeyNotFoundException($"{tier}: no checkpoint stored under key {key}");

    [DoesNotReturn]
    public static void ThrowFull(string tier, int slots, long slotBytes) =>
        throw new InvalidOperationException($"{tier}: all {slots} slots of {slotBytes} bytes are in use; raise the memory budget");

    [DoesNotReturn]
    public static void ThrowDisposed(string tier) => throw new ObjectDisposedException(tier);
}
