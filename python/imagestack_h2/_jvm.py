"""One JVM per process, started with ImageStack-H2's jar and its runtime libraries.

The class path is, in this order of preference:

1. ``start_jvm(classpath=[...])``;
2. the environment variable ``IMAGESTACK_CLASSPATH``: entries separated by ``os.pathsep``, each a jar, a folder
   of classes, a folder of jars (all its ``*.jar``) or a glob pattern;
3. the jars next to the package (``imagestack_h2/jars/*.jar``: where an installed copy keeps them);
4. a source checkout: ``target/ImageStack_H2-*.jar`` (or ``target/classes``) and ``target/dependency/*.jar`` of the
   repository the package sits in (``mvn -q -DskipTests package dependency:copy-dependencies
   -DincludeScope=runtime``).

JPype's own support jar (``org.jpype.jar``) is added when it is not next to JPype's module (Debian keeps it in
``/usr/share/java``; ``IMAGESTACK_JPYPE_JAR`` names another place). The heap is the JVM's default unless
``start_jvm(heap="4g")`` or ``IMAGESTACK_HEAP=4g``; further JVM options come from ``start_jvm(options=[...])`` or
``IMAGESTACK_JVM_OPTIONS`` (split like a shell line).

A process has one JVM for its whole life (JPype cannot restart one): the first stack made starts it with the
settings above, so call :func:`start_jvm` before that to choose them.
"""
import atexit
import glob
import os
import shlex
import threading
import weakref

import jpype

_lock = threading.RLock()
_open_stacks = weakref.WeakSet()   # database stacks to close before the JVM goes
_started_here = False

#: where Debian's python3-jpype keeps JPype's support jar
_DEBIAN_JPYPE_JAR = '/usr/share/java/org.jpype.jar'


def _package_dir():
    return os.path.dirname(os.path.abspath(__file__))


def _expand(entry):
    entry = os.path.expanduser(entry)
    if any(c in entry for c in '*?['):
        return sorted(glob.glob(entry))
    if os.path.isdir(entry) and not os.path.isdir(os.path.join(entry, 'org')):
        jars = sorted(glob.glob(os.path.join(entry, '*.jar')))
        if jars:
            return jars
    return [entry]


def _checkout_classpath():
    """The jar (or classes) and runtime jars of the source checkout this package sits in, if any."""
    root = os.path.dirname(os.path.dirname(_package_dir()))
    target = os.path.join(root, 'target')
    jars = [j for j in sorted(glob.glob(os.path.join(target, 'ImageStack_H2-*.jar')))
            if not j.endswith(('-sources.jar', '-tests.jar', '-javadoc.jar'))]
    deps = sorted(glob.glob(os.path.join(target, 'dependency', '*.jar')))
    if not deps:
        return []
    if jars:
        return jars[-1:] + deps
    classes = os.path.join(target, 'classes')
    if os.path.isdir(os.path.join(classes, 'org', 'imagestack')):
        return [classes] + deps
    return []


def default_classpath():
    """The class path :func:`start_jvm` uses when given none (see the module's documentation)."""
    env = os.environ.get('IMAGESTACK_CLASSPATH')
    if env:
        cp = [p for e in env.split(os.pathsep) if e for p in _expand(e)]
    else:
        cp = sorted(glob.glob(os.path.join(_package_dir(), 'jars', '*.jar'))) or _checkout_classpath()
    if not cp:
        raise FileNotFoundError(
            "ImageStack-H2's jar was not found: set IMAGESTACK_CLASSPATH to the jar and its runtime libraries "
            "(e.g. 'ImageStack_H2-0.1.0-SNAPSHOT.jar%sdependency/*'), or build the checkout this package is in with "
            "'mvn -q -DskipTests package dependency:copy-dependencies -DincludeScope=runtime'" % os.pathsep)
    missing = [p for p in cp if not os.path.exists(p)]
    if missing:
        raise FileNotFoundError('Class path entries not found: %s' % ', '.join(missing))
    return cp


def _jpype_jar():
    """JPype's support jar, when JPype would not find it by itself (Debian)."""
    env = os.environ.get('IMAGESTACK_JPYPE_JAR')
    if env:
        return [env]
    here = os.path.dirname(os.path.dirname(os.path.abspath(jpype.__file__)))
    if os.path.exists(os.path.join(here, 'org.jpype.jar')):
        return []  # JPype finds its own (a pip wheel)
    return [_DEBIAN_JPYPE_JAR] if os.path.exists(_DEBIAN_JPYPE_JAR) else []


def start_jvm(heap=None, options=(), classpath=None, jvm_path=None):
    """Starts the process's one JVM with ImageStack-H2 on its class path (nothing when it runs already).

    Parameters
    ----------
    heap: str, optional
        the maximum heap, as Java's ``-Xmx`` (``"4g"``, ``"512m"``); default ``IMAGESTACK_HEAP`` or the JVM's default
        (a quarter of the machine's memory). A database stack's default budget of cells is a quarter of it.
    options: sequence of str
        further JVM options (``"--add-modules=jdk.incubator.vector"`` for the faster type conversions);
        ``IMAGESTACK_JVM_OPTIONS`` adds more
    classpath: list of str, optional
        instead of the default class path (see the module's documentation)
    jvm_path: str, optional
        the JVM library (``libjvm.so``); default JPype's choice (``JAVA_HOME``, then the system's Java)

    Raises
    ------
    RuntimeError
        when a JVM runs already in this process without ImageStack-H2's classes (JPype starts one JVM per process,
        for good)
    """
    global _started_here
    with _lock:
        if jpype.isJVMStarted():
            _check_classes()
            return
        cp = list(classpath) if classpath is not None else default_classpath()
        cp += [j for j in _jpype_jar() if j not in cp]
        opts = ['-Djava.awt.headless=true']
        heap = heap or os.environ.get('IMAGESTACK_HEAP')
        if heap:
            opts.append('-Xmx%s' % heap)
        opts += list(options) + shlex.split(os.environ.get('IMAGESTACK_JVM_OPTIONS', ''))
        jpype.startJVM(jvm_path or jpype.getDefaultJVMPath(), *opts, classpath=cp, convertStrings=False)
        _started_here = True
        # atexit runs last-registered first: this closes the stacks before JPype shuts the JVM down, so that H2
        # finishes its work on open files (its LOB cleaner failed on a closed channel otherwise)
        atexit.register(close_all)
        _check_classes()


def _check_classes():
    try:
        jpype.JClass('org.imagestack.ImageStack')
    except Exception:
        raise RuntimeError(
            "A JVM runs in this process without ImageStack-H2's classes; JPype starts one JVM per process for good: "
            "call imagestack_h2.start_jvm() before anything else starts one") from None


_checked = False


def jvm():
    """Makes sure the JVM runs (started with the defaults when it does not) with ImageStack-H2's classes."""
    global _checked
    if not _checked:
        start_jvm()
        _checked = True


def track(stack):
    """Registers a database stack to be closed at interpreter exit."""
    _open_stacks.add(stack)


def close_all():
    """Closes every database stack still open (unsaved changes are discarded, as close() does)."""
    for s in list(_open_stacks):
        try:
            s._close_at_exit()
        except Exception:
            pass


def jclass(name):
    jvm()
    return jpype.JClass(name)
