namespace PyRevolveNet.Schedules;

/// <summary>
/// The binomial step rule and optimal step counts of checkpoint_schedules (<c>n_advance</c>,
/// <c>allocate_snapshots</c>, <c>optimal_steps_binomial</c>, <c>optimal_steps_mixed</c>).
/// </summary>
public static class BinomialSchedules
{
    /// <summary>
    /// Number of steps to advance before storing the next forward restart checkpoint when
    /// <paramref name="n"/> steps remain and <paramref name="snapshots"/> checkpoint slots are free
    /// (Griewank and Walther 2000, Algorithm 799).
    /// </summary>
    public static long NAdvance(long n, long snapshots, BinomialTrajectory trajectory = BinomialTrajectory.Maximum)
    {
        if (n < 1)
        {
            ScheduleErrors.ThrowInvalid("n", "Require at least one block");
        }

        if (snapshots <= 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots", "Require at least one snapshot");
        }

        var s = Math.Max(Math.Min(snapshots, n - 1), 1);
        if (s == 1)
        {
            return n - 1;
        }

        if (s == n - 1)
        {
            return 1;
        }

        // Smallest t >= 2 with beta(s, t-1) < n <= beta(s, t), beta(s, t) = C(s + t, s). Int128 keeps the
        // products exact however large n is.
        long t = 2;
        Int128 bTm2 = 1;
        Int128 bTm1 = s + 1;
        Int128 bT = (Int128)(s + 1) * (s + 2) / 2;
        while (bTm1 >= n || n > bT)
        {
            t++;
            bTm2 = bTm1;
            bTm1 = bT;
            bT = bT * (s + t) / t;
        }

        var bSm1Tm1 = bTm1 * s / (s + t - 1);
        var bSm2Tm1 = bSm1Tm1 * (s - 1) / (s + t - 2);
        if (trajectory == BinomialTrajectory.Maximum)
        {
            // The largest step compatible with the optimal region (Fig. 4 of the paper).
            var bSm1Tm2 = bTm2 * s / (s + t - 2);
            if (n <= bTm1 + bSm1Tm2)
            {
                return (long)(n - bTm1 + bTm2);
            }

            if (n <= bTm1 + bSm2Tm1 + bSm1Tm2)
            {
                return (long)(bTm2 + bSm1Tm2);
            }

            return n <= bTm1 + bSm1Tm1 + bSm2Tm1 ? (long)(n - bSm1Tm1 - bSm2Tm1) : (long)bTm1;
        }

        if (trajectory != BinomialTrajectory.Revolve)
        {
            ScheduleErrors.ThrowInvalid("trajectory", "Unexpected trajectory: " + trajectory);
        }

        // The classic revolve rule (equation at the bottom of p. 34 of the paper).
        if (n <= bTm1 + bSm2Tm1)
        {
            return (long)bTm2;
        }

        return n < bTm1 + bSm1Tm1 + bSm2Tm1 ? (long)(n - bSm1Tm1 - bSm2Tm1) : (long)bTm1;
    }

    /// <summary>
    /// The RAM/DISK placement of each checkpoint stack depth of a multistage schedule: a dry run with all
    /// slots in RAM weighs each depth by its writes and reads; the most used depths go to RAM
    /// (Stumm and Walther 2009). Returns the weights and the storage of each depth.
    /// </summary>
    public static (long[] Weights, StorageType[] Storage) AllocateSnapshots(
        long maxN, long snapshotsInRam, long snapshotsOnDisk, BinomialTrajectory trajectory = BinomialTrajectory.Maximum)
    {
        if (maxN < 1)
        {
            ScheduleErrors.ThrowInvalid("max_n", "max_n must be positive");
        }

        if (snapshotsInRam < 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots_in_ram", "snapshots_in_ram must not be negative");
        }

        if (snapshotsOnDisk < 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots_on_disk", "snapshots_on_disk must not be negative");
        }

        var ram = Math.Min(snapshotsInRam, maxN - 1);
        var disk = Math.Min(snapshotsOnDisk, maxN - 1);
        var slots = (int)Math.Min(ram + disk, maxN - 1);
        var weights = new long[slots];
        if (slots > 0)
        {
            // Only the depth of each action matters: writes push, moves pop, copies read the top.
            var depth = -1;
            var dry = new MultistageCheckpointSchedule(maxN, slots, 0, trajectory);
            while (dry.MoveNext())
            {
                var a = dry.Current;
                switch (a.Type)
                {
                    case ActionType.Forward when a.WriteIcs:
                        weights[++depth]++;
                        break;
                    case ActionType.Copy:
                        weights[depth]++;
                        break;
                    case ActionType.Move:
                        weights[depth--]++;
                        break;
                    case ActionType.EndReverse:
                        break;
                }
            }
        }

        // Stable descending order of weight: ties keep the lower depth first, as Python's sorted(reverse=True).
        var order = new int[slots];
        for (var i = 0; i < slots; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => weights[a] != weights[b] ? weights[b].CompareTo(weights[a]) : a.CompareTo(b));
        var storage = new StorageType[slots];
        Array.Fill(storage, StorageType.Disk);
        for (var i = 0; i < Math.Min(ram, slots); i++)
        {
            storage[order[i]] = StorageType.Ram;
        }

        return (weights, storage);
    }

    /// <summary>
    /// Minimal extra forward steps of binomial checkpointing for <paramref name="n"/> steps and
    /// <paramref name="s"/> slots: t·n − C(s + t, t − 1) with t the smallest repetition number whose
    /// capacity C(s + t, s) reaches n (closed form of the reference's recursion).
    /// </summary>
    public static long OptimalExtraSteps(long n, long s)
    {
        if (n <= 0)
        {
            ScheduleErrors.ThrowInvalid("n", "Invalid number of steps");
        }

        s = Math.Min(s, n - 1);
        if (s < Math.Min(1, n - 1))
        {
            ScheduleErrors.ThrowInvalid("s", "Invalid number of snapshots");
        }

        if (n == 1)
        {
            return 0;
        }

        // beta(s, t) = C(s + t, t); betaPrev = beta(s + 1, t - 1) = C(s + t, t - 1).
        long t = 0;
        Int128 beta = 1;
        while (beta < n)
        {
            t++;
            beta = beta * (s + t) / t;
        }

        return (long)(((Int128)t * n) - Binomial(s + t, t - 1));
    }

    /// <summary>Optimal total forward steps of binomial checkpointing (<c>optimal_steps_binomial</c>).</summary>
    public static long OptimalStepsBinomial(long n, long s) => n + OptimalExtraSteps(n, s);

    /// <summary>Optimal total forward steps of mixed checkpointing (<c>optimal_steps_mixed</c>).</summary>
    public static long OptimalStepsMixed(long n, long s)
    {
        if (n <= 0)
        {
            ScheduleErrors.ThrowInvalid("n", "Invalid number of steps");
        }

        s = Math.Min(s, n - 1);
        if (s < Math.Min(1, n - 1))
        {
            ScheduleErrors.ThrowInvalid("s", "Invalid number of snapshots");
        }

        return n <= s + 1 ? n : MixedStepTable.Get(n, s).Cost(n, s);
    }

    private static Int128 Binomial(long n, long k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        k = Math.Min(k, n - k);
        Int128 r = 1;
        for (long i = 1; i <= k; i++)
        {
            r = r * (n - k + i) / i;
        }

        return r;
    }
}
