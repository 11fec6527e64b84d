using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Execution;

/// <summary>
/// Test helper: classic Revolve's answers translated into checkpoint_schedules actions (checkpoints keyed by step
/// in RAM, restores as Copy, or Move on last use), so mode B can run a real binomial schedule with copies and
/// moves before the Revolve family is merged.
/// </summary>
public sealed class ClassicRevolveSchedule(long steps, int snapshots, StorageType storage = StorageType.Ram) : CheckpointSchedule(steps)
{
    private bool _exhausted;

    public override bool IsExhausted => _exhausted;

    public override bool UsesStorageType(StorageType storageType) => storageType == storage;

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        var maxN = MaxNField!.Value;
        var r = new ClassicRevolve(snapshots, (int)maxN);
        var slotStep = new long[snapshots];
        var pendingIcs = false;
        while (true)
        {
            var a = r.Next();
            switch (a)
            {
                case ClassicAction.Takeshot:
                    slotStep[r.Check] = r.Capo;
                    pendingIcs = true;
                    break;
                case ClassicAction.Advance:
                    NField = r.Capo;
                    yield return CheckpointAction.Forward(r.OldCapo, r.Capo, pendingIcs, false, pendingIcs ? storage : StorageType.Work);
                    pendingIcs = false;
                    break;
                case ClassicAction.Firstrun:
                    NField = maxN;
                    yield return CheckpointAction.Forward(maxN - 1, maxN, false, true, StorageType.Work);
                    yield return CheckpointAction.EndForward();
                    RField = 1;
                    yield return CheckpointAction.Reverse(maxN, maxN - 1, true);
                    break;
                case ClassicAction.Restore:
                    NField = r.Capo;
                    yield return r.Capo == maxN - RField - 1
                        ? CheckpointAction.Move(r.Capo, storage, StorageType.Work)
                        : CheckpointAction.Copy(r.Capo, storage, StorageType.Work);
                    break;
                case ClassicAction.Youturn:
                    NField = r.Capo + 1;
                    yield return CheckpointAction.Forward(r.Capo, r.Capo + 1, false, true, StorageType.Work);
                    RField++;
                    yield return CheckpointAction.Reverse(r.Capo + 1, r.Capo, true);
                    break;
                case ClassicAction.Terminate:
                    _exhausted = true;
                    yield return CheckpointAction.EndReverse();
                    yield break;
                default:
                    throw new InvalidOperationException($"Revolve error {r.Info}");
            }
        }
    }
}
