namespace PyRevolveNet.Schedules;

/// <summary>STUB: to be implemented.</summary>
public sealed class SingleDiskStorageSchedule : CheckpointSchedule
{
#pragma warning disable IDE0060 // stub
    public SingleDiskStorageSchedule(bool moveData = false)
        : base(null)
    {
    }
#pragma warning restore IDE0060

    public override bool IsExhausted => false;

    public override bool UsesStorageType(StorageType storageType) => false;

    protected override IEnumerable<CheckpointAction> Iterate() => throw new NotImplementedException();
}
