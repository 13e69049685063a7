"""Java exceptions as Python exceptions that say what happened.

Every call into Java goes through :func:`java_errors`, which turns the Java exception into one of the classes
below (or a built-in one: ``IndexError``, ``ValueError``, ``TypeError``, ``RuntimeError``, ``MemoryError``),
with the Java message; the Java exception stays reachable as ``err.java_exception``. Java classes are matched by
their simple names up the class hierarchy, so that moving a Java class to another package changes nothing here.
"""
import functools

import jpype


class StorageError(OSError):
    """A database failed (the last saved state is kept). Base of the database errors below."""


class NoSuchStackError(StorageError, KeyError):
    """No stack of that name in the database (the message lists the stacks there are)."""

    def __str__(self):  # KeyError would quote the message
        return str(self.args[0]) if self.args else ''


class NoSuchDatabaseError(StorageError, FileNotFoundError):
    """No database at that path or URL; opening never creates one."""


class CorruptDatabaseError(StorageError):
    """A damaged, cut or rolled-back database file (named in the message, with stack, plane and cell)."""


class DatabaseLockedError(StorageError):
    """The database file is open in another process."""


class ConcurrentSaveError(StorageError):
    """Another handle saved (or deleted) the stack since this one loaded it; nothing was written."""


class DiskFullError(StorageError):
    """The disk filled up while writing; the last saved state is kept."""


class TransactionLostError(StorageError):
    """The connection to a database server dropped: the changes since the last save are gone; reload()."""


class ReadOnlyDatabaseError(StorageError):
    """The database is read-only for this login."""


class StaleSliceError(RuntimeError):
    """A slice (a view) of a stack whose planes were added or removed since the slice was taken."""


# Java simple class name -> Python class; the first match walking up from the thrown class wins
_BY_NAME = {
    'NoSuchStackException': NoSuchStackError,
    'NoSuchDatabaseException': NoSuchDatabaseError,
    'CorruptDatabaseException': CorruptDatabaseError,
    'DatabaseLockedException': DatabaseLockedError,
    'ConcurrentSaveException': ConcurrentSaveError,
    'DiskFullException': DiskFullError,
    'TransactionLostException': TransactionLostError,
    'ReadOnlyDatabaseException': ReadOnlyDatabaseError,
    'StorageException': StorageError,
    'IndexOutOfBoundsException': IndexError,
    'NoSuchElementException': IndexError,
    'IllegalArgumentException': ValueError,
    'NullPointerException': TypeError,
    'ClassCastException': TypeError,
    'UnsupportedOperationException': TypeError,
    'ConcurrentModificationException': RuntimeError,
    'IllegalStateException': RuntimeError,
    'OutOfMemoryError': MemoryError,
    'NoSuchFileException': FileNotFoundError,
    'FileNotFoundException': FileNotFoundError,
    'IOException': OSError,
    'UncheckedIOException': OSError,
}


def translate(exc):
    """The Python exception for a Java one (a ``jpype.JException``)."""
    message = str(exc.getMessage()) if exc.getMessage() is not None else str(exc.getClass().getName())
    cls = exc.getClass()
    python = None
    while cls is not None:
        python = _BY_NAME.get(str(cls.getSimpleName()))
        if python is not None:
            break
        cls = cls.getSuperclass()
    if python is None:
        python = RuntimeError
        message = '%s: %s' % (exc.getClass().getName(), message)
    err = python(message)
    err.java_exception = exc
    return err


def java_errors(fn):
    """Decorator: Java exceptions out of ``fn`` come out as Python ones (see :func:`translate`)."""
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except jpype.JException as e:
            raise translate(e) from None
    return wrapper
