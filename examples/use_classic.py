"""The classic Revolve loop (pyrevolve's crevolve interface): the driver asks Revolve what to do next.

A toy "model" counts steps: the primal adds 1 per step, the adjoint adds 1 per reversed step, so both end at
the number of steps. An ASCII picture shows each advance (>) and each adjoint step (<).
Run: .venv/bin/python examples/use_classic.py
"""
import pyrevolve.crevolve as cr

steps = 30
snapshots = cr.adjust(steps)
revolve = cr.CRevolve(snapshots, steps)
slots = [None] * snapshots  # one saved state per checkpoint slot

state = 0          # primal state: steps taken so far
adjoint = 0        # adjoint state: steps reversed so far
final_state = None


def advance(start, stop, value):
    print((">" * (stop - start)).rjust(stop))
    return value + (stop - start)


def reverse_step(at, value):
    print("<".rjust(at + 1))
    return value + 1


while True:
    action = revolve.revolve()
    if action is cr.Action.advance:
        state = advance(revolve.oldcapo, revolve.capo, state)
    elif action is cr.Action.takeshot:
        slots[revolve.check] = state
    elif action is cr.Action.restore:
        state = slots[revolve.check]
    elif action is cr.Action.firstrun:
        final_state = advance(steps - 1, steps, state)
        adjoint = reverse_step(state, adjoint)
    elif action is cr.Action.youturn:
        adjoint = reverse_step(state, adjoint)
    elif action is cr.Action.terminate:
        break

print(f"u={final_state}, v={adjoint}")
