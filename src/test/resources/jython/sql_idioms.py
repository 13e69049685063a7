# What only the database stack does, from Jython. Variables set by the test: `db` (a database path), `folder` (a
# folder of PNG files), `label`.
import glob
import os
from org.imagestack import PixelType
from org.imagestack.sql import SqlImageStack
from org.imagestack.io import StackFiles
from net.imglib2.img.array import ArrayImgs


def plane(value, w=64, h=48):
    img = ArrayImgs.floats(w, h)
    for p in img:
        p.set(value)
    return img

# Python lists of strings where Java takes paths; Python ints where it takes doubles
files = sorted(glob.glob(os.path.join(folder, "*.png")))
s = StackFiles.fromPaths(files, db, "specimen", "float32", 1, True)
try:
    assert len(s) == len(files) > 2, len(s)
    before = s.cachedBytes()
    view = s[1:3]                       # lazy: no plane is read for the slice itself
    assert len(view) == 2 and s.cachedBytes() == before
    assert view.pixelType() == PixelType.FLOAT32
    assert "stack 'specimen' in" in repr(s)
    try:
        s[99]
        raise AssertionError("no IndexError")
    except IndexError:
        pass
finally:
    s.close()

# with-statement: closes the stack (unsaved changes are discarded, the saved state stays)
with SqlImageStack.loadFromDatabase(db, "specimen") as t:
    t.addImage(plane(0.5))
    t.saveState()
    t.addImage(plane(0.25))
    assert len(t) == len(files) + 2
    t.reload()
    assert len(t) == len(files) + 1
with SqlImageStack.loadFromDatabase(db, "specimen", 8) as t:
    assert len(t) == len(files) + 1
    t.changeType("uint8")
    t.saveState()
assert list(SqlImageStack.stackNames(db)) == ["specimen"]
with SqlImageStack.loadFromDatabase(db, "specimen") as t:
    assert t.pixelType() == PixelType.UINT8

print(label + ": sql idioms passed")
