#@ File (label = "Database file", style = "open") database
#@ String (label = "Stack name", value = "specimen") stack_name
#@ String (label = "Name of the difference stack", value = "specimen-diff") diff_name
# Difference between successive load steps (the seed's execute_rolling_function): plane n of the new stack is
# plane n minus plane n-1, clipped at 0, so that only what appeared between two steps remains (new cracks are
# darker, so the difference is previous - current).
from org.imagestack.sql import SqlImageStack
from org.imagestack.imagej import ProcessorFunctions


def darkening(previous, current):
    # values in [0, 1] for float stacks: max(previous - current, 0)
    out = current.copy()
    c = out.cursor()
    p = previous.cursor()
    while c.hasNext():
        c.fwd()
        p.fwd()
        c.get().setReal(max(p.get().getRealDouble() - c.get().getRealDouble(), 0.0))
    return out

stack = SqlImageStack.loadFromDatabase(database.getPath(), stack_name)
try:
    diff = stack.copy(diff_name)
    try:
        diff.executeRollingFunction(darkening, False)
        diff.saveState()
        print("%s: %d difference planes" % (diff_name, len(diff)))
    finally:
        diff.close()
finally:
    stack.close()
