"""ImageStack-H2 from CPython: CrackDect's ``ImageStack`` and ``ImageStackSQL`` over the Java stacks, through JPype.

>>> import numpy as np
>>> import imagestack_h2 as ish
>>> s = ish.ImageStackSQL('crack', 'specimen', dtype=np.float32)   # crack.mv.db
>>> s.add_image(np.zeros((200, 300)))                              # converted to float32 (scikit-image's rules)
>>> s[0].shape, s[-1].dtype
((200, 300), dtype('float32'))
>>> s.save_state(); s.close()

Planes come back as new numpy arrays (``s[i]`` is a copy: assign it back, or ``with s.edit(i) as a: ...``); slices
are views (:class:`StackSlice`). One JVM per process: :func:`start_jvm` chooses its heap and options before the
first stack is made.
"""
from ._errors import (ConcurrentSaveError, CorruptDatabaseError, DatabaseLockedError, DiskFullError,
                      NoSuchDatabaseError, NoSuchStackError, ReadOnlyDatabaseError, StaleSliceError, StorageError,
                      TransactionLostError)
from ._jvm import close_all, default_classpath, start_jvm
from ._planes import DTYPES
from ._stack import ImageStack, ImageStackSQL, StackSlice
from ._errors import java_errors as _java_errors

__version__ = '0.1.0'

load_from_database = ImageStackSQL.load_from_database


@_java_errors
def stack_names(database):
    """The names of the stacks a database holds."""
    from ._jvm import jclass
    return [str(n) for n in jclass('org.imagestack.sql.SqlImageStack').stackNames(database)]


@_java_errors
def delete_stack(database, stack_name):
    """Deletes a stack from a database (saved at once)."""
    from ._jvm import jclass
    jclass('org.imagestack.sql.SqlImageStack').deleteStack(database, stack_name)


__all__ = ['ImageStack', 'ImageStackSQL', 'StackSlice', 'load_from_database', 'stack_names', 'delete_stack',
           'start_jvm', 'close_all', 'default_classpath', 'DTYPES', 'StorageError', 'NoSuchStackError',
           'NoSuchDatabaseError', 'CorruptDatabaseError', 'DatabaseLockedError', 'ConcurrentSaveError',
           'DiskFullError', 'TransactionLostError', 'ReadOnlyDatabaseError', 'StaleSliceError']
