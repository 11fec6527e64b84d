using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Seismic;

/// <summary>Checkpointing of a gradient run: one of store-all, Revolve(n), a memory budget or a schedule.</summary>
public sealed record GradientOptions
{
    public CheckpointingMode Mode { get; init; }

    /// <summary><see cref="CheckpointingMode.Revolve"/>: checkpoints (null: Revolve's adjust(nt)).</summary>
    public int? Checkpoints { get; init; }

    /// <summary><see cref="CheckpointingMode.MemoryBudget"/>: bytes the checkpoints may take.</summary>
    public long MemoryBudgetBytes { get; init; }

    /// <summary><see cref="CheckpointingMode.Schedule"/>: makes fresh schedules of nt steps.</summary>
    public Func<CheckpointSchedule>? Schedule { get; init; }

    /// <summary>Where schedules with a DISK level put their files.</summary>
    public string DiskDirectory { get; init; } = Path.GetTempPath();

    /// <summary>Layout of schedule runs (MultiLevel keeps DISK actions on disk).</summary>
    public StorageLayout Layout { get; init; } = StorageLayout.MultiLevel;

    /// <summary>
    /// Compresses what is kept of the forward: the checkpoints (checkpointed modes: more of them fit a memory
    /// budget) or every stored wavefield (store-all). Null: nothing is compressed (bit-for-bit reference).
    /// </summary>
    public Compression.ICheckpointCodec? Codec { get; init; }

    /// <summary>Compression ratio to plan checkpoint counts with (memory-budget mode); null: the codec's own figure.</summary>
    public double? ExpectedRatio { get; init; }

    public static GradientOptions StoreAll { get; } = new();

    public static GradientOptions Revolve(int? checkpoints) => new() { Mode = CheckpointingMode.Revolve, Checkpoints = checkpoints };

    public static GradientOptions Budget(long bytes) => new() { Mode = CheckpointingMode.MemoryBudget, MemoryBudgetBytes = bytes };

    public static GradientOptions FromSchedule(Func<CheckpointSchedule> factory) => new() { Mode = CheckpointingMode.Schedule, Schedule = factory };
}
