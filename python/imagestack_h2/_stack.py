"""CrackDect's ImageStack and ImageStackSQL over ImageStack-H2's Java stacks."""
import contextlib
import datetime
import sys

import jpype
import numpy as np

from . import _jvm
from ._errors import StaleSliceError, java_errors, translate
from ._planes import dtype_name, nbytes, to_java, to_numpy


def _index(i):
    if hasattr(i, '__index__') and not isinstance(i, (bool, np.bool_)):
        return i.__index__()
    return None


@jpype.JImplements('org.imagestack.PlaneFunction', deferred=True)
class _PlaneFunction:
    """A Python function of a numpy array as Java's PlaneFunction: the plane comes as a new array; the function
    returns an image (any type: the stack converts it) or None after changing the array in place."""

    def __init__(self, func, args, kwargs):
        self.func, self.args, self.kwargs = func, args, kwargs

    @jpype.JOverride
    def apply(self, image):
        a = to_numpy(image)
        out = self.func(a, *self.args, **self.kwargs)
        return to_java(a if out is None else out)


@jpype.JImplements('org.imagestack.RollingFunction', deferred=True)
class _RollingFunction:
    """``func(previous, current)`` as Java's RollingFunction (None: ``current`` was changed in place)."""

    def __init__(self, func, args, kwargs):
        self.func, self.args, self.kwargs = func, args, kwargs

    @jpype.JOverride
    def apply(self, previous, current):
        b = to_numpy(current)
        out = self.func(to_numpy(previous), b, *self.args, **self.kwargs)
        return to_java(b if out is None else out)


def _run_map(call):
    """Runs a Java map; an exception the Python function raised comes out as itself, not wrapped."""
    try:
        return call()
    except jpype.JException as e:
        cause = e
        while cause is not None:  # JPype wraps a Python exception raised in a proxy into a Java one
            py = getattr(cause, '__cause__', None)
            if isinstance(py, BaseException) and not isinstance(py, jpype.JException):
                raise py from None
            cause = cause.getCause() if isinstance(cause, jpype.JException) else None
        raise translate(e) from None


class _Planes:
    """What stacks and slices share: CrackDect's sequence protocol over numpy arrays."""

    # -- to implement --
    def _size(self): raise NotImplementedError
    def _get(self, i): raise NotImplementedError        # the Java plane at a non-negative index
    def _set(self, i, jimg): raise NotImplementedError  # replace the plane at a non-negative index

    def _jstack(self): raise NotImplementedError        # the Java stack holding the planes

    def _resolve(self, i):
        n = self._size()
        j = i + n if i < 0 else i
        if j < 0 or j >= n:
            raise IndexError('Index %d out of range for a stack of %d images' % (i, n))
        return j

    @java_errors
    def __len__(self):
        return self._size()

    @java_errors
    def __getitem__(self, i):
        """``s[i]``: a new numpy array (a copy: edit it and assign it back, or use :meth:`edit`); ``s[a:b:c]``: a
        view of those planes (see :class:`StackSlice`)."""
        k = _index(i)
        if k is not None:
            return to_numpy(self._get(self._resolve(k)))
        if isinstance(i, slice):
            return self._slice(range(self._size())[i])
        raise TypeError('slicing must be with an int or slice object')

    @java_errors
    def __setitem__(self, i, value):
        """``s[i] = image`` replaces a plane (converted to the stack's type); ``s[a:b] = images`` needs as many images
        as the slice selects."""
        k = _index(i)
        if k is not None:
            j = self._resolve(k)
            self._set(j, to_java(value))
            return
        if isinstance(i, slice):
            targets = range(self._size())[i]
            value = list(value) if not isinstance(value, (list, tuple)) else value
            if len(value) != len(targets):
                raise ValueError('{} images provided to override {} images!'.format(len(value), len(targets)))
            images = [to_java(v) for v in value]
            for j, img in zip(targets, images):
                self._set(j, img)
            return
        raise TypeError('indices must be an int or a slice')

    def __iter__(self):
        # as a list's iterator: planes added or removed meanwhile count
        i = 0
        while i < len(self):
            yield self[i]
            i += 1

    def __reversed__(self):
        for i in range(len(self) - 1, -1, -1):
            yield self[i]

    @contextlib.contextmanager
    def edit(self, i):
        """Edit a plane in place: ``with s.edit(0) as a: a[a > 0.5] = 1`` writes the array back at the end of the
        block (not when the block raises)."""
        a = self[i]
        yield a
        self[i] = a

    @property
    def dtype(self):
        """The stack's pixel type, as a numpy scalar type (``np.float32``)."""
        return np.dtype(self._dtype_name()).type

    @java_errors
    def _dtype_name(self):
        return str(self._jstack().pixelType().numpyName())

    def _slice(self, indices):
        return StackSlice(self._root(), [self._root_index(j) for j in indices])

    def _root(self): return self
    def _root_index(self, j): return j

    def shape(self, i):
        """``s[i].shape`` without copying the plane's pixels."""
        from ._planes import _np
        return tuple(int(d) for d in _np().shape(self._get(self._resolve(i))))


class _Stack(_Planes):
    """A whole stack (memory or database)."""

    def __init__(self, jstack):
        self._j = jstack
        self._generation = 0  # planes added or removed: slices taken before are stale

    def _changed(self):
        self._generation += 1

    def _size(self):
        return self._j.size()

    def _get(self, i):
        return self._j.get(i)

    def _set(self, i, jimg):
        self._j.set(i, jimg)

    def _jstack(self):
        return self._j

    @property
    def java(self):
        """The Java stack itself (``org.imagestack.ImageStack``), for the Java API."""
        return self._j

    @java_errors
    def __delitem__(self, i):
        k = _index(i)
        if k is not None:
            self._changed()
            self._j.removeImage(int(k))  # the stack's own method: JPype's List.remove(int) wrapper recursed forever
            return
        if isinstance(i, slice):
            self._changed()
            for j in sorted(range(self._size())[i], reverse=True):
                self._j.removeImage(j)
            return
        raise TypeError('indices must be an int or a slice')

    @java_errors
    def add_image(self, img):
        """Adds an image (a numpy array), converted to the stack's type with scikit-image's rules."""
        jimg = to_java(img)
        self._changed()
        self._j.addImage(jimg)

    @java_errors
    def remove_image(self, i=-1):
        """Removes the image at an index (default the last; negative counts from the end)."""
        self._changed()
        self._j.removeImage(int(i))

    @java_errors
    def change_dtype(self, dtype):
        """Converts every plane to another type (scikit-image's rules), all or nothing."""
        self._j.changeType(dtype_name(dtype))

    def execute_function(self, func, *args, parallel=False, **kwargs):
        """Replaces every plane with ``func(plane, *args, **kwargs)``, converted to the stack's type; all or nothing.

        ``func`` gets each plane as a new numpy array and returns an image (or None after changing the array in
        place). ``parallel=True`` runs the planes on all cores: Python code runs one call at a time (the GIL), so it
        pays off when ``func`` spends its time in numpy/scipy/scikit-image code that releases the GIL, and for the
        copies, conversions and storing that Java does around each call.
        """
        f = _PlaneFunction(func, args, kwargs)
        _run_map(lambda: self._j.executeFunction(f, bool(parallel)))

    def execute_rolling_function(self, func, keep_first=False, *args, parallel=False, **kwargs):
        """Plane n becomes ``func(plane n-1, plane n, *args, **kwargs)`` (the planes as before the call); plane 0 is
        then removed unless ``keep_first``. All or nothing; ``parallel`` as for :meth:`execute_function`."""
        f = _RollingFunction(func, args, kwargs)
        if not keep_first:
            self._changed()
        _run_map(lambda: self._j.executeRollingFunction(f, bool(keep_first), bool(parallel)))

    @property
    @java_errors
    def nbytes(self):
        """Bytes of pixels held in memory (a database stack: the cells it holds cached now)."""
        return int(self._j.nbytes())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def close(self):
        pass

    @java_errors
    def __repr__(self):
        return 'ImageStack: {}images, {}'.format(len(self), self._dtype_name())


class ImageStack(_Stack):
    """CrackDect's ImageStack: every plane in the JVM's memory (``org.imagestack.memory.MemoryImageStack``).

    Parameters
    ----------
    dtype: optional, default np.float32
        the type every image is converted to (bool, uint8 ... uint64, int8 ... int64, float32, float64)
    """

    @java_errors
    def __init__(self, dtype=np.float32, _java=None):
        if _java is None:
            _java = _jvm.jclass('org.imagestack.memory.MemoryImageStack')(dtype_name(dtype))
        super().__init__(_java)

    @classmethod
    def from_paths(cls, paths, dtype=None, **kwargs):
        """Reads images with ``skimage.io.imread(path, **kwargs)`` (e.g. ``as_gray=True``) into a new stack of
        ``dtype`` (default: the first image's)."""
        from skimage.io import imread
        first = imread(paths[0], **kwargs)
        stack = cls(first.dtype if dtype is None else dtype)
        stack.add_image(first)
        for p in paths[1:]:
            stack.add_image(imread(p, **kwargs))
        return stack

    @java_errors
    def copy(self):
        """An independent stack with the same planes (shared copy-on-write in Java: cheap)."""
        return ImageStack(_java=self._j.copy())


def _generated_name(database):
    jsql = _jvm.jclass('org.imagestack.sql.SqlImageStack')
    try:
        taken = {str(n) for n in jsql.stackNames(database)}
    except jpype.JException:
        taken = set()
    base = 'stack-' + datetime.datetime.now().strftime('%Y%m%d-%H%M%S')
    name, n = base, 1
    while name in taken:
        n += 1
        name = '%s-%d' % (base, n)
    return name


class ImageStackSQL(_Stack):
    """CrackDect's ImageStackSQL: a named stack in a database (``org.imagestack.sql.SqlImageStack``): an H2 file
    (``database`` is a path; H2 adds ``.mv.db``) or any URL the Java side takes (``jdbc:h2:tcp://...``,
    ``jdbc:postgresql://...``). Its planes are held as cells, at most ``max_size_mb`` of them in memory.

    ``ImageStackSQL(database, stack_name, dtype, max_size_mb)`` creates a new stack (committed at once; an existing
    name is a ValueError); :meth:`load_from_database` opens one. Changes are kept in one open transaction until
    :meth:`save_state`; :meth:`reload` returns to the last save; :meth:`close` (or the end of a ``with`` block, or
    the interpreter's exit) discards unsaved changes.

    Parameters
    ----------
    database: str
        path or URL (default ``imagestack`` in the working directory)
    stack_name: str
        the new stack's name (default ``stack-<date>-<time>``)
    dtype: default np.float32
    max_size_mb: float, optional
        megabytes of cells held in memory at most (default: a quarter of the JVM's heap)
    cache_limit:
        accepted for CrackDect's signature and ignored: the Java side watches its own heap instead of the system's
        memory
    """

    @java_errors
    def __init__(self, database='', stack_name='', dtype=np.float32, max_size_mb=None, cache_limit=80, _java=None):
        if _java is None:
            jsql = _jvm.jclass('org.imagestack.sql.SqlImageStack')
            database = database or str(jsql.DEFAULT_DATABASE)
            stack_name = stack_name or _generated_name(database)
            _java = jsql.create(database, stack_name, dtype_name(dtype), float(max_size_mb or 0))
        super().__init__(_java)
        _jvm.track(self)

    @classmethod
    @java_errors
    def load_from_database(cls, database='', stack_name='', max_size_mb=None):
        """Opens a saved stack (KeyError, a :class:`NoSuchStackError`, when there is none of that name; a
        :class:`NoSuchDatabaseError`, a FileNotFoundError, when there is no such database)."""
        jsql = _jvm.jclass('org.imagestack.sql.SqlImageStack')
        database = database or str(jsql.DEFAULT_DATABASE)
        return cls(_java=jsql.loadFromDatabase(database, stack_name, float(max_size_mb or 0)))

    @classmethod
    def from_paths(cls, paths, database='', stack_name='', dtype=None, max_size_mb=None, cache_limit=80, **kwargs):
        """Reads images with ``skimage.io.imread(path, **kwargs)`` into a new stack, saved at the end: all or
        nothing (an image that cannot be read leaves no stack behind)."""
        from skimage.io import imread
        jsql = _jvm.jclass('org.imagestack.sql.SqlImageStack')
        database = database or str(jsql.DEFAULT_DATABASE)
        first = imread(paths[0], **kwargs)
        name = stack_name or _generated_name(database)
        try:
            j = jsql.createUnsaved(database, name,
                                   jclass_pixel_type(dtype_name(first.dtype if dtype is None else dtype)),
                                   float(max_size_mb or 0))
        except jpype.JException as e:
            raise translate(e) from None
        stack = cls(_java=j)
        try:
            stack.add_image(first)
            for p in paths[1:]:
                stack.add_image(imread(p, **kwargs))
            stack.save_state()
        except BaseException:
            stack.close()
            raise
        return stack

    @property
    @java_errors
    def stack_name(self):
        return str(self._j.name())

    @property
    @java_errors
    def database(self):
        return str(self._j.database())

    @java_errors
    def save_state(self):
        """Makes every change since the last save durable, in one transaction."""
        self._j.saveState()

    @java_errors
    def reload(self):
        """Discards the changes since the last save."""
        self._changed()
        self._j.reload()

    relaod = reload  # CrackDect's spelling

    @property
    @java_errors
    def has_unsaved_changes(self):
        return bool(self._j.hasUnsavedChanges())

    @java_errors
    def copy(self, stack_name=''):
        """Saves this stack, then copies it inside the database (no pixel passes through Python) under a new name
        (default ``<name>-copy-<time>``); returns the copy, open."""
        j = self._j.copy(stack_name) if stack_name else self._j.copy()
        return ImageStackSQL(_java=j)

    @property
    def closed(self):
        return bool(self._j.isClosed())

    @java_errors
    def close(self):
        """Closes the stack (unsaved changes are discarded; closing twice does nothing)."""
        if not jpype.isJVMStarted():
            return
        self._changed()
        self._j.close()

    def _close_at_exit(self):
        if not self._j.isClosed() and self._j.hasUnsavedChanges():
            sys.stderr.write('imagestack_h2: %s closed at exit, its unsaved changes discarded\n' % self._j)
        self._j.close()

    @java_errors
    def __repr__(self):
        return str(self._j.toString())


def jclass_pixel_type(name):
    return _jvm.jclass('org.imagestack.PixelType').parse(name)


class StackSlice(_Planes):
    """``s[a:b:c]``: a view of some planes of a stack, by position, as numpy's slices are views.

    Reading a plane reads the stack's plane now; ``view[k] = image`` replaces the stack's plane; nothing is copied
    when the slice is made (a slice of a database stack loads nothing). Its length is fixed: adding or removing
    planes goes through the stack. Once planes were added to or removed from the stack (or it was reloaded or
    closed), the slice no longer says which planes it meant: any use of it is a :class:`StaleSliceError` (slice
    again). :meth:`copy` detaches it as an independent in-memory :class:`ImageStack` (CrackDect's slices are such
    copies).
    """

    def __init__(self, parent, indices):
        self._parent = parent
        self._indices = list(indices)
        self._generation = parent._generation

    def _check(self):
        if self._generation != self._parent._generation:
            raise StaleSliceError('Planes were added to or removed from the stack since this slice was taken '
                                  '(or it was reloaded or closed): slice the stack again')

    def _size(self):
        self._check()
        return len(self._indices)

    def _get(self, i):
        self._check()
        return self._parent._get(self._indices[i])

    def _set(self, i, jimg):
        self._check()
        self._parent._set(self._indices[i], jimg)

    def _jstack(self):
        return self._parent._j

    def _root(self):
        return self._parent

    def _root_index(self, j):
        return self._indices[j]

    def __delitem__(self, i):
        raise TypeError('A slice is a view of fixed length: delete planes in the stack, or copy() the slice first')

    def add_image(self, img):
        raise TypeError('A slice is a view of fixed length: add images to the stack, or copy() the slice first')

    remove_image = __delitem__

    def execute_function(self, func, *args, **kwargs):
        """Replaces each plane of the view with ``func(plane, ...)``, plane by plane (not all or nothing)."""
        for i in range(len(self)):
            a = self[i]
            out = func(a, *args, **kwargs)
            self[i] = a if out is None else out

    @java_errors
    def copy(self):
        """An independent in-memory ImageStack with copies of the planes (CrackDect's slice)."""
        out = ImageStack(self.dtype)
        for i in range(len(self)):
            out._j.addImage(self._get(i).copy())  # a plane of its own (the memory stack keeps what it is given)
        return out

    @property
    def nbytes(self):
        return sum(nbytes(self._get(i)) for i in range(len(self)))

    def __repr__(self):
        return 'ImageStack (a view of {} images of {!r})'.format(len(self._indices), self._parent)
