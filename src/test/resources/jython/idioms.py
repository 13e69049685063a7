# The seed's Python idioms on our stacks, in Jython 2.7. Variables set by the test: `Stack` (a function
# making a new empty stack of a given type name) and `label` (which backend).
import functools
from net.imglib2.img.array import ArrayImgs
from org.imagestack import PixelType, ImageStack


def plane(value, w=4, h=3):
    img = ArrayImgs.floats(w, h)
    for p in img:
        p.set(value)
    return img


def first(img):
    return img.firstElement().getRealDouble()


s = Stack("float32")
for v in [0.0, 0.1, 0.2, 0.3, 0.4]:
    s.addImage(plane(v))

assert len(s) == 5
assert abs(first(s[0]) - 0.0) < 1e-7 and abs(first(s[-1]) - 0.4) < 1e-6
assert isinstance(s[1:3], ImageStack)
sub = s[1:3]
assert len(sub) == 2 and sub.pixelType() == PixelType.FLOAT32
assert abs(first(sub[0]) - 0.1) < 1e-6 and abs(first(sub[-1]) - 0.2) < 1e-6
ev = s[::2]
assert [round(first(i), 3) for i in ev] == [0.0, 0.2, 0.4]
assert [round(first(i), 3) for i in s[::-1]] == [0.4, 0.3, 0.2, 0.1, 0.0]
assert [round(first(i), 3) for i in s] == [0.0, 0.1, 0.2, 0.3, 0.4]
x = s[2]
assert x in s

# conversion on the way in: a uint8 image becomes float32 / 255
u = ArrayImgs.unsignedBytes(4, 3)
for p in u:
    p.set(255)
s[0] = u
assert first(s[0]) == 1.0

# slice assignment must match in length, as in the seed
s[1:3] = [plane(0.5), plane(0.6)]
assert round(first(s[1]), 3) == 0.5 and round(first(s[2]), 3) == 0.6
try:
    s[1:3] = [plane(0.5)]
    raise AssertionError("length mismatch accepted")
except ValueError as e:
    assert "1 images provided to override 2 images" in str(e), str(e)

# errors Python code can catch
try:
    s[10]
    raise AssertionError("no IndexError")
except IndexError:
    pass
try:
    s["a"]
    raise AssertionError("no TypeError")
except TypeError:
    pass

del s[0]
assert len(s) == 4
del s[-1]
assert len(s) == 3
s.append(plane(0.9))
popped = s.pop()
assert round(first(popped), 3) == 0.9 and len(s) == 3
del s[0:2]
assert len(s) == 1
assert repr(s).startswith("ImageStack: 1 image, float32"), repr(s)

# the seed's methods, with type names as strings
s.addImage(plane(0.25))
s.addImage(plane(0.75))
s.removeImage()
s.removeImage(-2)
assert len(s) == 1 and round(first(s[0]), 3) == 0.25
c = s.copy()
c.changeType("uint8")
assert c.pixelType() == PixelType.UINT8 and s.pixelType() == PixelType.FLOAT32
assert first(c[0]) == 64  # rint(0.25 * 255) = 64


# executeFunction with plain Python functions
def double(img):
    for p in img:
        p.mul(2.0)
    return img

s = Stack("float32")
for v in [0.1, 0.2, 0.3]:
    s.addImage(plane(v))
s.executeFunction(double)
assert [round(first(i), 3) for i in s] == [0.2, 0.4, 0.6]
s.executeFunction(lambda img: double(img))
assert [round(first(i), 3) for i in s] == [0.4, 0.8, 1.2]


def scale(img, factor=1.0):
    for p in img:
        p.mul(factor)
    return img

s.executeFunction(functools.partial(scale, factor=0.5))
assert [round(first(i), 3) for i in s] == [0.2, 0.4, 0.6]
s.executeFunction(lambda img: scale(img, 0.5), True)
assert [round(first(i), 3) for i in s] == [0.1, 0.2, 0.3]


def in_place(img):
    for p in img:
        p.add(p.copy())
s.executeFunction(in_place)  # None: changed in place
assert [round(first(i), 3) for i in s] == [0.2, 0.4, 0.6]


def diff(prev, cur):
    out = cur.copy()
    c = out.cursor()
    pc = prev.cursor()
    while c.hasNext():
        c.fwd(); pc.fwd()
        c.get().sub(pc.get())
    return out

r = s.copy()
r.executeRollingFunction(diff, False)
assert len(r) == 2 and [round(first(i), 3) for i in r] == [0.2, 0.2]
k = s.copy()
k.executeRollingFunction(lambda a, b: diff(a, b), True)
assert len(k) == 3 and [round(first(i), 3) for i in k] == [0.2, 0.2, 0.2]

print(label + ": all idioms passed")
