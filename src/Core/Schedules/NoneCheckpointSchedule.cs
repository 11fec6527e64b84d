namespace PyRevolveNet.Schedules;

/// <summary>A forward run with no adjoint: nothing is stored. Online.</summary>
public sealed class NoneCheckpointSchedule : CheckpointSchedule
{
    private bool _exhausted;

    public NoneCheckpointSchedule()
        : base(null) => IsOnline = true;

    public override bool IsExhausted => _exhausted;

    public override bool UsesStorageType(StorageType storageType) => false;

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        if (MaxNField is not null)
        {
            ScheduleErrors.ThrowState();
        }

        while (MaxNField is null)
        {
            var n0 = NField;
            NField = SaturatingAdd(n0, CheckpointAction.Unbounded);
            yield return CheckpointAction.Forward(n0, NField, false, false, StorageType.None);
        }

        _exhausted = true;
        yield return CheckpointAction.EndForward();
    }

    /// <summary>Python's integers do not overflow; ours stop at long.MaxValue, which still reads as open-ended.</summary>
    internal static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
