#@ File (label = "Image folder", style = "directory") folder
#@ String (label = "File pattern", value = "*.bmp") pattern
#@ File (label = "Database file", style = "save") database
#@ String (label = "Stack name", value = "specimen") stack_name
#@ String (label = "Pixel type", choices = {"float32", "uint8", "uint16", "float64", "bool"}) pixel_type
#@ Integer (label = "Memory budget (MB)", value = 256) budget
#@ Boolean (label = "Convert colour to grey", value = true) as_gray
# Reads every image of a folder (natural order: img2 before img10) into a named stack of an H2 database,
# one file at a time (the seed's ImageStackSQL.from_paths), and saves it.
from java.nio.file import Paths
from org.imagestack.sql import SqlImageStack
from org.imagestack.io import StackFiles
from org.imagestack.io import ImageFiles

paths = ImageFiles.list(Paths.get(folder.getPath()), pattern)
if not paths:
    raise ValueError("no file matches %s in %s" % (pattern, folder))
stack = StackFiles.fromPaths(paths, database.getPath(), stack_name, pixel_type, budget, as_gray)
try:
    stack.saveState()
    print("ingested %d images into %s" % (len(stack), stack))
finally:
    stack.close()
