"""A real client: CrackDect 0.2, unchanged, on a database stack the Java API made from the six crack photographs,
against CrackDect's own in-memory ImageStack; then what the Python user saved, as Java and ImageJ see it.

Needs the shared material beside the checkout (CrackDect in shared/crackdect, the photographs in
shared/data/crackdect-example-images; IMAGESTACK_SHARED names another folder): skipped with a message when it is
absent, a failure then with IMAGESTACK_REQUIRE=all.
"""
import glob
import os
import shutil
import subprocess
import sys
import zlib

import jpype
import numpy as np
import pytest

import imagestack_h2 as ish

from conftest import HERE, SHARED, absent

CRACKDECT = os.path.join(SHARED, 'crackdect')
PHOTOS = os.path.join(SHARED, 'data', 'crackdect-example-images')


@pytest.fixture(scope='module')
def cd():
    if not os.path.isdir(os.path.join(CRACKDECT, 'crackdect')):
        absent('CrackDect 0.2 is not at %s (the shared material beside the checkout)' % CRACKDECT)
    if len(glob.glob(os.path.join(PHOTOS, '*.bmp'))) != 6:
        absent('the six crack photographs are not in %s' % PHOTOS)
    for module in ('psutil', 'numba', 'sqlalchemy', 'matplotlib'):
        try:
            __import__(module)
        except ImportError:
            absent('CrackDect needs %s (Debian: python3-%s)' % (module, module))
    sys.path.insert(0, CRACKDECT)
    try:
        import crackdect
    finally:
        sys.path.remove(CRACKDECT)
    return crackdect


def java_built_stack(paths, db, name):
    """The Java API's import (StackFiles.fromPaths: ImageJ's readers, scikit-image's as_gray), saved and closed."""
    files = jpype.JClass('java.util.ArrayList')()
    for p in paths:
        files.add(p)
    jpype.JClass('org.imagestack.io.StackFiles').fromPaths(files, db, name, 'float32', 0.0, True).close()


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def same_results(x, y):
    assert len(x) == len(y)
    for a, b in zip(x, y):
        if isinstance(a, (list, tuple)):
            same_results(a, b)
        else:
            assert same(a, b), (a, b)


def crc(a):
    return zlib.crc32(np.ascontiguousarray(a, '<f4').tobytes())


def test_quick_start_and_bender_on_a_java_built_database_stack(cd, tmp_path):
    paths = sorted(cd.image_paths(PHOTOS))
    db = str(tmp_path / 'crack')
    java_built_stack(paths, db, 'specimen')

    ours = ish.ImageStackSQL.load_from_database(db, 'specimen')
    theirs = cd.ImageStack.from_paths(paths, dtype=np.float32, as_gray=True)
    assert len(ours) == len(theirs) == 6
    for a, b in zip(ours, theirs):
        assert same(a, b)  # Java's reading of the photographs is scikit-image's, bit for bit

    results = []
    for stack in (ours, theirs):  # CrackDect's quick start, unchanged
        cd.shift_correction(stack)
        cd.region_of_interest(stack, 200, 1400, 20, 900)
        rho, cracks, thd = cd.detect_cracks(stack, theta=60, crack_width=10, ar=2, bandwidth=1, min_size=10)
        bender = cd.detect_cracks_bender(stack, theta=60, crack_width=10)
        results.append((rho, cracks, thd, bender))
    for a, b in zip(ours, theirs):
        assert same(a, b)
    (rho, cracks, thd, bender), (rho2, cracks2, thd2, bender2) = results
    same_results(rho, rho2)
    same_results(thd, thd2)
    same_results(cracks, cracks2)
    same_results(bender, bender2)
    assert [len(c) for c in cracks] == [37, 82, 123, 203, 263, 285]

    # more of CrackDect on both: a map with keyword arguments, a rolling change detection, a type change
    from skimage.filters import gaussian
    for stack in (ours, theirs):
        stack.execute_function(gaussian, sigma=1.5)
        cd.change_detection_division(stack, output_range=(0, 1))
    assert len(ours) == len(theirs) == 5
    for a, b in zip(ours, theirs):
        assert same(a, b)
    copy, reference = ours.copy('as-uint8'), theirs.copy()
    copy.change_dtype(np.uint8)
    reference.change_dtype(np.uint8)
    for a, b in zip(copy, reference):
        assert same(a, b)
    copy.close()

    ours.save_state()
    saved = [(a.shape, crc(a)) for a in ours]
    ours.close()

    # what a Fiji user sees: the Java API and ImageJ's Open Stack from Database, in a JVM of their own
    java = shutil.which('java')
    if java is None:
        absent('no java command to open the stack in a JVM of its own')
    cp = os.pathsep.join(ish.default_classpath())
    r = subprocess.run([java, '-Djava.awt.headless=true', '-cp', cp, os.path.join(HERE, 'java', 'OpenSaved.java'),
                        db, 'specimen'], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    lines = [line.split() for line in r.stdout.splitlines() if line.startswith(('java ', 'imagej '))]
    java_seen = [((int(h), int(w)), int(c)) for kind, i, w, h, t, c in [x for x in lines if x[0] == 'java']]
    assert all(x[4] == 'float32' for x in lines if x[0] == 'java')
    imagej_seen = [((int(h), int(w)), int(c)) for kind, i, w, h, c in [x for x in lines if x[0] == 'imagej']]
    assert java_seen == saved
    assert imagej_seen == saved
