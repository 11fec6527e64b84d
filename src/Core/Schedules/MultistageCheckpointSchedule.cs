namespace PyRevolveNet.Schedules;

/// <summary>STUB: to be implemented.</summary>
public sealed class MultistageCheckpointSchedule : CheckpointSchedule
{
#pragma warning disable IDE0060 // stub
    public MultistageCheckpointSchedule(long maxN, long snapshotsInRam, long snapshotsOnDisk, BinomialTrajectory trajectory = BinomialTrajectory.Maximum)
        : base(null)
    {
    }
#pragma warning restore IDE0060

    public override bool IsExhausted => false;

    public override bool UsesStorageType(StorageType storageType) => false;

    protected override IEnumerable<CheckpointAction> Iterate() => throw new NotImplementedException();
}
