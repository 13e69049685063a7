#@ String (label = "Database (file or jdbc: URL, no password)") database
#@ String (label = "Stack name", value = "specimen") stack_name
#@ String (label = "Job name (the same for every worker)", value = "blur") job
#@ Double (label = "Gaussian sigma (pixels)", value = 2.0) sigma
# One worker of a distributed map. Start this script in as many Fiji instances as you like, at once (on a cluster:
# one per array task, headless); each claims planes of the stack, blurs them and stores them, until the whole job is
# done. The result is the same as Apply Filter to Every Plane, each plane blurred exactly once, even when a worker
# dies (its plane is taken over when its lease runs out). Running it again for a finished job does nothing.
from org.imagestack.sql import SqlImageStack
from org.imagestack.imagej import ProcessorFunctions


def blur(ip):
    ip.blurGaussian(sigma)

mine = SqlImageStack.mapDistributed(database, stack_name, job, ProcessorFunctions.wrap(blur))
print("this worker blurred %d planes; job %s: %s planes done" % (mine, job,
                                                                 SqlImageStack.jobProgress(database, stack_name, job)))
