using System.Diagnostics.CodeAnalysis;

namespace PyRevolveNet.Interop;

/// <summary>
/// Opaque handles for objects held by Python: an index into a table rather than a raw GCHandle, so that a
/// double free or a use after free is reported instead of being undefined behaviour.
/// </summary>
internal static class HandleTable
{
    private static readonly Dictionary<long, object> s_objects = [];
    private static readonly Lock s_lock = new();
    private static long s_next;

    public static long Add(object value)
    {
        lock (s_lock)
        {
            var id = ++s_next;
            s_objects[id] = value;
            return id;
        }
    }

    public static bool TryGet<T>(long handle, [NotNullWhen(true)] out T? value)
        where T : class
    {
        lock (s_lock)
        {
            if (s_objects.TryGetValue(handle, out var o) && o is T t)
            {
                value = t;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Removes the handle; returns the object so the caller can dispose it, or null when unknown.</summary>
    public static object? Remove(long handle)
    {
        lock (s_lock)
        {
            return s_objects.Remove(handle, out var o) ? o : null;
        }
    }

    public static int Count
    {
        get
        {
            lock (s_lock)
            {
                return s_objects.Count;
            }
        }
    }

    public static Status InvalidHandle<T>(long handle) =>
        Errors.Fail(Status.InvalidHandle, $"invalid handle {handle}: not a live {typeof(T).Name} (closed or never created)");
}
