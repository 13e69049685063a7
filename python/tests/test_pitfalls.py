"""The pitfalls a prototype ran into, each handled: JPype's java.util.List wrapper, convertToDirectBuffer keeping
arrays alive, a stack open at interpreter exit, Debian's org.jpype.jar, Python callables in the parallel map."""
import gc
import os
import subprocess
import sys
import textwrap
import threading
import time
import weakref

import jpype
import jpype.nio
import numpy as np
import pytest

import imagestack_h2 as ish
from imagestack_h2 import _jvm

from conftest import REPO


def run_python(code, timeout=120):
    """Runs code in a fresh interpreter (a crash there fails the test instead of killing pytest)."""
    env = dict(os.environ)
    env['PYTHONPATH'] = os.path.join(REPO, 'python') + os.pathsep + env.get('PYTHONPATH', '')
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)], env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_removing_planes_never_goes_through_jpypes_list_remove(tmp_path):
    """JPype's customizer renames java.util.List.remove to remove_ and wraps it; on the stacks' class hierarchy that
    wrapper called itself until the stack overflowed (SIGSEGV). The package removes planes through the stacks' own
    removeImage(int) only: del, remove_image and the rolling map's dropped first plane, in a fresh interpreter."""
    r = run_python('''
        import numpy as np, imagestack_h2 as ish
        for s in (ish.ImageStack(), ish.ImageStackSQL(%r, 's')):
            for i in range(8):
                s.add_image(np.full((4, 5), i / 10, np.float32))
            del s[0]; del s[-1]; del s[1:3]; s.remove_image(); s.remove_image(0)
            s.execute_rolling_function(lambda a, b: b - a, keep_first=False)
            assert len(s) == 1, len(s)
        print('ok')
    ''' % str(tmp_path / 'r'))
    assert r.returncode == 0 and r.stdout.strip() == 'ok', r.stderr


def test_planes_do_not_keep_numpy_arrays_alive():
    """jpype.nio.convertToDirectBuffer(array) keeps the array until Java's collector frees the buffer, which a quiet
    JVM may never do (470 MB after 30 planes). Pulling planes must not keep them."""
    s = ish.ImageStack(np.float32)
    s.add_image(np.zeros((1024, 1024), np.float32))  # 4 MB
    refs = [weakref.ref(s[0]) for _ in range(30)]
    gc.collect()
    assert sum(r() is not None for r in refs) == 0, 'numpy arrays kept alive by their Java buffers'
    s.execute_function(lambda a: a + 1)               # the maps' copies too
    s.execute_rolling_function(lambda a, b: b, keep_first=True)
    assert s[0][0, 0] == 1

    # what the package avoids: the plain conversion keeps its array
    a = np.zeros(1 << 20, np.uint8)
    ref = weakref.ref(a)
    buf = jpype.nio.convertToDirectBuffer(a)
    del a, buf
    gc.collect()
    assert ref() is not None, 'JPype no longer keeps the array: the workaround may go'


def test_many_large_planes_keep_memory_flat(tmp_path):
    import tracemalloc
    with ish.ImageStackSQL(str(tmp_path / 'm'), 's', np.float32) as s:
        s.add_image(np.ones((2048, 2048), np.float32))  # 16 MB
        tracemalloc.start()
        for _ in range(30):
            s[0].sum()
        current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert current < 8e6 and peak < 40e6, (current, peak)


def test_a_stack_open_at_exit_is_closed_cleanly(tmp_path):
    """A database stack left open when the interpreter ends is closed before the JVM goes (H2's LOB cleaner failed
    on a closed channel otherwise); its unsaved changes are discarded, with a line saying so."""
    db = str(tmp_path / 'exit')
    r = run_python('''
        import numpy as np, imagestack_h2 as ish
        s = ish.ImageStackSQL(%r, 'left-open')
        for i in range(20):
            s.add_image(np.random.rand(512, 512).astype(np.float32))
        s.save_state()
        s.execute_function(lambda a: a / 2)   # unsaved at exit
        t = s[1:3]                            # a view alive at exit too
    ''' % db)
    assert r.returncode == 0, r.stderr
    assert 'Exception' not in r.stderr and 'ClosedChannel' not in r.stderr, r.stderr
    assert 'unsaved changes discarded' in r.stderr
    with ish.load_from_database(db, 'left-open') as s:
        assert len(s) == 20 and s[0].max() > 0.5  # the saved state, not the halved one


def test_debians_jpype_jar_is_on_the_class_path():
    """Debian's python3-jpype keeps org.jpype.jar in /usr/share/java, where JPype does not look: without it on the
    class path the JVM does not start (ClassNotFoundException: org.jpype.classloader.DynamicClassLoader)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(jpype.__file__)))
    if os.path.exists(os.path.join(here, 'org.jpype.jar')):
        pytest.skip('this JPype finds its own jar (not a Debian install)')
    assert _jvm._jpype_jar() == [_jvm._DEBIAN_JPYPE_JAR]
    cp = str(jpype.java.lang.System.getProperty('java.class.path'))
    assert 'org.jpype' in cp


def test_one_jvm_per_process():
    ish.start_jvm()  # running already: nothing happens
    r = run_python('''
        import jpype
        jpype.startJVM(convertStrings=False, classpath=['/usr/share/java/org.jpype.jar'])
        import imagestack_h2 as ish
        try:
            ish.ImageStack()
        except RuntimeError as e:
            print(e)
    ''')
    if 'DynamicClassLoader' in r.stderr:
        pytest.skip('this JPype starts without Debian\'s jar path')
    assert 'one JVM per process' in r.stdout, r.stdout + r.stderr


def test_parallel_map_calls_python_from_java_threads():
    """parallel=True: Java's workers call the Python function from several threads; the GIL runs pure-Python code
    one call at a time, while code that releases the GIL (sleeping here; numpy, scipy, scikit-image filters on
    large planes) overlaps. Results are in order and as sequential; nothing deadlocks."""
    s = ish.ImageStack(np.float32)
    for i in range(8):
        s.add_image(np.full((64, 64), i / 10, np.float32))
    lock = threading.Lock()
    state = {'now': 0, 'most': 0, 'threads': set()}

    def slow(a):
        with lock:
            state['now'] += 1
            state['most'] = max(state['most'], state['now'])
            state['threads'].add(threading.get_ident())
        time.sleep(0.05)  # releases the GIL
        with lock:
            state['now'] -= 1
        return a + 1

    s.execute_function(slow, parallel=True)
    assert [float(a[0, 0]) for a in s] == pytest.approx([1 + i / 10 for i in range(8)])
    if os.cpu_count() > 1:
        assert len(state['threads']) > 1 and state['most'] > 1, state

    def pure_python(a):
        return a * 1
    s.execute_function(pure_python, parallel=True)  # no deadlock with the GIL held by the callables
