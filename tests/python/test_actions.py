"""Action objects: reference text forms, container behaviour, dispatch, equality."""
from __future__ import annotations

import functools
import sys

import checkpoint_schedules as cs
import pyrevolve_net.schedules as ours
from checkpoint_schedules import Copy, EndForward, EndReverse, Forward, Move, Reverse, StorageType


def test_drop_in_module_is_ours() -> None:
    assert cs.Forward is ours.Forward and cs.Revolve is ours.Revolve
    assert set(cs.__all__) >= {"CheckpointAction", "Forward", "Reverse", "Copy", "Move", "EndForward", "EndReverse",
                               "CheckpointSchedule", "StorageType", "Revolve", "HRevolve", "DiskRevolve",
                               "PeriodicDiskRevolve", "MultistageCheckpointSchedule", "MixedCheckpointSchedule",
                               "TwoLevelCheckpointSchedule", "NoneCheckpointSchedule",
                               "SingleMemoryStorageSchedule", "SingleDiskStorageSchedule"}


def test_storage_type_values_and_text() -> None:
    assert [s.value for s in StorageType] == [0, 1, -1, None]
    assert StorageType(0) is StorageType.RAM and StorageType(None) is StorageType.NONE
    assert repr(StorageType.DISK) == str(StorageType.DISK) == "StorageType.DISK"


def test_text_forms_match_reference() -> None:
    assert str(Forward(0, 2, True, False, StorageType.RAM)) == "Forward(0, 2, True, False, StorageType.RAM)"
    assert repr(Reverse(3, 2, True)) == "Reverse(3, 2, True)"
    assert str(Copy(10, StorageType.DISK, StorageType.WORK)) == "Copy(10, StorageType.DISK, StorageType.WORK)"
    assert str(Move(5, StorageType.RAM, StorageType.WORK)) == "Move(5, StorageType.RAM, StorageType.WORK)"
    assert str(EndForward()) == "EndForward()" and str(EndReverse()) == "EndReverse()"
    assert str(Forward(sys.maxsize, sys.maxsize, False, False, StorageType.NONE)) == \
        "Forward(sys.maxsize, sys.maxsize, False, False, StorageType.NONE)"


def test_containers() -> None:
    f = Forward(2, 5, False, True, StorageType.WORK)
    assert list(f) == [2, 3, 4] and len(f) == 3 and 4 in f and 5 not in f
    r = Reverse(5, 2, True)
    assert list(r) == [4, 3, 2] and len(r) == 3 and 2 in r and 5 not in r
    assert r.n1 == 5 and r.n0 == 2 and r.args == (5, 2, True)


def test_equality_and_hash_are_by_kind_and_arguments() -> None:
    assert Forward(0, 1, False, True, StorageType.WORK) == Forward(0, 1, False, True, StorageType.WORK)
    assert Copy(1, StorageType.RAM, StorageType.WORK) != Move(1, StorageType.RAM, StorageType.WORK)
    assert len({Reverse(2, 1, True), Reverse(2, 1, True), EndReverse()}) == 2
    assert Forward(0, 1, False, True, StorageType.WORK) != "Forward"


def test_single_dispatch_on_action_classes() -> None:
    @functools.singledispatch
    def kind(action):
        raise TypeError(action)

    @kind.register(Forward)
    def _(action):
        return "forward"

    @kind.register(Reverse)
    def _(action):
        return "reverse"

    @kind.register(cs.CheckpointAction)
    def _(action):
        return "other"

    schedule = cs.SingleMemoryStorageSchedule()
    seen = []
    for action in schedule:
        seen.append(kind(action))
        if isinstance(action, Forward):
            schedule.finalize(3)
        if isinstance(action, EndReverse):
            break
    assert seen == ["forward", "other", "reverse", "other"]
