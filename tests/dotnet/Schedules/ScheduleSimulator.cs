using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>
/// Replays a schedule against a model of the forward state, WORK data and RAM/DISK checkpoints, and
/// fails on the first action that breaks the validity rules of the reference test-suite (spec §7.1):
/// per-action rules, storage limits, the WORK data limit and n/r consistency; plus every step is reversed
/// exactly once per pass, and a Forward only restarts where restart data is live.
/// Checkpoint contents and WORK contents are step ranges [lo, hi), which is all any schedule produces.
/// </summary>
public static class ScheduleSimulator
{
    /// <summary>
    /// Drives <paramref name="schedule"/> for <paramref name="maxN"/> steps as the reference driver does
    /// (finalize after the Forward that reaches max_n) through <paramref name="passes"/> adjoint passes
    /// (fewer if the schedule is exhausted first; NoneCheckpointSchedule stops at EndForward).
    /// </summary>
    public static SimulationResult Run(CheckpointSchedule schedule, long maxN, StorageLimits limits, int passes = 1)
    {
        var sim = new State(schedule, maxN, limits);
        return sim.Run(passes);
    }

    private readonly record struct Checkpoint(long IcsLo, long IcsHi, long DataLo, long DataHi)
    {
        public bool HasIcs => IcsHi > IcsLo;

        public bool HasData => DataHi > DataLo;
    }

    private sealed class State(CheckpointSchedule schedule, long n, StorageLimits limits)
    {
        private readonly Dictionary<long, Checkpoint> _ram = [];
        private readonly Dictionary<long, Checkpoint> _disk = [];
        private readonly bool[] _reversed = new bool[n];
        private long? _modelN = 0;
        private long _modelR;
        private long _icsLo, _icsHi, _dataLo, _dataHi;
        private long _reversedCount;
        private long _index;
        private CheckpointAction _action;

        public SimulationResult Run(int passes)
        {
            Check(schedule.N == 0 && schedule.R == 0, "initial n and r must be 0");
            Check(schedule.MaxN is null || schedule.MaxN == n, "initial max_n must be None or n");
            long forward = 0, peakRam = 0, peakDisk = 0, peakData = 0;
            var pass = 0;
            var forwardOnly = schedule is NoneCheckpointSchedule;
            while (true)
            {
                Check(_index < 100_000_000, "runaway schedule");
                if (!schedule.MoveNext())
                {
                    Fail("the schedule ended before its adjoint pass ended");
                }

                _action = schedule.Current;
                _index++;
                switch (_action.Type)
                {
                    case ActionType.Forward:
                        var before = _modelN ?? 0;
                        Forward();
                        if (pass == 0)
                        {
                            forward += _modelN!.Value - before;
                        }

                        break;
                    case ActionType.Reverse:
                        Reverse();
                        break;
                    case ActionType.Copy or ActionType.Move:
                        Load();
                        break;
                    case ActionType.EndForward:
                        Check(_modelN == n, "EndForward before the forward reached max_n");
                        break;
                    case ActionType.EndReverse:
                        EndReverse();
                        break;
                    default:
                        Fail("unknown action type");
                        break;
                }

                // The schedule's state is consistent with the model of the forward and the adjoint.
                if (!(_modelN is null || _modelN == schedule.N))
                {
                    Fail($"schedule n {schedule.N} differs from the model's {_modelN}");
                }

                if (!(_modelR == schedule.R))
                {
                    Fail($"schedule r {schedule.R} differs from the model's {_modelR}");
                }

                Check(schedule.MaxN is null || schedule.MaxN == n, "max_n differs from n");
                var ram = Live(_ram);
                if (!(ram <= limits.Ram))
                {
                    Fail($"{ram} RAM checkpoints exceed the limit {limits.Ram}");
                }

                var disk = Live(_disk);
                if (!(disk <= limits.Disk))
                {
                    Fail($"{disk} DISK checkpoints exceed the limit {limits.Disk}");
                }

                var data = Math.Min(1, _icsHi - _icsLo) + (_dataHi - _dataLo);
                if (!(data <= limits.Data))
                {
                    Fail($"{data} WORK data units exceed the limit {limits.Data}");
                }

                peakRam = Math.Max(peakRam, _ram.Count);
                peakDisk = Math.Max(peakDisk, _disk.Count);
                peakData = Math.Max(peakData, data);

                if ((_action.Type == ActionType.EndForward && forwardOnly)
                    || (_action.Type == ActionType.EndReverse && (++pass == passes || schedule.IsExhausted)))
                {
                    return new SimulationResult(forward, _index, peakRam, peakDisk, peakData, Math.Max(pass, 0));
                }
            }
        }

        private void Forward()
        {
            var a = _action;
            if (!(_modelN is not null && _modelN == a.N0))
            {
                Fail($"Forward starts at {a.N0} but the live forward state is at {_modelN?.ToString() ?? "nowhere"} (no restart data)");
            }

            Check(a.N0 < a.N1, "Forward must advance");
            if (schedule.MaxN is not null)
            {
                Check(a.N1 <= n, "Forward past max_n");
                Check(a.N1 <= n - _modelR, "Forward past the adjoint position");
            }

            var n1 = Math.Min(a.N1, n);
            _modelN = n1;
            _icsLo = _icsHi = _dataLo = _dataHi = 0;
            var cp = new Checkpoint(a.N0, a.WriteIcs ? n1 : a.N0, a.N0, a.WriteAdjDeps ? n1 : a.N0);
            switch (a.Storage)
            {
                case StorageType.Ram or StorageType.Disk:
                    Check(a.WriteIcs || a.WriteAdjDeps, "a checkpoint Forward must write something");
                    var store = Store(a.Storage);
                    if (!(store.TryAdd(a.N0, cp)))
                    {
                        Fail($"checkpoint {a.N0} already exists in {a.Storage}");
                    }

                    break;
                case StorageType.Work:
                    (_icsLo, _icsHi, _dataLo, _dataHi) = (cp.IcsLo, cp.IcsHi, cp.DataLo, cp.DataHi);
                    break;
                default:
                    Check(!a.WriteIcs && !a.WriteAdjDeps, "a Forward storing nothing cannot write");
                    break;
            }

            if (n1 == n)
            {
                schedule.Finalize(n);
            }
        }

        /// <summary>
        /// Checkpoints that can still be read. A Copy/Move needs its step below the adjoint position, so in a
        /// single-adjoint schedule a checkpoint at or past it is dead and a driver frees it: the revolve family
        /// (like the reference) reads some disk checkpoints for the last time with a Copy instead of a Move.
        /// Schedules with repeated adjoints reuse every checkpoint in the next pass, so all of theirs count.
        /// </summary>
        private long Live(Dictionary<long, Checkpoint> storage)
        {
            if (schedule.AllowsRepeatedAdjoint)
            {
                return storage.Count;
            }

            var live = 0;
            foreach (var step in storage.Keys)
            {
                live += step < n - _modelR ? 1 : 0;
            }

            return live;
        }

        private void Reverse()
        {
            var a = _action;
            if (!(a.N1 == n - _modelR))
            {
                Fail($"Reverse must start at the adjoint position {n - _modelR}");
            }

            Check(a.N0 < a.N1, "Reverse must go back at least one step");
            if (!(_dataLo <= a.N0 && _dataHi >= a.N1))
            {
                Fail($"adjoint dependencies for steps {a.N0}..{a.N1 - 1} are not in WORK (holds {_dataLo}..{_dataHi - 1})");
            }

            for (var k = a.N0; k < a.N1; k++)
            {
                if (!(!_reversed[k]))
                {
                    Fail($"step {k} reversed twice");
                }

                _reversed[k] = true;
            }

            _reversedCount += a.N1 - a.N0;
            _modelR += a.N1 - a.N0;
            if (a.ClearAdjDeps)
            {
                _dataLo = _dataHi = 0;
            }
        }

        private void Load()
        {
            var a = _action;
            Check(a.From is StorageType.Ram or StorageType.Disk, "Copy/Move must read RAM or DISK");
            var from = Store(a.From);
            if (!(from.TryGetValue(a.N, out var cp)))
            {
                Fail($"checkpoint {a.N} does not exist in {a.From}");
            }

            Check(cp.HasIcs || cp.HasData, "the checkpoint holds nothing");
            Check(a.N < n - _modelR, "the checkpoint is not before the adjoint position");
            if (a.Type == ActionType.Move)
            {
                from.Remove(a.N);
            }

            if (a.To == StorageType.Work)
            {
                Check(_icsHi == _icsLo && _dataHi == _dataLo, "WORK must be empty when loading a checkpoint");
                (_icsLo, _icsHi, _dataLo, _dataHi) = (cp.IcsLo, cp.IcsHi, cp.DataLo, cp.DataHi);
                _modelN = cp.HasIcs ? a.N : null;
            }
            else
            {
                Check(a.To is StorageType.Ram or StorageType.Disk, "Copy/Move must write WORK, RAM or DISK");
                if (!(Store(a.To).TryAdd(a.N, cp)))
                {
                    Fail($"checkpoint {a.N} already exists in {a.To}");
                }
            }
        }

        private void EndReverse()
        {
            Check(_modelR == n, "EndReverse before the adjoint reached step 0");
            Check(_reversedCount == n, "not every step was reversed");

            // A schedule that allows another pass resets r; an exhausted one may keep r = max_n or reset it
            // (SingleDiskStorageSchedule(move_data=True) resets it, as the reference does).
            if (!schedule.IsExhausted || schedule.R == 0)
            {
                _modelR = 0;
                _reversedCount = 0;
                Array.Clear(_reversed);
            }
        }

        private Dictionary<long, Checkpoint> Store(StorageType storage) => storage == StorageType.Ram ? _ram : _disk;

        private void Check(bool condition, string message)
        {
            if (!condition)
            {
                Fail(message);
            }
        }

        private void Fail(string message) =>
            Assert.Fail($"{schedule.GetType().Name} (max_n={n}): action {_index} {_action}: {message}");
    }
}
