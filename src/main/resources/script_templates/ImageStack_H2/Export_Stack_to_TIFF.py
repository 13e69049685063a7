#@ File (label = "Database file", style = "open") database
#@ String (label = "Stack name", value = "specimen") stack_name
#@ File (label = "Output folder", style = "directory") output
# Writes every plane of a database stack as a TIFF file (plane-0001.tif, ...), one plane at a time.
import os
from ij import ImagePlus
from ij.io import FileSaver
from org.imagestack.sql import SqlImageStack
from org.imagestack.imagej import ImagePlusAdapter

stack = SqlImageStack.loadFromDatabase(database.getPath(), stack_name)
try:
    for n, plane in enumerate(stack):
        imp = ImagePlus("%s-%04d" % (stack_name, n + 1), ImagePlusAdapter.toProcessor(plane))
        path = os.path.join(output.getPath(), "plane-%04d.tif" % (n + 1))
        if not FileSaver(imp).saveAsTiff(path):
            raise IOError("could not write " + path)
    print("exported %d planes of %s to %s" % (len(stack), stack_name, output))
finally:
    stack.close()
