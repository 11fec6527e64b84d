namespace PyRevolveNet.Schedules;

/// <summary>
/// Every step's adjoint dependencies kept in working memory; any number of adjoint passes. Online.
/// </summary>
public sealed class SingleMemoryStorageSchedule : CheckpointSchedule
{
    public SingleMemoryStorageSchedule()
        : base(null) => IsOnline = true;

    public override bool IsExhausted => false;

    public override bool AllowsRepeatedAdjoint => true;

    public override bool UsesStorageType(StorageType storageType) => storageType == StorageType.Work;

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        if (MaxNField is not null)
        {
            ScheduleErrors.ThrowState();
        }

        while (MaxNField is null)
        {
            var n0 = NField;
            NField = NoneCheckpointSchedule.SaturatingAdd(n0, CheckpointAction.Unbounded);
            yield return CheckpointAction.Forward(n0, NField, false, true, StorageType.Work);
        }

        yield return CheckpointAction.EndForward();

        var maxN = MaxNField.Value;
        while (true)
        {
            RField = maxN;
            yield return CheckpointAction.Reverse(maxN, 0, true);
            RField = 0;
            yield return CheckpointAction.EndReverse();
        }
    }
}
