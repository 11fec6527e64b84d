using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Execution;

/// <summary>
/// Mode A: pyrevolve's SingleLevelRevolver, call for call. Drives <see cref="ClassicRevolve"/> with the
/// semantics of pyrevolve 2.2's apply_forward/apply_reverse: ADVANCE runs the forward from oldcapo to capo;
/// TAKESHOT saves get_data(capo) in slot check; FIRSTRUN (LASTFW) runs the last step and ends the forward
/// sweep; the reverse sweep starts with one reverse step (REVSTART), then every YOUTURN (REVERSE) runs one
/// forward step and one reverse step at capo; RESTORE loads slot check into get_data_location(capo).
/// So operator calls, saves and loads are exactly pyrevolve's (checked against its recorded traces).
/// </summary>
public sealed class ClassicRevolver : Revolver
{
    private readonly Driver _driver;

    /// <param name="nCheckpoints">Revolve's snapshots; null picks <see cref="ClassicRevolve.Adjust"/>(nTimesteps) as pyrevolve does (at least 1).</param>
    /// <param name="nTimesteps">Number of time steps (at least 1).</param>
    public ClassicRevolver(ILiveState state, IForwardOperator forward, IReverseOperator reverse, int? nCheckpoints, long nTimesteps, StorageOptions? options = null)
        : this(new ExecutionCore(state, forward, reverse), Validate(nCheckpoints, nTimesteps), nTimesteps, options ?? StorageOptions.Default)
    {
    }

    private ClassicRevolver(ExecutionCore core, int checkpoints, long steps, StorageOptions options)
        : base(core, CreateStorage(core.CheckpointBytes, checkpoints, (int)steps, options, out var ramSlots), steps)
    {
        NCheckpoints = checkpoints;
        Prediction = Predict(checkpoints, (int)steps, core.CheckpointBytes, ramSlots);
        _driver = new Driver(new ClassicRevolve(checkpoints, (int)steps), core, Storage.Ram, Storage.Disk, ramSlots, steps);
    }

    /// <summary>The number of checkpoint slots used (after <see cref="ClassicRevolve.Adjust"/> when none was given).</summary>
    public int NCheckpoints { get; }

    /// <summary>Steps at which checkpoints were taken, in order (pyrevolve's storage_ckps of the real run).</summary>
    public IReadOnlyList<long> CheckpointSteps => _driver.Taken;

    /// <summary>Exact counts of a run with these parameters, by a dry run of the engine.</summary>
    public static RunPrediction Predict(int nCheckpoints, int nTimesteps, long checkpointBytes = 0, int? ramSlots = null)
    {
        var dry = new ExecutionCore(checkpointBytes);
        var slots = ramSlots ?? nCheckpoints;
        using var tiers = new TieredStorage(
            slots > 0 ? new CountingStore(StorageType.Ram, checkpointBytes) : null,
            slots < nCheckpoints ? new CountingStore(StorageType.Disk, checkpointBytes) : null,
            null);
        var driver = new Driver(new ClassicRevolve(nCheckpoints, nTimesteps), dry, tiers.Ram, tiers.Disk, slots, nTimesteps);
        driver.Forward();
        driver.Reverse();
        return PredictionFrom(dry, tiers, nTimesteps, ClassicRevolve.NumForw(nTimesteps, nCheckpoints));
    }

    private protected override void RunForward()
    {
        if (ForwardDone)
        {
            throw new InvalidOperationException("the forward sweep has already run; create a new revolver per gradient");
        }

        _driver.Forward();
        ForwardDone = true;
    }

    private protected override void RunReverse()
    {
        if (!ForwardDone)
        {
            throw new InvalidOperationException("apply_forward must run before apply_reverse");
        }

        if (ReverseDone)
        {
            throw new InvalidOperationException("the reverse sweep has already run; create a new revolver per gradient");
        }

        _driver.Reverse();
        ReverseDone = true;
    }

    private static int Validate(int? nCheckpoints, long nTimesteps)
    {
        if (nTimesteps < 1 || nTimesteps > int.MaxValue)
        {
            ScheduleErrors.ThrowInvalid("n_timesteps", $"n_timesteps must be between 1 and {int.MaxValue}, got {nTimesteps}");
        }

        // adjust(1) is 0, on which the reference crashes; one slot is what a single step needs.
        var c = nCheckpoints ?? Math.Max(1, ClassicRevolve.Adjust((int)nTimesteps));
        if (c < 1 || c > ClassicRevolve.MaxSnapshots)
        {
            ScheduleErrors.ThrowInvalid("n_checkpoints", $"n_checkpoints must be between 1 and {ClassicRevolve.MaxSnapshots}, got {c}");
        }

        return c;
    }

    private static TieredStorage CreateStorage(long bytes, int checkpoints, int steps, StorageOptions options, out int ramSlots)
    {
        // Revolve never holds more than min(snapshots, steps) checkpoints.
        var slots = Math.Max(1, Math.Min(checkpoints, steps));
        ramSlots = options.Layout switch
        {
            StorageLayout.Memory => slots,
            StorageLayout.Disk => 0,
            _ => Math.Clamp(options.RamSlots ?? (slots + 1) / 2, 0, slots),
        };
        if (options.MemoryBudgetBytes is { } budget && ramSlots > StorageBudget.SlotsFor(budget, bytes, options.Codec))
        {
            throw new ArgumentException(
                $"{ramSlots} checkpoints of {bytes} bytes do not fit the memory budget of {budget} bytes; use fewer checkpoints or the disk/multi-level layout",
                nameof(options));
        }

        ICheckpointStore? ram = null;
        try
        {
            if (ramSlots > 0)
            {
                ram = MemoryStore.Create(bytes, ramSlots, options.Codec, budgetBytes: options.MemoryBudgetBytes);
            }

            var disk = ramSlots < slots ? new DiskStore(options.DiskDirectory, bytes, options.Codec, options.DiskQueueDepth) : null;
            return new TieredStorage(ram, disk, null);
        }
        catch
        {
            ram?.Dispose();
            throw;
        }
    }

    /// <summary>The loop itself, shared by real runs and dry runs.</summary>
    private sealed class Driver(ClassicRevolve revolve, ExecutionCore core, ICheckpointStore? ram, ICheckpointStore? disk, int ramSlots, long steps)
    {
        private readonly List<long> _taken = [];
        private ClassicStep _peeked;
        private bool _hasPeeked;
        private bool _revstartPending;
        private int _revstartCapo;

        public IReadOnlyList<long> Taken => _taken;

        public void Forward()
        {
            while (true)
            {
                var a = Take();
                switch (a.Action)
                {
                    case ClassicAction.Advance:
                        core.Advance(a.OldCapo, a.Capo);
                        break;
                    case ClassicAction.Takeshot:
                        Save(a);
                        break;
                    case ClassicAction.Firstrun:
                        core.Advance(a.OldCapo, steps);
                        _revstartPending = true;
                        _revstartCapo = a.Capo;
                        return;
                    case ClassicAction.Youturn:
                        return;
                    default:
                        Unexpected(a, "apply_forward");
                        break;
                }
            }
        }

        public void Reverse()
        {
            if (_revstartPending)
            {
                _revstartPending = false;
                PrefetchNext();
                core.Reverse(_revstartCapo);
            }

            while (true)
            {
                var a = Take();
                switch (a.Action)
                {
                    case ClassicAction.Youturn:
                        PrefetchNext();
                        core.Advance(a.Capo, a.Capo + 1);
                        core.Reverse(a.Capo);
                        break;
                    case ClassicAction.Takeshot:
                        Save(a);
                        break;
                    case ClassicAction.Restore:
                        core.Load(StoreOf(a.Check), a.Check, a.Capo);
                        break;
                    case ClassicAction.Advance:
                        PrefetchNext();
                        core.Advance(a.OldCapo, a.Capo);
                        break;
                    case ClassicAction.Terminate:
                        return;
                    default:
                        Unexpected(a, "apply_reverse");
                        break;
                }
            }
        }

        private void Save(in ClassicStep a)
        {
            core.Save(StoreOf(a.Check), a.Check, a.Capo);
            _taken.Add(a.Capo);
        }

        private ICheckpointStore StoreOf(int slot) => (slot < ramSlots ? ram : disk)!;

        // Starts reading the next restore's checkpoint while the current operator call runs.
        private void PrefetchNext()
        {
            var next = Peek();
            if (next.Action == ClassicAction.Restore && next.Check >= ramSlots)
            {
                disk!.Prefetch(next.Check);
            }
        }

        private ClassicStep Take()
        {
            if (_hasPeeked)
            {
                _hasPeeked = false;
                return _peeked;
            }

            return NextStep();
        }

        private ClassicStep Peek()
        {
            if (!_hasPeeked)
            {
                _peeked = NextStep();
                _hasPeeked = true;
            }

            return _peeked;
        }

        private ClassicStep NextStep()
        {
            var action = revolve.Next();
            if (action == ClassicAction.Error)
            {
                throw new RevolveException(revolve.Info);
            }

            return new ClassicStep(action, revolve.Capo, revolve.OldCapo, revolve.Check);
        }

        private static void Unexpected(in ClassicStep a, string phase) =>
            throw new InvalidOperationException($"unexpected Revolve action {a.Action} in {phase}");
    }
}
