using PyRevolveNet.Storage;

namespace PyRevolveNet.Execution;

/// <summary>
/// Where the live forward state is (pyrevolve's Checkpoint): the regions to save at a step and the regions to
/// restore into. The regions may differ per step (Devito hands out views into a rolling time buffer); their
/// total length must always be <see cref="CheckpointBytes"/>.
/// </summary>
public interface ILiveState
{
    /// <summary>Bytes of one checkpoint (sum of the region lengths).</summary>
    long CheckpointBytes { get; }

    /// <summary>Most regions <see cref="GetData"/> or <see cref="GetDataLocation"/> return.</summary>
    int MaxRegions { get; }

    /// <summary>Fills <paramref name="regions"/> with the live data to save at <paramref name="timestep"/>; returns the count.</summary>
    int GetData(long timestep, Span<MemoryRegion> regions);

    /// <summary>Fills <paramref name="regions"/> with the places to restore the state at <paramref name="timestep"/> into.</summary>
    int GetDataLocation(long timestep, Span<MemoryRegion> regions);
}
