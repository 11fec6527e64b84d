namespace PyRevolveNet.Schedules;

/// <summary>STUB: to be implemented.</summary>
public sealed class DiskRevolve : CheckpointSchedule
{
#pragma warning disable IDE0060 // stub
    public DiskRevolve(long maxN, long snapshotsInRam, double uf = 1, double ub = 1, double wd = 2, double rd = 2)
        : base(null)
    {
    }
#pragma warning restore IDE0060

    public override bool IsExhausted => false;

    public override bool UsesStorageType(StorageType storageType) => false;

    protected override IEnumerable<CheckpointAction> Iterate() => throw new NotImplementedException();
}
