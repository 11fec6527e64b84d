using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Execution;

/// <summary>
/// Mode B: runs any <see cref="CheckpointSchedule"/> (checkpoint_schedules actions) with pyrevolve-style
/// operators, which know one live state.
/// <list type="bullet">
/// <item>A checkpoint is the live state at a step (get_data(n)); forward restart data ("ics") at n0 and the
/// adjoint dependencies of step k are both that: the state at the start of the step.</item>
/// <item>Reversing step k = the state at k, then Advance(k, k+1), then Reverse(k, k+1), as pyrevolve does on every
/// reverse step. When the live state was just advanced from k to k+1 the re-run is skipped (pyrevolve's REVSTART).</item>
/// <item>Forward(n0, n1, write_ics, write_adj_deps, storage): requires the live state at n0; clears WORK; with
/// write_ics saves the state at n0 under key n0 in storage; with write_adj_deps into RAM/DISK (one step, mixed
/// schedules) saves it likewise; with write_adj_deps into WORK advances one step at a time keeping each step's
/// state in the WORK memory tier (the last one is the live state itself).</item>
/// <item>Copy/Move(n, from, WORK): loads the checkpoint into the live location (get_data_location(n)); Move
/// frees it. Reverse(n1, n0): reverses steps n1-1 .. n0, then clears WORK when asked.</item>
/// </list>
/// Offline schedules run with <see cref="Revolver.ApplyForward()"/>; online ones with
/// <see cref="ApplyForward(long)"/> or any number of <see cref="AdvanceForward"/> calls followed by
/// <see cref="FinishForward"/>, which tells the schedule the real number of steps.
/// </summary>
public sealed class ScheduleRevolver : Revolver
{
    private readonly Func<CheckpointSchedule> _factory;
    private readonly StorageOptions _options;
    private readonly Executor _executor;

    /// <param name="scheduleFactory">Makes a fresh schedule; called once to run and once per prediction (dry run).</param>
    public ScheduleRevolver(ILiveState state, IForwardOperator forward, IReverseOperator reverse, Func<CheckpointSchedule> scheduleFactory, StorageOptions? options = null)
        : this(new ExecutionCore(state, forward, reverse), scheduleFactory, options ?? new StorageOptions { Layout = StorageLayout.MultiLevel })
    {
    }

    private ScheduleRevolver(ExecutionCore core, Func<CheckpointSchedule> factory, StorageOptions options)
        : base(core, new TieredStorage(null, null, null), 0)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _factory = factory;
        _options = options;
        var schedule = factory();
        if (schedule.IsRunning)
        {
            throw new ArgumentException("the schedule has already produced actions; give a fresh one", nameof(factory));
        }

        Schedule = schedule;
        if (schedule.MaxN is { } n)
        {
            Steps = n;
            Prediction = PredictFor(n);
        }

        CheckBudget(options, core.CheckpointBytes, Prediction);
        _executor = new Executor(schedule, core, new RealTiers(Storage, options, core.CheckpointBytes, Prediction));
    }

    /// <summary>The schedule being run (its n, r and state are live).</summary>
    public CheckpointSchedule Schedule { get; }

    /// <summary>Forward steps run so far in the forward phase.</summary>
    public long Position => _executor.ForwardPosition;

    /// <summary>What a run of <paramref name="steps"/> steps costs with this schedule: a dry run on a fresh one.</summary>
    public RunPrediction PredictFor(long steps)
    {
        if (steps < 1)
        {
            ScheduleErrors.ThrowInvalid("n_timesteps", $"n_timesteps must be positive, got {steps}");
        }

        var dry = new ExecutionCore(CoreBytes);
        using var tiers = new TieredStorage(null, null, null);
        var executor = new Executor(_factory(), dry, new CountingTiers(tiers, _options.Layout, CoreBytes));
        if (executor.IsOnline)
        {
            executor.Advance(steps);
            executor.Finish();
        }
        else
        {
            executor.RunToEndForward();
        }

        executor.RunReverse();
        return PredictionFrom(dry, tiers, steps, executor.ScheduleForwardSteps);
    }

    /// <summary>Online schedules: runs exactly <paramref name="nTimesteps"/> forward steps, then <see cref="FinishForward"/>.</summary>
    public void ApplyForward(long nTimesteps) => Run(() =>
    {
        _executor.Advance(nTimesteps - _executor.ForwardPosition);
        FinishCore();
    });

    /// <summary>Runs <paramref name="steps"/> more forward steps (the user decides when the forward ends).</summary>
    public void AdvanceForward(long steps) => Run(() => _executor.Advance(steps));

    /// <summary>Ends the forward phase at the current position: the schedule is finalized with it.</summary>
    public void FinishForward() => Run(FinishCore);

    private long CoreBytes => Core.CheckpointBytes;

    // Fail at creation, not halfway through the forward, when an offline schedule cannot fit the RAM budget.
    private static void CheckBudget(StorageOptions options, long bytes, in RunPrediction predicted)
    {
        if (options.MemoryBudgetBytes is not { } budget || predicted.Steps == 0)
        {
            return;
        }

        var need = options.Layout switch
        {
            StorageLayout.Memory => predicted.PeakRamCheckpoints + predicted.PeakDiskCheckpoints,
            StorageLayout.Disk => 0,
            _ => predicted.PeakRamCheckpoints,
        };
        var fit = StorageBudget.SlotsFor(budget, bytes, options.Codec);
        if (need > fit)
        {
            throw new ArgumentException(
                $"the schedule keeps up to {need} checkpoints of {bytes} bytes in memory; the memory budget of {budget} bytes holds {fit}",
                nameof(options));
        }
    }

    private protected override void RunForward()
    {
        if (ForwardDone)
        {
            throw new InvalidOperationException("the forward sweep has already run");
        }

        if (_executor.IsOnline)
        {
            throw new InvalidOperationException("an online schedule needs the number of steps: use ApplyForward(n) or AdvanceForward(k) and FinishForward()");
        }

        _executor.RunToEndForward();
        ForwardDone = true;
    }

    private protected override void RunReverse()
    {
        if (!ForwardDone)
        {
            throw new InvalidOperationException("the forward sweep must complete before the reverse sweep");
        }

        if (ReverseDone && !Schedule.AllowsRepeatedAdjoint)
        {
            throw new InvalidOperationException("the schedule allows one adjoint pass only");
        }

        _executor.RunReverse();
        ReverseDone = true;
    }

    private void FinishCore()
    {
        if (ForwardDone)
        {
            throw new InvalidOperationException("the forward sweep has already finished");
        }

        _executor.Finish();
        Steps = _executor.ForwardPosition;
        if (Prediction.Steps != Steps)
        {
            Prediction = PredictFor(Steps);
        }

        ForwardDone = true;
    }

    /// <summary>Maps a schedule's storage type to the store holding it, made on first use.</summary>
    private abstract class Tiers(TieredStorage storage, StorageLayout layout)
    {
        protected TieredStorage Storage => storage;

        public ICheckpointStore Get(StorageType type)
        {
            var physical = type switch
            {
                StorageType.Work => StorageType.Work,
                StorageType.Ram or StorageType.Disk => layout switch
                {
                    StorageLayout.Memory => StorageType.Ram,
                    StorageLayout.Disk => StorageType.Disk,
                    _ => type,
                },
                _ => throw new InvalidOperationException($"storage {type} cannot hold checkpoints"),
            };
            return physical switch
            {
                StorageType.Ram => storage.Ram ??= Create(StorageType.Ram),
                StorageType.Disk => storage.Disk ??= Create(StorageType.Disk),
                _ => storage.Work ??= Create(StorageType.Work),
            };
        }

        /// <summary>The store of a type if it exists already (no creation: used for read-ahead hints).</summary>
        public ICheckpointStore? Existing(StorageType type) => type switch
        {
            StorageType.Work => storage.Work,
            StorageType.Ram when layout != StorageLayout.Disk => storage.Ram,
            StorageType.Disk when layout != StorageLayout.Memory => storage.Disk,
            StorageType.Ram => storage.Disk,
            StorageType.Disk => storage.Ram,
            _ => null,
        };

        protected abstract ICheckpointStore Create(StorageType physical);
    }

    private sealed class CountingTiers(TieredStorage storage, StorageLayout layout, long bytes) : Tiers(storage, layout)
    {
        protected override ICheckpointStore Create(StorageType physical) => new CountingStore(physical, bytes);
    }

    private sealed class RealTiers(TieredStorage storage, StorageOptions options, long bytes, RunPrediction predicted) : Tiers(storage, options.Layout)
    {
        private const int OnlineInitialSlots = 16;

        protected override ICheckpointStore Create(StorageType physical)
        {
            switch (physical)
            {
                case StorageType.Disk:
                    return new DiskStore(options.DiskDirectory, bytes, options.Codec, options.DiskQueueDepth);
                case StorageType.Work:
                    return MemoryStore.Create(bytes, Initial(predicted.PeakWorkCheckpoints), options.Codec, int.MaxValue, StorageType.Work);
                default:
                    // Offline: the dry run knows the peak exactly; online: grow on demand. A budget caps either.
                    var peak = options.Layout == StorageLayout.Memory
                        ? predicted.PeakRamCheckpoints + predicted.PeakDiskCheckpoints
                        : predicted.PeakRamCheckpoints;
                    var max = options.MemoryBudgetBytes is { } budget ? StorageBudget.SlotsFor(budget, bytes, options.Codec) : int.MaxValue;
                    if (max < 1)
                    {
                        throw new InvalidOperationException($"the memory budget of {options.MemoryBudgetBytes} bytes holds no checkpoint of {bytes} bytes");
                    }

                    return MemoryStore.Create(bytes, Math.Min(Initial(peak), max), options.Codec, max, StorageType.Ram, options.MemoryBudgetBytes);
            }
        }

        private static int Initial(long peak) => peak > 0 ? (int)Math.Min(peak, int.MaxValue) : OnlineInitialSlots;
    }

    /// <summary>The action loop, shared by real runs and dry runs.</summary>
    private sealed class Executor(CheckpointSchedule schedule, ExecutionCore core, Tiers tiers)
    {
        private long _live;
        private bool _fresh;
        private bool _inForward;
        private CheckpointAction _forward;
        private long _position;
        private bool _forwardEnded;
        private CheckpointAction _peeked;
        private bool _hasPeeked;

        public bool IsOnline => schedule.MaxN is null;

        public long ForwardPosition => _position;

        public long ScheduleForwardSteps { get; private set; }

        /// <summary>Offline: every action up to and including EndForward.</summary>
        public void RunToEndForward()
        {
            while (!_forwardEnded)
            {
                Execute(NextAction());
            }
        }

        /// <summary>Runs <paramref name="steps"/> more forward steps, pulling Forward actions as needed.</summary>
        public void Advance(long steps)
        {
            if (steps < 0)
            {
                ScheduleErrors.ThrowInvalid("steps", $"steps must not be negative, got {steps}");
            }

            if (_forwardEnded)
            {
                throw new InvalidOperationException("the forward phase has ended");
            }

            var remaining = steps;
            while (remaining > 0)
            {
                if (!_inForward)
                {
                    var a = NextAction();
                    if (a.Type != ActionType.Forward)
                    {
                        Execute(a);
                        if (_forwardEnded)
                        {
                            throw new InvalidOperationException($"the schedule ended its forward phase at step {_position}; {remaining} more steps were asked for");
                        }

                        continue;
                    }

                    BeginForward(a);
                    _forward = a;
                    _inForward = true;
                }

                var end = _forward.N1 - _position > remaining ? _position + remaining : _forward.N1;
                StepForward(_forward, _position, end);
                remaining -= end - _position;
                _position = end;
                if (_position == _forward.N1)
                {
                    _inForward = false;
                }
            }
        }

        /// <summary>Ends the forward phase at the current position and runs on to EndForward.</summary>
        public void Finish()
        {
            if (_position < 1)
            {
                ScheduleErrors.ThrowInvalid("n_timesteps", "the forward ran no step; at least one is needed");
            }

            if (schedule.MaxN is { } n && n != _position)
            {
                throw new InvalidOperationException($"the schedule has {n} steps but the forward ran {_position}");
            }

            _inForward = false;
            schedule.Finalize(_position);
            RunToEndForward();
        }

        public void RunReverse()
        {
            while (true)
            {
                var a = NextAction();
                if (a.Type == ActionType.EndReverse)
                {
                    return;
                }

                HintNext();
                Execute(a);
            }
        }

        private CheckpointAction NextAction()
        {
            if (_hasPeeked)
            {
                _hasPeeked = false;
                return _peeked;
            }

            if (!schedule.MoveNext())
            {
                throw new InvalidOperationException("the schedule ended before its EndReverse");
            }

            return schedule.Current;
        }

        // Read-ahead: when the next action loads from a tier, start reading it while this one runs.
        private void HintNext()
        {
            if (!_hasPeeked && schedule.MoveNext())
            {
                _peeked = schedule.Current;
                _hasPeeked = true;
            }

            if (_hasPeeked && _peeked.Type is ActionType.Copy or ActionType.Move)
            {
                tiers.Existing(_peeked.From)?.Prefetch(_peeked.N);
            }
        }

        private void Execute(in CheckpointAction a)
        {
            switch (a.Type)
            {
                case ActionType.Forward:
                    BeginForward(a);
                    var end = schedule.MaxN is { } n ? Math.Min(a.N1, n) : a.N1;
                    StepForward(a, a.N0, end);
                    _position = Math.Max(_position, end);
                    if (schedule.MaxN == end)
                    {
                        schedule.Finalize(end);
                    }

                    break;
                case ActionType.Reverse:
                    for (var k = a.N1 - 1; k >= a.N0; k--)
                    {
                        ReverseStep(k);
                    }

                    if (a.ClearAdjDeps)
                    {
                        tiers.Get(StorageType.Work).Clear();
                    }

                    DropDeadCheckpoints(a.N0, a.N1);
                    break;
                case ActionType.Copy or ActionType.Move:
                    if (a.To != StorageType.Work)
                    {
                        throw new NotSupportedException($"{a}: only copies into WORK are supported");
                    }

                    var store = tiers.Get(a.From);
                    core.Load(store, a.N, a.N);
                    if (a.Type == ActionType.Move)
                    {
                        store.Remove(a.N);
                    }

                    _live = a.N;
                    _fresh = false;
                    break;
                case ActionType.EndForward:
                    _forwardEnded = true;
                    break;
                case ActionType.EndReverse:
                    break;
            }
        }

        /// <summary>
        /// A checkpoint at or past the adjoint position can never be read again in a single-adjoint schedule; the
        /// revolve family reads some for the last time with a Copy rather than a Move, so free them here.
        /// </summary>
        private void DropDeadCheckpoints(long n0, long n1)
        {
            if (schedule.AllowsRepeatedAdjoint)
            {
                return;
            }

            var ram = tiers.Existing(StorageType.Ram);
            var disk = tiers.Existing(StorageType.Disk);
            for (var k = n0; k < n1; k++)
            {
                ram?.Remove(k);
                disk?.Remove(k);
            }
        }

        private void BeginForward(in CheckpointAction a)
        {
            if (a.N0 != _live)
            {
                throw new InvalidOperationException($"{a}: the live state is at step {_live}, not {a.N0}");
            }

            tiers.Existing(StorageType.Work)?.Clear();
            if (a.WriteIcs && a.Storage != StorageType.None)
            {
                core.Save(tiers.Get(a.Storage), a.N0, a.N0);
            }
            else if (a.WriteAdjDeps && a.Storage is StorageType.Ram or StorageType.Disk)
            {
                if (a.Length != 1)
                {
                    throw new NotSupportedException($"{a}: adjoint dependencies of several steps can only be kept in WORK");
                }

                core.Save(tiers.Get(a.Storage), a.N0, a.N0);
            }
        }

        private void StepForward(in CheckpointAction a, long from, long to)
        {
            if (to <= from)
            {
                return;
            }

            ScheduleForwardSteps += to - from;
            if (a.WriteAdjDeps && a.Storage == StorageType.Work)
            {
                // The last step's state need not be kept: the reverse of that step follows while it is fresh.
                var last = a.N1 == CheckpointAction.Unbounded && schedule.MaxN is null ? -1 : Math.Min(a.N1, schedule.MaxN ?? a.N1) - 1;
                var work = tiers.Get(StorageType.Work);
                for (var k = from; k < to; k++)
                {
                    if (k != last)
                    {
                        core.Save(work, k, k);
                    }

                    core.Advance(k, k + 1);
                }
            }
            else
            {
                core.Advance(from, to);
            }

            _live = to;
            _fresh = true;
        }

        private void ReverseStep(long k)
        {
            if (!(_fresh && _live == k + 1))
            {
                if (_live != k)
                {
                    var work = tiers.Existing(StorageType.Work);
                    if (work is null || !work.Contains(k))
                    {
                        throw new InvalidOperationException($"reverse of step {k}: the forward state of that step is not available (live state at {_live})");
                    }

                    core.Load(work, k, k);
                }

                core.Advance(k, k + 1);
            }

            core.Reverse(k);
            _live = -1;
            _fresh = false;
        }
    }
}
