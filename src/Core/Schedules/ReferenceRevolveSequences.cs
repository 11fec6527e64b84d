namespace PyRevolveNet.Schedules;

/// <summary>
/// The H-Revolve toolbox algorithms as the reference runs them: full O(l²·c) DP tables in floating point,
/// linear argmin scans (largest index on ties), no capping. Slow; used by tests to check the fast planners
/// operation for operation. Returns the complete operation list.
/// </summary>
internal static class ReferenceRevolveSequences
{
    /// <summary>revolve(l, cm) with its own get_opt_0_table.</summary>
    public static List<PlanOp> Revolve(long l, long cm, double uf, double ub)
    {
        var ops = new List<PlanOp>();
        var opt = OptTable(l, cm, uf, ub);
        RevolveRec(ops, l, cm, 0, false, uf, opt);
        return ops;
    }

    /// <summary>disk_revolve(l, cm) as DiskRevolve calls it (wd and rd exchanged, one read per disk checkpoint).</summary>
    public static List<PlanOp> DiskRevolve(long l, long cm, double uf, double ub, double wd, double rd)
    {
        var opt = OptTable(l, cm, uf, ub);
        var (first, second) = (rd, wd);
        var inf = new double[Math.Max(l + 1, 2)];
        inf[0] = ub;
        inf[1] = uf + (2 * ub);
        for (var x = 2; x <= l; x++)
        {
            inf[x] = Math.Min(opt[cm][x], DiskCandidates(x, cm, uf, first, second, inf, opt).Best);
        }

        var ops = new List<PlanOp>();
        DiskRec(ops, l, cm, 0, uf, first, second, inf, opt);
        return ops;
    }

    /// <summary>periodic_disk_revolve(l, cm) with the closed-form period.</summary>
    public static List<PlanOp> PeriodicDiskRevolve(long l, long cm, double uf, double ub, double wd, double rd)
    {
        var mx = PeriodicDiskRevolvePlanner.ComputePeriod(cm, uf, wd, rd);
        var opt = OptTable(Math.Min(mx, l) + 1, cm, uf, ub);
        var ops = new List<PlanOp>();
        long p = 0;
        while (l - p > mx)
        {
            ops.Add(PlanOp.WriteIcs(p, StorageType.Disk));
            ops.Add(PlanOp.Forward(p, p + mx));
            p += mx;
        }

        RevolveRec(ops, l - p, cm, p, false, uf, opt);
        while (p > 0)
        {
            p -= mx;
            ops.Add(PlanOp.Read(p, StorageType.Disk));
            RevolveRec(ops, mx - 1, cm, p, false, uf, opt);
        }

        return ops;
    }

    /// <summary>
    /// hrevolve(l, (c0, c1), (0, wd), (0, rd)). With <paramref name="costSwap"/> the table gets uf and ub
    /// exchanged as in the reference. l = 0 (which the reference cannot do) gives the one-step schedule.
    /// </summary>
    public static List<PlanOp> HRevolve(long l, long c0, long c1, double uf, double ub, double wd, double rd, bool costSwap)
    {
        var ops = new List<PlanOp>();
        if (l == 0)
        {
            RevolvePlanner.AdjointStep(0, ops);
            return ops;
        }

        var (tuf, tub) = costSwap ? (ub, uf) : (uf, ub);
        var h = new HTables(l, [c0, c1], [0, wd], [0, rd], tuf, tub, uf);
        h.Recurse(ops, l, 1, c1, 0);
        return ops;
    }

    /// <summary>get_opt_0_table: opt[m][l] for m = 0..mmax, l = 0..lmax.</summary>
    public static double[][] OptTable(long lmax, long mmax, double uf, double ub)
    {
        var size = (int)Math.Max(lmax + 1, 2);
        var opt = new double[mmax + 1][];
        for (var m = 0; m <= mmax; m++)
        {
            opt[m] = new double[size];
            opt[m].AsSpan().Fill(double.NaN);
            opt[m][0] = ub;
            if (m >= 1)
            {
                opt[m][1] = uf + (2 * ub);
            }
        }

        for (var x = 2; x <= lmax && mmax >= 1; x++)
        {
            opt[1][x] = ((x + 1) * ub) + ((double)((long)x * (x + 1)) / 2 * uf);
        }

        for (var m = 2; m <= mmax; m++)
        {
            for (var x = 2; x <= lmax; x++)
            {
                var best = double.PositiveInfinity;
                for (var j = 1; j < x; j++)
                {
                    best = Math.Min(best, (j * uf) + opt[m - 1][x - j] + opt[m][j - 1]);
                }

                opt[m][x] = best;
            }
        }

        return opt;
    }

    private static void RevolveRec(List<PlanOp> ops, long l, long cm, long s, bool skipWrite, double uf, double[][] opt)
    {
        if (l == 0)
        {
            RevolvePlanner.AdjointStep(s, ops);
            return;
        }

        if (l == 1)
        {
            RevolvePlanner.TwoSteps(s, !skipWrite, StorageType.Ram, ops);
            return;
        }

        if (!skipWrite)
        {
            ops.Add(PlanOp.WriteIcs(s, StorageType.Ram));
        }

        if (cm == 1)
        {
            for (var index = l - 1; index >= 0; index--)
            {
                if (index != l - 1)
                {
                    ops.Add(PlanOp.Read(s, StorageType.Ram));
                }

                ops.Add(PlanOp.Forward(s, s + index + 1));
                RevolvePlanner.AdjointStep(s + index + 1, ops);
            }

            ops.Add(PlanOp.Read(s, StorageType.Ram));
            RevolvePlanner.AdjointStep(s, ops);
            return;
        }

        var best = double.PositiveInfinity;
        long jmin = 0;
        for (long j = 1; j < l; j++)
        {
            var v = (j * uf) + opt[cm - 1][l - j] + opt[cm][j - 1];
            if (v <= best)
            {
                best = v;
                jmin = j;
            }
        }

        ops.Add(PlanOp.Forward(s, s + jmin));
        RevolveRec(ops, l - jmin, cm - 1, s + jmin, false, uf, opt);
        ops.Add(PlanOp.Read(s, StorageType.Ram));
        RevolveRec(ops, jmin - 1, cm, s, true, uf, opt);
    }

    private static (double Best, long J) DiskCandidates(long l, long cm, double uf, double first, double second, double[] inf, double[][] opt)
    {
        var best = double.PositiveInfinity;
        long jmin = 0;
        for (long j = 1; j < l; j++)
        {
            var v = first + (j * uf) + inf[l - j] + second + opt[cm][j - 1];
            if (v <= best)
            {
                best = v;
                jmin = j;
            }
        }

        return (best, jmin);
    }

    private static void DiskRec(List<PlanOp> ops, long l, long cm, long s, double uf, double first, double second, double[] inf, double[][] opt)
    {
        if (l <= 1)
        {
            RevolveRec(ops, l, cm, s, false, uf, opt);
            return;
        }

        var (best, j) = DiskCandidates(l, cm, uf, first, second, inf, opt);
        if (best < opt[cm][l])
        {
            ops.Add(PlanOp.WriteIcs(s, StorageType.Disk));
            ops.Add(PlanOp.Forward(s, s + j));
            DiskRec(ops, l - j, cm, s + j, uf, first, second, inf, opt);
            ops.Add(PlanOp.Read(s, StorageType.Disk));
            RevolveRec(ops, j - 1, cm, s, false, uf, opt);
        }
        else
        {
            RevolveRec(ops, l, cm, s, false, uf, opt);
        }
    }

    /// <summary>get_hopt_table and the hrevolve_recurse / hrevolve_aux pair, for K levels.</summary>
    private sealed class HTables
    {
        private readonly long[] _c;
        private readonly double[] _w;
        private readonly double[] _r;
        private readonly double _uf;
        private readonly double[][][] _opt;
        private readonly double[][][] _optp;

        public HTables(long lmax, long[] c, double[] w, double[] r, double tuf, double tub, double uf)
        {
            (_c, _w, _r, _uf) = (c, w, r, uf);
            var levels = c.Length;
            _opt = new double[levels][][];
            _optp = new double[levels][][];
            for (var k = 0; k < levels; k++)
            {
                _opt[k] = new double[lmax + 1][];
                _optp[k] = new double[lmax + 1][];
                for (var x = 0; x <= lmax; x++)
                {
                    _opt[k][x] = new double[c[k] + 1];
                    _optp[k][x] = new double[c[k] + 1];
                    _opt[k][x].AsSpan().Fill(double.PositiveInfinity);
                    _optp[k][x].AsSpan().Fill(double.PositiveInfinity);
                }

                for (var m = 0; m <= c[k]; m++)
                {
                    _opt[k][0][m] = tub;
                    _optp[k][0][m] = tub;
                    if (m == 0 && k == 0)
                    {
                        continue;
                    }

                    _optp[k][1][m] = tuf + (2 * tub) + r[0];
                    _opt[k][1][m] = w[0] + _optp[k][1][m];
                }
            }

            for (var x = 2; x <= lmax; x++)
            {
                _optp[0][x][1] = ((x + 1) * tub) + ((double)((long)x * (x + 1)) / 2 * tuf) + (x * r[0]);
                _opt[0][x][1] = w[0] + _optp[0][x][1];
            }

            for (var m = 2; m <= c[0]; m++)
            {
                for (var x = 2; x <= lmax; x++)
                {
                    var best = _optp[0][x][1];
                    for (var j = 1; j < x; j++)
                    {
                        best = Math.Min(best, (j * tuf) + _opt[0][x - j][m - 1] + r[0] + _optp[0][j - 1][m]);
                    }

                    _optp[0][x][m] = best;
                    _opt[0][x][m] = w[0] + best;
                }
            }

            for (var k = 1; k < levels; k++)
            {
                var below = c[k - 1];
                for (var x = 2; x <= lmax; x++)
                {
                    _opt[k][x][0] = _opt[k - 1][x][below];
                }

                for (var m = 1; m <= c[k]; m++)
                {
                    for (var x = 1; x <= lmax; x++)
                    {
                        var best = _opt[k - 1][x][below];
                        for (var j = 1; j < x; j++)
                        {
                            best = Math.Min(best, (j * tuf) + _opt[k][x - j][m - 1] + r[k] + _optp[k][j - 1][m]);
                        }

                        _optp[k][x][m] = best;
                        _opt[k][x][m] = Math.Min(_opt[k - 1][x][below], w[k] + best);
                    }
                }
            }
        }

        private static StorageType Storage(int k) => k == 0 ? StorageType.Ram : StorageType.Disk;

        public void Recurse(List<PlanOp> ops, long l, int k, long m, long s)
        {
            if (l == 0)
            {
                RevolvePlanner.AdjointStep(s, ops);
                return;
            }

            if (l == 1)
            {
                RevolvePlanner.TwoSteps(s, true, StorageType.Ram, ops);
                return;
            }

            if (k == 0)
            {
                ops.Add(PlanOp.WriteIcs(s, StorageType.Ram));
                Aux(ops, l, 0, m, s);
                return;
            }

            if (_w[k] + _optp[k][l][m] < _opt[k - 1][l][_c[k - 1]])
            {
                ops.Add(PlanOp.WriteIcs(s, Storage(k)));
                Aux(ops, l, k, m, s);
            }
            else
            {
                Recurse(ops, l, k - 1, _c[k - 1], s);
            }
        }

        private void Aux(List<PlanOp> ops, long l, int k, long m, long s)
        {
            if (l == 0)
            {
                RevolvePlanner.AdjointStep(s, ops);
                return;
            }

            if (l == 1)
            {
                var viaRam = _w[0] + _r[0] < _r[k];
                RevolvePlanner.TwoSteps(s, viaRam, viaRam ? StorageType.Ram : Storage(k), ops);
                return;
            }

            if (k == 0 && m == 1)
            {
                for (var index = l - 1; index >= 0; index--)
                {
                    if (index != l - 1)
                    {
                        ops.Add(PlanOp.Read(s, StorageType.Ram));
                    }

                    ops.Add(PlanOp.Forward(s, s + index + 1));
                    RevolvePlanner.AdjointStep(s + index + 1, ops);
                }

                ops.Add(PlanOp.Read(s, StorageType.Ram));
                RevolvePlanner.AdjointStep(s, ops);
                return;
            }

            var best = double.PositiveInfinity;
            long jmin = 0;
            for (long j = 1; j < l; j++)
            {
                var v = (j * _uf) + _opt[k][l - j][m - 1] + _r[k] + _optp[k][j - 1][m];
                if (v <= best)
                {
                    best = v;
                    jmin = j;
                }
            }

            var threshold = k == 0 ? _optp[0][l][1] : _opt[k - 1][l][_c[k - 1]];
            if (best < threshold)
            {
                ops.Add(PlanOp.Forward(s, s + jmin));
                Recurse(ops, l - jmin, k, m - 1, s + jmin);
                ops.Add(PlanOp.Read(s, Storage(k)));
                Aux(ops, jmin - 1, k, m, s);
            }
            else if (k == 0)
            {
                Aux(ops, l, 0, 1, s);
            }
            else
            {
                Recurse(ops, l, k - 1, _c[k - 1], s);
            }
        }
    }
}
