#!/usr/bin/python3
"""Writes the reference table that DtypeConversionTest checks our conversion against.

Run with Debian's python3-skimage (0.19) and python3-numpy (1.24):

    /usr/bin/python3 src/test/python/skimage_fixture.py > src/test/resources/org/imagestack/convert/skimage-convert.tsv

Each line: source type, target type, input values, then what skimage.util.dtype._convert gives for that whole
array, as 'OK <values>' or 'ERROR <exception class>'. Where numpy's result is undefined (a float beyond the target's
range cast to an integer: C undefined behaviour, platform-dependent) or skimage cannot convert the pair at all
(its _dtype_bits runs out of widths for e.g. int32 -> int64), the line says 'DEVIATION <reason>' and gives the
values our documented extension produces, computed here independently with Python's exact integers.
"""
import math
import sys
import warnings

import numpy as np
from skimage.util.dtype import _convert

warnings.simplefilter('ignore')

TYPES = ['bool', 'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'uint64', 'int64', 'float32', 'float64']


def int_edges(dt):
    info = np.iinfo(dt)
    lo, hi = int(info.min), int(info.max)
    vals = {lo, lo + 1, -1, 0, 1, 2, hi - 1, hi, hi // 2, hi // 2 + 1, (hi + 1) // 4}
    for b in (7, 8, 15, 16, 31, 32, 63):
        for v in (2 ** b - 1, 2 ** b, -(2 ** b), -(2 ** b) - 1):
            vals.add(v)
    return sorted(v for v in vals if lo <= v <= hi)


FLOAT_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.25, 1 / 3, -1 / 3, 1e-3, 0.999, 1 / 255, 0.5 / 255, 2.5 / 255,
               1 / 65535, 1e-10, math.nextafter(1.0, 0.0), -math.nextafter(1.0, 0.0), 2.0, -2.0, 1.5, 1e300,
               3.4e38, float('nan'), float('inf'), float('-inf')]


def randoms(name, n=24):
    """Random values spread over the type's range (over [-1, 1] for floats), the same on every run."""
    rng = np.random.default_rng(20261125)
    if name == 'bool':
        return [bool(v) for v in rng.integers(0, 2, n)]
    if name.startswith('float'):
        return [float(np.dtype(name).type(v)) for v in rng.uniform(-1, 1, n)]
    info = np.iinfo(name)
    return [int(v) for v in rng.integers(int(info.min), int(info.max), n, dtype=name, endpoint=True)]


def edges(name):
    if name == 'bool':
        return [False, True]
    if name.startswith('float'):
        return [float(np.dtype(name).type(v)) for v in FLOAT_EDGES]
    return int_edges(name)


def fmt(v, name):
    if name == 'bool':
        return '1' if v else '0'
    if name.startswith('float'):
        v = float(v)
        if math.isnan(v):
            return 'NaN'
        if math.isinf(v):
            return 'Infinity' if v > 0 else '-Infinity'
        return repr(v)
    return str(int(v))


def replicate(x, n, m):
    """Top m bits of x's n-bit pattern repeated: skimage's _scale upscale, with no width limit."""
    if m % n == 0:
        return x * ((2 ** m - 1) // (2 ** n - 1))
    o = (m // n + 1) * n
    return x * ((2 ** o - 1) // (2 ** n - 1)) // 2 ** (o - m)


def extension(values, src, dst):
    """Our rules for the pairs skimage cannot convert: int8/16/32/64 -> uint64, int8/16/32 -> int64."""
    bi = np.dtype(src).itemsize * 8
    if dst == 'uint64':
        return [0 if x <= 0 else replicate(x, bi - 1, 64) for x in values]
    return [replicate(x + 2 ** (bi - 1), bi, 64) - 2 ** 63 for x in values]


def float_to_int_defined(values, src, dst):
    """Our rules where numpy's float -> int cast is undefined: NaN gives 0, beyond the range saturates."""
    info = np.iinfo(dst)
    ct = np.float32 if (src == 'float32' and np.dtype(dst).itemsize <= 4) else np.float64
    a = np.asarray(values, dtype=src)
    if dst.startswith('u'):
        out = np.multiply(a, info.max, dtype=ct)
    else:
        out = np.multiply(a, (int(info.max) - int(info.min)) / 2, dtype=ct)
        out -= 1.0 / 2.
    np.rint(out, out=out)
    np.clip(out, info.min, info.max, out=out)
    result = []
    for v in out:
        v = float(v)
        result.append(0 if math.isnan(v) else min(max(int(v), int(info.min)), int(info.max)))
    return result


def undefined_cast(values, src, dst):
    """Whether skimage's float -> int result depends on an undefined cast (NaN, or a value past the range)."""
    if not (src.startswith('float') and dst[0] in 'ui'):
        return False
    info = np.iinfo(dst)
    ct = np.float32 if (src == 'float32' and np.dtype(dst).itemsize <= 4) else np.float64
    a = np.asarray(values, dtype=src)
    if dst.startswith('u'):
        out = np.multiply(a, info.max, dtype=ct)
    else:
        out = np.multiply(a, (int(info.max) - int(info.min)) / 2, dtype=ct)
        out -= 1.0 / 2.
    np.rint(out, out=out)
    np.clip(out, info.min, info.max, out=out)
    return any(math.isnan(float(v)) or int(v) > int(info.max) or int(v) < int(info.min) for v in out)


def line(src, dst, values):
    ins = ','.join(fmt(v, src) for v in values)
    if src.startswith('float') and dst[0] in 'ui':
        finite = [v for v in values if not math.isnan(v)]
        if any(v < -1 or v > 1 for v in finite):
            if len(finite) < len(values):  # skimage's np.min/np.max see NaN and skip the check: we do not
                return f'{src}\t{dst}\t{ins}\tDEVIATION nan-does-not-skip-range-check\tERROR'
            return f'{src}\t{dst}\t{ins}\tERROR ValueError'
    try:
        with np.errstate(all='ignore'):
            out = _convert(np.asarray(values, dtype=src), np.dtype(dst))
    except Exception as e:  # skimage cannot convert this pair
        if type(e).__name__ in ('StopIteration', 'RuntimeError'):
            return f'{src}\t{dst}\t{ins}\tDEVIATION skimage-cannot-convert\t' + ','.join(
                fmt(v, dst) for v in extension(values, src, dst))
        return f'{src}\t{dst}\t{ins}\tERROR {type(e).__name__}'
    if undefined_cast(values, src, dst):
        return f'{src}\t{dst}\t{ins}\tDEVIATION undefined-float-cast\t' + ','.join(
            fmt(v, dst) for v in float_to_int_defined(values, src, dst))
    assert out.dtype == np.dtype(dst), (src, dst, out.dtype)
    return f'{src}\t{dst}\t{ins}\tOK\t' + ','.join(fmt(v, dst) for v in out.tolist())


def main():
    w = sys.stdout.write
    w('# skimage %s, numpy %s: skimage.util.dtype._convert(np.asarray(inputs, src), dst)\n' % (
        __import__('skimage').__version__, np.__version__))
    for src in TYPES:
        vals = edges(src)
        for dst in TYPES:
            w(line(src, dst, vals) + '\n')
            if src.startswith('float') and dst[0] in 'ui':
                inrange = [v for v in vals if -1 <= v <= 1]
                w(line(src, dst, inrange) + '\n')
            for v in vals:
                w(line(src, dst, [v]) + '\n')
            w(line(src, dst, randoms(src)) + '\n')


if __name__ == '__main__':
    main()
