"""Shared set-up: one JVM for the whole run (a 768 MB heap), the repository's paths, and how absent test data is
treated: skipped with a message, or a failure when IMAGESTACK_REQUIRE=all (or Maven's -Dimagestack.require=all)."""
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'python'))

import imagestack_h2 as ish  # noqa: E402

ish.start_jvm(heap='768m')

#: the folder of shared material beside the checkout (CrackDect 0.2 and the crack photographs); IMAGESTACK_SHARED
#: names another
SHARED = os.environ.get('IMAGESTACK_SHARED') or os.path.join(os.path.dirname(REPO), 'shared')


def require_all():
    return 'all' in (os.environ.get('IMAGESTACK_REQUIRE', ''), os.environ.get('IMAGESTACK_REQUIRE_PROPERTY', ''))


def absent(reason):
    """Skips the test, or fails it when every test must run (IMAGESTACK_REQUIRE=all)."""
    if require_all():
        pytest.fail(reason + ' (IMAGESTACK_REQUIRE=all: required)')
    pytest.skip(reason)


@pytest.fixture(params=['memory', 'database'])
def make_stack(request, tmp_path):
    """A factory of empty stacks of both kinds: make_stack(dtype)."""
    made = []

    def make(dtype=np.float32, name='s'):
        if request.param == 'memory':
            return ish.ImageStack(dtype)
        s = ish.ImageStackSQL(str(tmp_path / 'db'), '%s%d' % (name, len(made)), dtype, max_size_mb=1)
        made.append(s)
        return s
    yield make
    for s in made:
        s.close()
