namespace PyRevolveNet.Schedules;

/// <summary>
/// Griewank and Walther's classic binomial Revolve (offline: the number of steps is known), as pyrevolve's
/// <c>crevolve.CRevolve(snapshots, timesteps)</c> exposes it. <see cref="Next"/> returns one action at a time
/// and updates <see cref="Capo"/>, <see cref="OldCapo"/>, <see cref="Check"/>, <see cref="Fine"/> and
/// <see cref="Info"/> exactly as the reference C++ does, so a driver reproduces pyrevolve's call sequence.
/// Bad input, on which the reference crashes, is refused at construction.
/// The online variant (steps unknown, <c>turn(final)</c>) is not provided: see docs/revolver-design.md.
/// </summary>
public sealed class ClassicRevolve
{
    /// <summary>Compiled limit on snapshots in the reference (<c>checkup</c>).</summary>
    public const int MaxSnapshots = 10000;

    /// <summary>Compiled limit on repetitions in the reference (<c>repsup</c>).</summary>
    public const int MaxRepetitions = 6400;

    private const int IntMax = int.MaxValue;

    // Slot -> step of the checkpoint held there (the reference's ch[]).
    private readonly int[] _ch;
    private readonly int _snaps;

    // State of the reference's Offline schedule object.
    private int _check = -1;
    private int _capo;
    private int _fine;
    private int _oldfine;
    private int _oldsnaps;
    private bool _turned;
    private int _scheduleInfo = 3;

    /// <param name="snapshots">Number of checkpoint slots (1..10000).</param>
    /// <param name="steps">Number of forward steps (0 gives an immediate Terminate).</param>
    public ClassicRevolve(int snapshots, int steps)
    {
        if (snapshots < 1)
        {
            ScheduleErrors.ThrowInvalid("snapshots", $"snapshots must be at least 1, got {snapshots}");
        }

        if (snapshots > MaxSnapshots)
        {
            ScheduleErrors.ThrowInvalid("snapshots", $"snapshots must be at most {MaxSnapshots} (Revolve's compiled limit), got {snapshots}");
        }

        if (steps < 0)
        {
            ScheduleErrors.ThrowInvalid("steps", $"steps must not be negative, got {steps}");
        }

        _snaps = snapshots;
        _ch = new int[snapshots];
        _fine = steps;
        Steps = steps;
        Fine = steps;
    }

    public int Snapshots => _snaps;

    public int Steps { get; }

    /// <summary>Step the forward state is at (or will be at after the current action).</summary>
    public int Capo { get; private set; }

    /// <summary>Capo before the last <see cref="Next"/> (start of an advance).</summary>
    public int OldCapo { get; private set; }

    /// <summary>Slot of the current checkpoint; -1 when none.</summary>
    public int Check { get; private set; } = -1;

    /// <summary>End of the range currently being reversed.</summary>
    public int Fine { get; private set; }

    /// <summary>0 before the first call, 3 after; 10..15 after an <see cref="ClassicAction.Error"/>.</summary>
    public int Info { get; private set; }

    /// <summary>Number of forward steps asked for by Advance actions so far.</summary>
    public int Advances { get; private set; }

    /// <summary>Number of Takeshot actions so far.</summary>
    public int Takeshots { get; private set; }

    /// <summary>The next action; the properties describe it afterwards.</summary>
    public ClassicAction Next()
    {
        OldCapo = Capo;
        var action = Step();
        Check = _check;
        Capo = _capo;
        Fine = _fine;
        Info = _scheduleInfo;
        return action;
    }

    private ClassicAction Step()
    {
        if (_check < -1 || _capo > _fine)
        {
            return ClassicAction.Error;
        }

        if (_check == -1 && _capo < _fine)
        {
            _turned = false;
            _ch[0] = _capo - 1;
        }

        switch (_fine - _capo)
        {
            case 0:
                if (_check == -1 || _capo == _ch[0])
                {
                    return ClassicAction.Terminate;
                }

                _capo = _ch[_check];
                _oldfine = _fine;
                return ClassicAction.Restore;
            case 1:
                _fine--;
                if (_check >= 0 && _ch[_check] == _capo)
                {
                    _check--;
                }

                _oldfine = _fine;
                if (!_turned)
                {
                    _turned = true;
                    return ClassicAction.Firstrun;
                }

                return ClassicAction.Youturn;
            default:
                return _check == -1 ? Initialise() : _ch[_check] != _capo ? Takeshot() : Advance();
        }
    }

    private ClassicAction Initialise()
    {
        _ch[0] = 0;
        _check = 0;
        _oldsnaps = _snaps;
        if (NumForw(_fine - _capo, _snaps) == -1)
        {
            return Fail(12);
        }

        _oldfine = _fine;
        Takeshots++;
        return ClassicAction.Takeshot;
    }

    private ClassicAction Takeshot()
    {
        _check++;
        if (_check >= MaxSnapshots)
        {
            return Fail(10);
        }

        if (_check + 1 > _snaps)
        {
            return Fail(11);
        }

        _ch[_check] = _capo;
        Takeshots++;
        _oldfine = _fine;
        return ClassicAction.Takeshot;
    }

    private ClassicAction Advance()
    {
        if (_oldfine < _fine && _snaps == _check + 1)
        {
            return Fail(13);
        }

        var oldcapo = _capo;
        var ds = _snaps - _check;
        if (ds < 1)
        {
            return Fail(11);
        }

        // Smallest reps with binomial(ds + reps, ds) >= fine - capo, built as the reference does (exact divisions).
        long reps = 0, range = 1;
        while (range < _fine - _capo)
        {
            reps++;
            range = range * (reps + ds) / reps;
        }

        if (reps > MaxRepetitions)
        {
            return Fail(15);
        }

        if (_snaps != _oldsnaps && _snaps > MaxSnapshots)
        {
            return Fail(14);
        }

        var bino1 = range * reps / (ds + reps);
        var bino2 = ds > 1 ? bino1 * ds / (ds + reps - 1) : 1;
        long bino3 = ds == 1 ? 0 : ds > 2 ? bino2 * (ds - 1) / (ds + reps - 2) : 1;
        var bino4 = bino2 * (reps - 1) / ds;
        long bino5 = ds < 3 ? 0 : ds > 3 ? bino3 * (ds - 2) / reps : 1;

        long capo;
        if (_fine - _capo <= bino1 + bino3)
        {
            capo = _capo + bino4;
        }
        else if (_fine - _capo >= range - bino5)
        {
            capo = _capo + bino1;
        }
        else
        {
            capo = _fine - bino2 - bino3;
        }

        _capo = capo == oldcapo ? oldcapo + 1 : (int)capo;
        Advances += _capo - oldcapo;
        _oldfine = _fine;
        return ClassicAction.Advance;
    }

    private ClassicAction Fail(int code)
    {
        _scheduleInfo = code;
        return ClassicAction.Error;
    }

    /// <summary>The reference's message for an <see cref="Info"/> error code (pyrevolve's RevolveError texts).</summary>
    public static string ErrorMessage(int info) => info switch
    {
        10 => "Number of checkpoints stored exceeds hardcoded limit.",
        11 => "Number of checkpoints stored exceeds snaps.",
        12 => "Internal error in numforw.",
        13 => "Enhancement of 'fine', increase 'snaps'.",
        14 => "Number of snaps exceeds hardcoded limit.",
        15 => "Number of reps exceeds hardcoded limit.",
        _ => $"Revolve error (info {info})",
    };

    /// <summary>Binomial (ss + tt)! / (ss! tt!), capped at int.MaxValue; -1 for a negative argument.</summary>
    public static int MaxRange(int ss, int tt)
    {
        if (tt < 0 || ss < 0)
        {
            return -1;
        }

        var res = 1.0;
        for (var i = 1; i <= tt; i++)
        {
            res *= ss + i;
            res /= i;
            if (res > IntMax)
            {
                return IntMax;
            }
        }

        return (int)res;
    }

    /// <summary>Revolve's suggested number of snapshots for <paramref name="steps"/> (about log4 of it).</summary>
    public static int Adjust(int steps)
    {
        int snaps = 1, reps = 1, s = 0;
        while (MaxRange(snaps + s, reps + s) > steps)
        {
            s--;
        }

        while (MaxRange(snaps + s, reps + s) < steps)
        {
            s++;
        }

        snaps += s;
        reps += s;
        s = -1;
        while (MaxRange(snaps, reps) >= steps)
        {
            if (snaps > reps)
            {
                snaps--;
                s = 0;
            }
            else
            {
                reps--;
                s = 1;
            }
        }

        if (s == 0)
        {
            snaps++;
        }

        if (s == 1)
        {
            reps++;
        }

        return snaps;
    }

    /// <summary>Total forward steps of the optimal schedule (the sum of Advance lengths); -1 on bad input.</summary>
    public static int NumForw(int steps, int snaps)
    {
        if (snaps < 1 || snaps > MaxSnapshots)
        {
            return -1;
        }

        long reps = 0, range = 1;
        while (range < steps)
        {
            reps++;
            range = range * (reps + snaps) / reps;
        }

        if (reps > MaxRepetitions)
        {
            return -1;
        }

        return (int)((reps * steps) - (range * reps / (snaps + 1)));
    }

    /// <summary>NumForw / steps (the run-time factor); -1 on bad input.</summary>
    public static double Expense(int steps, int snaps)
    {
        if (snaps < 1 || steps < 1)
        {
            return -1;
        }

        double ratio = NumForw(steps, snaps);
        return ratio == -1 ? -1 : ratio / steps;
    }
}
