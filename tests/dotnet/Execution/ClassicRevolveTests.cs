using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Execution;

/// <summary>The classic Revolve object against the spec's recorded sequence and helper values.</summary>
public class ClassicRevolveTests
{
    [Fact]
    public void Reproduces_the_n10_s3_sequence()
    {
        const string expected = "takeshot 0 0 0, advance 4 0 0, takeshot 4 4 1, advance 7 4 1, takeshot 7 7 2, "
            + "advance 9 7 2, firstrun 9 9 2, restore 7 9 2, advance 8 7 2, youturn 8 8 2, restore 7 8 2, "
            + "youturn 7 7 1, restore 4 7 1, advance 5 4 1, takeshot 5 5 2, advance 6 5 2, youturn 6 6 2, "
            + "restore 5 6 2, youturn 5 5 1, restore 4 5 1, youturn 4 4 0, restore 0 4 0, advance 1 0 0, "
            + "takeshot 1 1 1, advance 2 1 1, takeshot 2 2 2, advance 3 2 2, youturn 3 3 2, restore 2 3 2, "
            + "youturn 2 2 1, restore 1 2 1, youturn 1 1 0, restore 0 1 0, youturn 0 0 -1, terminate 0 0 -1";
        var r = new ClassicRevolve(3, 10);
        Assert.Equal(0, r.Info);
        var seen = new List<string>();
        ClassicAction a;
        do
        {
            a = r.Next();
            seen.Add($"{a.ToString().ToLowerInvariant()} {r.Capo} {r.OldCapo} {r.Check}");
        }
        while (a != ClassicAction.Terminate);
        Assert.Equal(expected, string.Join(", ", seen));
        Assert.Equal(3, r.Info);
    }

    [Theory]
    [InlineData(1000, 10, 714)]
    [InlineData(100000, 10, 48620)]
    public void Action_counts_match_the_reference(int n, int c, int takeshots)
    {
        var r = new ClassicRevolve(c, n);
        int advance = 0, restore = 0, youturn = 0, firstrun = 0, advanced = 0;
        ClassicAction a;
        while ((a = r.Next()) != ClassicAction.Terminate)
        {
            switch (a)
            {
                case ClassicAction.Advance:
                    advance++;
                    advanced += r.Capo - r.OldCapo;
                    break;
                case ClassicAction.Restore:
                    restore++;
                    break;
                case ClassicAction.Youturn:
                    youturn++;
                    break;
                case ClassicAction.Firstrun:
                    firstrun++;
                    break;
                case ClassicAction.Error:
                    Assert.Fail("error");
                    break;
            }
        }

        Assert.Equal(n - 1, advance);
        Assert.Equal(n - 1, restore);
        Assert.Equal(n - 1, youturn);
        Assert.Equal(1, firstrun);
        Assert.Equal(takeshots, r.Takeshots);
        Assert.Equal(ClassicRevolve.NumForw(n, c), advanced);
        Assert.Equal(advanced, r.Advances);
    }

    [Theory]
    [InlineData(30, 4)]
    [InlineData(10000, 8)]
    [InlineData(3, 2)]
    public void Adjust_matches_the_reference(int steps, int snaps) => Assert.Equal(snaps, ClassicRevolve.Adjust(steps));

    [Fact]
    public void Helpers_match_the_reference()
    {
        Assert.Equal(10, ClassicRevolve.MaxRange(2, 3));
        Assert.Equal(-1, ClassicRevolve.MaxRange(-1, 3));
        Assert.Equal(int.MaxValue, ClassicRevolve.MaxRange(100, 100));
        Assert.Equal(1.5, ClassicRevolve.Expense(10, 3));
        Assert.Equal(3.636, ClassicRevolve.Expense(1000, 10), 3);
        Assert.Equal(-1, ClassicRevolve.NumForw(10, 0));
        Assert.Equal(-1, ClassicRevolve.Expense(0, 3));
    }

    [Fact]
    public void Zero_steps_terminate_at_once_and_one_step_is_firstrun()
    {
        Assert.Equal(ClassicAction.Terminate, new ClassicRevolve(3, 0).Next());
        var r = new ClassicRevolve(1, 1);
        Assert.Equal(ClassicAction.Firstrun, r.Next());
        Assert.Equal(ClassicAction.Terminate, r.Next());
    }

    [Theory]
    [InlineData(0, 10, "snapshots")]
    [InlineData(-3, 10, "snapshots")]
    [InlineData(10001, 10, "snapshots")]
    [InlineData(3, -1, "steps")]
    public void Bad_input_is_refused_naming_the_parameter(int snaps, int steps, string parameter)
    {
        var e = Assert.Throws<ScheduleParameterException>(() => new ClassicRevolve(snaps, steps));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
    }
}
