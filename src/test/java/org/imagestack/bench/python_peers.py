"""The Python peers of PeerBenchmark, one system per process: HDF5 through h5py, and the seed (CrackDect's
ImageStackSQL: SQLite through sqlalchemy, planes as np.save bytes).

    python3 python_peers.py h5py|seed DIR PLANES SIZE TILES [SEED_PATH]

The same workload as PeerChild.java: PLANES fresh float32 planes of SIZE x SIZE written durably, a map halving every
pixel (durable), TILES 512 x 512 tiles of planes not read before (after three untimed ones), every plane read into a
new array, the file size after the map; prints "RESULT key=value ..." (rss: this process's VmHWM).

The seed is read from SEED_PATH at run time (the documentation-rendered source, whose indentation was lost) and its
indentation restored from LEVELS below: one indentation level per line of its code (docstrings, blank lines and
'[docs]' marks aside), worked out by hand for the file whose SHA-256 is SEED_SHA256 and checked against it, so the
seed's own text never enters this repository. Two things are set from outside, both said in the output: the seed's
execute_function reads self.dtype, which it never sets (a known defect: the method always fails), so the benchmark
sets it to the stack's dtype first; and the stack gets max_size_mb=64, the budget SqlImageStack runs at by default
(the seed's own default keeps every plane in memory until save_state).
"""
import hashlib
import os
import sys
import time
import types

import numpy as np

SEED_SHA256 = '23452a9bf6d2482c1620d18d2e4bbe39a8c166f16d59aaa70fa1371a29cd3773'
LEVELS = (
    '0000000001121223455552345555212234454442345444201232321012323210121201221212111232323332311232344342'
    '2222211223232232123232122321231223323012222222222332222222221122222112222323223211211223234321121233'
    '3231223232123231232323333231232323345341232323345431221122212221122221122322112323332122321123331122'
    '3333323')


def restore_seed(path):
    """@return the seed's source with its indentation restored, or raise ValueError when the file is not the one
    LEVELS was made for"""
    data = open(path, 'rb').read()
    if hashlib.sha256(data).hexdigest() != SEED_SHA256:
        raise ValueError('the seed at %s is not the file whose indentation this benchmark restores (SHA-256 %s)'
                         % (path, SEED_SHA256))
    out, k, in_doc, level, opens = [], 0, False, 0, False
    for raw in data.decode('utf-8').split('\n'):
        line = raw.strip()
        if line.startswith('[docs]'):
            line = line[6:].strip()
        quotes = line.count('"""') % 2 == 1
        if in_doc:  # inside a docstring: its text, at any indentation
            out.append(line)
            in_doc = not quotes
        elif not line:
            out.append('')
        elif quotes:  # a docstring opens: the first statement of its body
            out.append('    ' * (level + 1 if opens else level) + line)
            in_doc = True
        else:
            level = int(LEVELS[k])
            k += 1
            out.append('    ' * level + line)
            opens = line.endswith(':')
    if k != len(LEVELS):
        raise ValueError('restored %d lines of code, expected %d' % (k, len(LEVELS)))
    return '\n'.join(out)


def load_seed(path):
    module = types.ModuleType('crackdect_imagestack_seed')
    exec(compile(restore_seed(path), path, 'exec'), module.__dict__)
    return module


def template(k, size):
    x = np.arange(size, dtype=np.int64)
    return (((x[None, :] * 31 + x[:, None] * 17 + k * 7) % 4096) / 4096).astype(np.float32)


def vm_hwm_mb():
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1]) / 1024.0
    return -1


def fsync(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tiles(n_planes, count, size, read_tile):
    """median ms of count tiles, each of a plane not read before (three untimed first)"""
    rng = np.random.default_rng(5)
    unread = list(rng.permutation(n_planes))
    times = []
    for t in range(count + 3):
        i = int(unread.pop())
        x, y = (int(v) for v in rng.integers(0, size - 512, 2))
        t0 = time.perf_counter()
        a = read_tile(i, x, y)
        dt = time.perf_counter() - t0
        assert a.shape == (512, 512) and a.dtype == np.float32
        if t >= 3:
            times.append(dt)
    return sorted(times)[len(times) // 2] * 1e3


def h5py_peer(d, planes, size, count):
    import h5py
    path = os.path.join(d, 'stack.h5')
    src = [template(0, size), template(1, size)]
    mb = planes * size * size * 4 / 1e6
    r = {'version': 'h5py-' + h5py.__version__}
    t0 = time.perf_counter()
    with h5py.File(path, 'w') as f:
        ds = f.create_dataset('stack', (planes, size, size), 'f4', chunks=(1, 256, 256))
        for i in range(planes):
            ds[i] = src[i % 2].copy()  # a fresh array per plane
    fsync(path)
    r['ingest'] = mb / (time.perf_counter() - t0)
    src = None
    t0 = time.perf_counter()
    with h5py.File(path, 'r+') as f:
        ds = f['stack']
        for i in range(planes):
            a = ds[i]
            a *= 0.5
            ds[i] = a
    fsync(path)
    r['map'] = mb / (time.perf_counter() - t0)
    r['sizeMap'] = os.path.getsize(path) / 1e6 / mb
    r['sizeClosed'] = r['sizeMap']
    with h5py.File(path, 'r') as f:
        ds = f['stack']
        r['tile'] = tiles(planes, count, size, lambda i, x, y: ds[i, y:y + 512, x:x + 512])
    with h5py.File(path, 'r') as f:
        ds = f['stack']
        t0 = time.perf_counter()
        total = 0.0
        for i in range(planes):
            total += float(ds[i][size // 2, size // 2])  # a new array per plane
        r['read'] = mb / (time.perf_counter() - t0)
    return r


def seed_peer(d, planes, size, count, seed_path):
    seed = load_seed(seed_path)
    db = os.path.join(d, 'stack.db')
    src = [template(0, size), template(1, size)]
    mb = planes * size * size * 4 / 1e6
    r = {'version': 'seed'}
    t0 = time.perf_counter()
    s = seed.ImageStackSQL(db, 'bench', np.float32, max_size_mb=64)
    for i in range(planes):
        s.add_image(src[i % 2].copy())
    s.save_state()
    r['ingest'] = mb / (time.perf_counter() - t0)
    src = None
    t0 = time.perf_counter()
    s.dtype = s._dtype  # the seed's defect: execute_function reads self.dtype, which it never sets
    s.execute_function(lambda img: img * 0.5)
    s.save_state()
    r['map'] = mb / (time.perf_counter() - t0)
    r['sizeMap'] = os.path.getsize(db) / 1e6 / mb
    s.session.close()
    s.engine.dispose()
    r['sizeClosed'] = os.path.getsize(db) / 1e6 / mb

    def reopen():
        st = seed.ImageStackSQL.load_from_database(db, 'bench')
        st._max_nbytes = 64e6  # the same budget as above (load_from_database takes none)
        return st
    s = reopen()
    r['tile'] = tiles(planes, count, size, lambda i, x, y: s[i][y:y + 512, x:x + 512].copy())
    s = reopen()
    t0 = time.perf_counter()
    total = 0.0
    for i in range(planes):
        total += float(s[i][size // 2, size // 2])  # a new array per plane (np.load of its bytes)
    r['read'] = mb / (time.perf_counter() - t0)
    return r


def main():
    system, d, planes, size, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    if system == 'h5py':
        r = h5py_peer(d, planes, size, count)
    elif system == 'seed':
        r = seed_peer(d, planes, size, count, sys.argv[6])
    elif system == 'restore-seed':  # prints the restored seed, to read it
        print(restore_seed(sys.argv[6]))
        return
    else:
        raise SystemExit('unknown system ' + system)
    r['rss'] = vm_hwm_mb()
    cpu = os.times()
    r['cpu'] = cpu.user + cpu.system
    print('RESULT ' + ' '.join('%s=%s' % (k, ('%.4f' % v) if isinstance(v, float) else v) for k, v in r.items()))


if __name__ == '__main__':
    main()
