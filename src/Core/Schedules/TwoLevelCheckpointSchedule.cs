namespace PyRevolveNet.Schedules;

/// <summary>STUB: to be implemented.</summary>
public sealed class TwoLevelCheckpointSchedule : CheckpointSchedule
{
#pragma warning disable IDE0060 // stub
    public TwoLevelCheckpointSchedule(long period, long binomialSnapshots, StorageType binomialStorage = StorageType.Disk, BinomialTrajectory binomialTrajectory = BinomialTrajectory.Maximum)
        : base(null)
    {
    }
#pragma warning restore IDE0060

    public override bool IsExhausted => false;

    public override bool UsesStorageType(StorageType storageType) => false;

    protected override IEnumerable<CheckpointAction> Iterate() => throw new NotImplementedException();
}
