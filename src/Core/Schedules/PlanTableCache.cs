namespace PyRevolveNet.Schedules;

/// <summary>
/// A small, thread-safe, bounded cache of DP tables shared by schedule instances: building the same
/// schedule again (or a shorter one with the same parameters) reuses the table, since DP values for a size
/// depend only on smaller sizes. Oldest entries are evicted beyond <paramref name="maxEntries"/> or
/// <paramref name="maxWords"/> 8-byte words; tables larger than the bound are not kept.
/// </summary>
internal sealed class PlanTableCache<TKey, TTable>(int maxEntries, long maxWords)
    where TKey : IEquatable<TKey>
    where TTable : class, IPlanTable
{
    private readonly List<(TKey Key, TTable Table)> _entries = [];
    private readonly Lock _lock = new();

    /// <summary>A cached table for <paramref name="key"/> covering <paramref name="steps"/>, or a new one from <paramref name="build"/>.</summary>
    public TTable GetOrAdd(TKey key, long steps, Func<TTable> build)
    {
        lock (_lock)
        {
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                var entry = _entries[i];
                if (entry.Table.Steps >= steps && entry.Key.Equals(key))
                {
                    // Most recently used last.
                    _entries.RemoveAt(i);
                    _entries.Add(entry);
                    return entry.Table;
                }
            }
        }

        // Built outside the lock: two threads may build the same table, which is harmless.
        var table = build();
        if (table.Words <= maxWords)
        {
            lock (_lock)
            {
                _entries.Add((key, table));
                long words = 0;
                foreach (var (_, t) in _entries)
                {
                    words += t.Words;
                }

                while (_entries.Count > maxEntries || words > maxWords)
                {
                    words -= _entries[0].Table.Words;
                    _entries.RemoveAt(0);
                }
            }
        }

        return table;
    }

    /// <summary>Drops every entry (tests).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }
}
