"""Planes between Java and numpy, one copy each way.

Reading: numpy allocates the array, Java copies the plane's cells straight into its memory
(``org.imagestack.cpython.NumpyPlanes.read``) through a direct ``ByteBuffer`` over it. JPype's
``convertToDirectBuffer`` keeps the object it wraps alive until Java's garbage collector frees the buffer, which
may be never in a quiet JVM (470 MB of numpy arrays after 30 planes); so the buffer wraps a ctypes array over the
numpy array's memory instead, which owns nothing and holds no reference to the numpy array. The buffer is used
only during the one Java call, while the numpy array is alive.

Writing: Java makes a plane of the array's own type and copies the array's bytes into it
(``NumpyPlanes.image``); the stack then converts it with scikit-image's rules when its type differs, as CrackDect's
``_fast_convert`` does.
"""
import ctypes

import jpype
import jpype.nio
import numpy as np

from ._jvm import jclass

#: numpy's names of the eleven pixel types a stack can hold
DTYPES = ('bool', 'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64')

_numpy_planes = None


def _np():
    global _numpy_planes
    if _numpy_planes is None:
        _numpy_planes = jclass('org.imagestack.cpython.NumpyPlanes')
    return _numpy_planes


def dtype_name(dtype):
    """numpy's name of a stack's pixel type: np.float32, 'float32', np.dtype('float32'), bool, float, ...

    Raises ValueError for a type a stack cannot hold (float16, complex64, object, ...).
    """
    try:
        name = np.dtype(dtype).name
    except TypeError:
        raise ValueError('Not a pixel type: %r; a stack holds one of %s' % (dtype, ', '.join(DTYPES))) from None
    if name not in DTYPES:
        raise ValueError('A stack cannot hold %s pixels; it holds one of %s' % (name, ', '.join(DTYPES)))
    return name


def direct_buffer(a):
    """A Java direct ByteBuffer over a C-contiguous numpy array's memory that does not keep the array alive.

    Use it only while ``a`` is alive (for the length of one Java call).
    """
    raw = (ctypes.c_char * a.nbytes).from_address(a.ctypes.data)
    return jpype.nio.convertToDirectBuffer(memoryview(raw).cast('B'))


def to_numpy(plane):
    """A new numpy array holding a Java plane's pixels (H x W, or H x W x C for colour), of the plane's type."""
    planes = _np()
    a = np.empty(tuple(planes.shape(plane)), dtype=str(planes.dtype(plane)))
    if a.size:
        planes.read(plane, direct_buffer(a))
    return a


def to_java(img):
    """A Java plane holding a copy of an image (a numpy array or anything ``np.asarray`` takes).

    Its type is the array's own (float16 is widened to float32 first, exactly); the stack converts it to its type.
    """
    a = np.asarray(img)
    if a.dtype == np.float16:
        a = a.astype(np.float32)
    if a.dtype.name not in DTYPES:
        raise ValueError('An image of %s pixels cannot go into a stack (one of %s)' % (a.dtype, ', '.join(DTYPES)))
    if a.ndim not in (2, 3):
        raise ValueError('An image must be 2D (H, W) or colour (H, W, C); got shape %s' % (a.shape,))
    if not a.dtype.isnative:
        a = a.astype(a.dtype.newbyteorder('='))
    a = np.ascontiguousarray(a)  # copies only an array that is not C-contiguous already
    if a.size == 0:
        raise ValueError('An image must have pixels; got shape %s' % (a.shape,))
    return _np().image(a.dtype.name, jpype.JArray(jpype.JLong)(a.shape), direct_buffer(a))


def nbytes(plane):
    return int(_np().nbytes(plane))
