using PyRevolveNet.Schedules;

namespace PyRevolveNet.Execution;

/// <summary>One classic Revolve answer with the counters that describe it.</summary>
internal readonly record struct ClassicStep(ClassicAction Action, int Capo, int OldCapo, int Check);
