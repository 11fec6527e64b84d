using System.Runtime.CompilerServices;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Interop;

/// <summary>
/// How each schedule made through the ABI was built, so a revolver given its handle can make fresh copies for
/// predictions (dry runs consume a schedule).
/// </summary>
internal static class ScheduleRecipes
{
    private static readonly ConditionalWeakTable<CheckpointSchedule, Recipe> s_recipes = [];

    public static void Remember(CheckpointSchedule schedule, ScheduleKind kind, ReadOnlySpan<long> ints, ReadOnlySpan<double> reals) =>
        s_recipes.AddOrUpdate(schedule, new Recipe(kind, ints.ToArray(), reals.ToArray()));

    /// <summary>A factory returning <paramref name="schedule"/> first, then fresh equivalents.</summary>
    public static Func<CheckpointSchedule> FactoryFor(CheckpointSchedule schedule)
    {
        if (!s_recipes.TryGetValue(schedule, out var recipe))
        {
            throw new ArgumentException("the schedule was not made by ScheduleCreate");
        }

        var first = true;
        return () =>
        {
            if (first)
            {
                first = false;
                return schedule;
            }

            return ScheduleFactory.Create(recipe.Kind, recipe.Ints, recipe.Reals);
        };
    }

    private sealed record Recipe(ScheduleKind Kind, long[] Ints, double[] Reals);
}
