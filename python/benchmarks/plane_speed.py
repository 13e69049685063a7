"""Plane speeds from CPython: a 2048 x 2048 float32 plane (16 MiB) of a database stack into numpy.

    /usr/bin/python3 python/benchmarks/plane_speed.py [--heap 1g] [--rounds 15]

- cached: ``s[i]`` of a plane whose cells the stack's cache holds (the budget is larger than the stack): Java
  copies the cells straight into the numpy array's memory.
- uncached: ``s[i]`` on a stack just reopened, whose cache holds nothing (cells the cache does not hold are read
  from H2 for the copy without being kept, so every round reads from the database), against the Java side's own
  read of the same plane into a Java array (``plane.copy()``, what Java code and the ImageJ virtual stack do),
  alternating, each timed from Python around the one call.
- writing: ``s[i] = array`` (numpy -> a Java plane -> cells; not saved).

Prints medians and MB/s (1 MB = 10^6 bytes). A measurement, not a test: the figures go into README.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import imagestack_h2 as ish  # noqa: E402


def median_time(fn, rounds):
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), min(times)


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--heap', default='1g')
    p.add_argument('--rounds', type=int, default=15)
    p.add_argument('--planes', type=int, default=4)
    a = p.parse_args()
    ish.start_jvm(heap=a.heap)
    size = 2048 * 2048 * 4
    rng = np.random.default_rng(1)
    with tempfile.TemporaryDirectory() as d:
        db = os.path.join(d, 'bench')
        with ish.ImageStackSQL(db, 'planes', np.float32, max_size_mb=256) as s:
            for _ in range(a.planes):
                s.add_image(rng.random((2048, 2048), dtype=np.float32))
            s.save_state()
            for _ in range(10):  # the JIT compiles the copy loops
                s[0]
            cached, cached_best = median_time(lambda: s[0], a.rounds)
            arr = rng.random((2048, 2048), dtype=np.float32)
            write, _ = median_time(lambda: s.__setitem__(1, arr), max(3, a.rounds // 3))
        print('cached   s[i]           %7.2f ms  %6.0f MB/s (best %6.0f)' % (cached * 1e3, size / cached / 1e6,
                                                                          size / cached_best / 1e6))
        print('write    s[i] = array   %7.2f ms  %6.0f MB/s' % (write * 1e3, size / write / 1e6))
        with ish.ImageStackSQL.load_from_database(db, 'planes', max_size_mb=256) as s:
            j = s.java
            py_t, java_t = [], []
            for r in range(a.rounds + 4):
                i = r % a.planes
                t = time.perf_counter()
                s[i]
                t1 = time.perf_counter()
                j.get(i).copy()
                t2 = time.perf_counter()
                if r >= 4:  # the first rounds warm up both paths
                    py_t.append(t1 - t)
                    java_t.append(t2 - t1)
                assert s.nbytes == 0, 'the cache keeps nothing of a whole-plane read'
            py, jv = statistics.median(py_t), statistics.median(java_t)
        print('uncached s[i]           %7.2f ms  %6.0f MB/s' % (py * 1e3, size / py / 1e6))
        print('uncached Java copy()    %7.2f ms  %6.0f MB/s' % (jv * 1e3, size / jv / 1e6))
        print('uncached ratio Python / Java: %.2f x' % (jv / py))


if __name__ == '__main__':
    main()
