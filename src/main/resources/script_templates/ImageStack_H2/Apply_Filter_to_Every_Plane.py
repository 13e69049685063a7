#@ File (label = "Database file", style = "open") database
#@ String (label = "Stack name", value = "specimen") stack_name
#@ Double (label = "Gaussian sigma (pixels)", value = 2.0) sigma
#@ Boolean (label = "Use all cores", value = true) parallel
# Runs an ImageJ filter on every plane of a database stack with a bounded memory (the seed's execute_function)
# and saves the result. The function gets an ImageJ ImageProcessor; returning None means "changed in place".
from org.imagestack.sql import SqlImageStack
from org.imagestack.imagej import ProcessorFunctions


def blur(ip):
    ip.blurGaussian(sigma)

stack = SqlImageStack.loadFromDatabase(database.getPath(), stack_name)
try:
    stack.executeFunction(ProcessorFunctions.wrap(blur), parallel)
    stack.saveState()
    print("blurred %d planes of %s with sigma %.2f" % (len(stack), stack_name, sigma))
finally:
    stack.close()
