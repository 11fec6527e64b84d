namespace PyRevolveNet.Schedules;

/// <summary>
/// Every step's adjoint dependencies written to disk during the forward and loaded back one step at a
/// time. Online. With <c>moveData</c> the data is moved (one adjoint pass), otherwise copied (any number
/// of passes).
/// </summary>
public sealed class SingleDiskStorageSchedule : CheckpointSchedule
{
    private readonly bool _moveData;
    private bool _passEnded;

    public SingleDiskStorageSchedule(bool moveData = false)
        : base(null)
    {
        _moveData = moveData;
        IsOnline = true;
    }

    /// <summary>
    /// True once the single adjoint pass of a move-data schedule has ended. The reference tests r == max_n
    /// after resetting r, so it never reports exhaustion; ours does (documented deviation).
    /// </summary>
    public override bool IsExhausted => _moveData && _passEnded;

    public override bool AllowsRepeatedAdjoint => !_moveData;

    public override bool UsesStorageType(StorageType storageType) => storageType is StorageType.Disk or StorageType.Work;

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        if (MaxNField is not null)
        {
            ScheduleErrors.ThrowState();
        }

        while (MaxNField is null)
        {
            var n0 = NField;
            NField = n0 + 1;
            yield return CheckpointAction.Forward(n0, n0 + 1, false, true, StorageType.Disk);
        }

        yield return CheckpointAction.EndForward();

        var maxN = MaxNField.Value;
        while (true)
        {
            for (var n0 = maxN - 1; n0 >= 0; n0--)
            {
                NField = n0;
                yield return _moveData
                    ? CheckpointAction.Move(n0, StorageType.Disk, StorageType.Work)
                    : CheckpointAction.Copy(n0, StorageType.Disk, StorageType.Work);
                RField = maxN - n0;
                yield return CheckpointAction.Reverse(n0 + 1, n0, true);
            }

            RField = 0;
            _passEnded = true;
            yield return CheckpointAction.EndReverse();
            if (_moveData)
            {
                yield break;
            }
        }
    }
}
