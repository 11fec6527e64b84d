namespace PyRevolveNet.Schedules;

/// <summary>STUB: to be implemented.</summary>
public sealed class MixedCheckpointSchedule : CheckpointSchedule
{
#pragma warning disable IDE0060 // stub
    public MixedCheckpointSchedule(long maxN, long snapshots, StorageType storage = StorageType.Disk)
        : base(null)
    {
    }
#pragma warning restore IDE0060

    public override bool IsExhausted => false;

    public override bool UsesStorageType(StorageType storageType) => false;

    protected override IEnumerable<CheckpointAction> Iterate() => throw new NotImplementedException();
}
