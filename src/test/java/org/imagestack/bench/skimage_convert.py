#!/usr/bin/python3
"""scikit-image's side of ConversionBenchmark (run by it, one source type at a time, between its own measurements).

    /usr/bin/python3 skimage_convert.py FROM SIDE TO...

Converts one SIDE x SIDE plane of type FROM (random float64 in [-1, 1] converted to FROM, as the Java side makes
it) to each TO with skimage.util.dtype._convert, the function the conversion table was written with; prints one
line 'TO SECONDS' per target: the median of 5 runs after 2 warm-ups ('nan' where skimage cannot convert the pair).
numpy runs each step on one thread.
"""
import sys
import time
import warnings

import numpy as np
from skimage.util.dtype import _convert

warnings.simplefilter('ignore')


def median_seconds(work, warmups=2, runs=5):
    for _ in range(warmups):
        work()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append(time.perf_counter() - t0)
    return sorted(times)[runs // 2]


def main():
    source, side, targets = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    unit = np.random.default_rng(1).uniform(-1, 1, (side, side))
    image = _convert(unit, np.dtype(source))
    for target in targets:
        try:
            seconds = median_seconds(lambda: _convert(image, np.dtype(target)))
        except Exception:  # skimage's _dtype_bits has no type wide enough (e.g. int32 -> int64)
            seconds = float('nan')
        print(target, seconds, flush=True)


if __name__ == '__main__':
    main()
