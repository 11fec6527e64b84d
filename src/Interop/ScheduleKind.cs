using PyRevolveNet.Schedules;

namespace PyRevolveNet.Interop;

/// <summary>Schedule classes by number, with the argument layout each takes across the ABI.</summary>
public enum ScheduleKind
{
    None = 0,
    SingleMemoryStorage = 1,
    SingleDiskStorage = 2,
    Revolve = 3,
    MultistageCheckpoint = 4,
    DiskRevolve = 5,
    PeriodicDiskRevolve = 6,
    HRevolve = 7,
    MixedCheckpoint = 8,
    TwoLevelCheckpoint = 9,
}

/// <summary>
/// Builds a Core schedule from flat argument arrays. Integers (in order): the class's integer and enum
/// parameters; reals: its cost parameters (uf, ub, wd, rd). Python fills the defaults, so every argument
/// is always given.
/// </summary>
internal static class ScheduleFactory
{
    public static CheckpointSchedule Create(ScheduleKind kind, ReadOnlySpan<long> i, ReadOnlySpan<double> d) => kind switch
    {
        ScheduleKind.None => new NoneCheckpointSchedule(),
        ScheduleKind.SingleMemoryStorage => new SingleMemoryStorageSchedule(),
        ScheduleKind.SingleDiskStorage => new SingleDiskStorageSchedule(Need(i, 1)[0] != 0),
        ScheduleKind.Revolve => new Revolve(Need(i, 2)[0], i[1], Need(d, 4)[0], d[1], d[2], d[3]),
        ScheduleKind.DiskRevolve => new DiskRevolve(Need(i, 2)[0], i[1], Need(d, 4)[0], d[1], d[2], d[3]),
        ScheduleKind.PeriodicDiskRevolve => new PeriodicDiskRevolve(Need(i, 2)[0], i[1], Need(d, 4)[0], d[1], d[2], d[3]),
        ScheduleKind.HRevolve => new HRevolve(Need(i, 3)[0], i[1], i[2], Need(d, 4)[0], d[1], d[2], d[3]),
        ScheduleKind.MultistageCheckpoint => new MultistageCheckpointSchedule(Need(i, 4)[0], i[1], i[2], Trajectory(i[3])),
        ScheduleKind.MixedCheckpoint => new MixedCheckpointSchedule(Need(i, 3)[0], i[1], Storage(i[2])),
        ScheduleKind.TwoLevelCheckpoint => new TwoLevelCheckpointSchedule(Need(i, 4)[0], i[1], Storage(i[2]), Trajectory(i[3])),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, $"unknown schedule kind {(int)kind}"),
    };

    private static ReadOnlySpan<T> Need<T>(ReadOnlySpan<T> values, int count) => values.Length >= count
        ? values
        : throw new ArgumentException($"expected {count} arguments, got {values.Length}");

    private static BinomialTrajectory Trajectory(long value) => value switch
    {
        0 => BinomialTrajectory.Maximum,
        1 => BinomialTrajectory.Revolve,
        _ => throw new ScheduleParameterException("trajectory", $"unknown trajectory code {value}"),
    };

    private static StorageType Storage(long value) => Enum.IsDefined((StorageType)value)
        ? (StorageType)value
        : throw new ScheduleParameterException("storage", $"unknown storage code {value}");
}
