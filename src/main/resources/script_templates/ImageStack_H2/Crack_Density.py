#@ File (label = "Folder of crack photographs", style = "directory") folder
#@ String (label = "File pattern", value = "*.bmp") pattern
#@ Double (label = "Crack threshold (grey value of 255)", value = 100) threshold
#@output String densities
# A crack-density count over a load series: the fraction of pixels darker than a threshold, per plane. Matrix
# cracks are dark lines in transmitted light, so the fraction grows with the load. Prints one line per image and
# shows a results table.
from java.awt import GraphicsEnvironment
from java.nio.file import Paths
from ij.measure import ResultsTable
from org.imagestack.memory import MemoryImageStack
from org.imagestack.io import StackFiles
from org.imagestack.imagej import ImagePlusAdapter
from org.imagestack.io import ImageFiles

paths = ImageFiles.list(Paths.get(folder.getPath()), pattern)
stack = StackFiles.fromPaths(paths, "uint8", True)


def dark_fraction(img, limit):
    histogram = ImagePlusAdapter.toProcessor(img).getHistogram()
    return float(sum(histogram[:int(limit)])) / sum(histogram)

table = ResultsTable()
lines = []
for path, img in zip(paths, stack):
    fraction = dark_fraction(img, threshold)
    table.incrementCounter()
    table.addValue("image", path.getFileName().toString())
    table.addValue("crack fraction", fraction)
    lines.append("%s %.5f" % (path.getFileName().toString(), fraction))
    print(lines[-1])
densities = "\n".join(lines)
if not GraphicsEnvironment.isHeadless():
    table.show("Crack density")
