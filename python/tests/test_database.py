"""The database stack from Python: CrackDect's ImageStackSQL names, saving, reopening, and errors in words."""
import os

import numpy as np
import pytest

import imagestack_h2 as ish

rng = np.random.default_rng(3)


def test_save_reload_load_and_with_blocks(tmp_path):
    db = str(tmp_path / 'crack')
    a, b, c = (rng.random((300, 500), dtype=np.float32) for _ in range(3))
    with ish.ImageStackSQL(db, 'specimen', np.float32, max_size_mb=0.5) as s:  # planes larger than the budget
        s.add_image(a)
        s.add_image(b)
        s.save_state()
        s.add_image(c)
        s[0] = c
        assert s.has_unsaved_changes and len(s) == 3
        s.relaod()                                  # CrackDect's spelling
        assert len(s) == 2 and not s.has_unsaved_changes
        np.testing.assert_array_equal(s[0], a)
        s.add_image(c)                              # unsaved: the end of the with block discards it
        assert s.stack_name == 'specimen' and s.database.endswith('crack.mv.db')
    assert s.closed
    with ish.load_from_database(db, 'specimen') as t:
        assert len(t) == 2 and t.dtype is np.float32
        np.testing.assert_array_equal(t[1], b)
        assert t.nbytes <= 2 * a.nbytes
        d = t.copy('backup')                        # inside the database
        assert sorted(ish.stack_names(db)) == ['backup', 'specimen']
        d.close()
    ish.delete_stack(db, 'backup')
    assert ish.stack_names(db) == ['specimen']


def test_errors_in_words(tmp_path):
    db = str(tmp_path / 'e')
    ish.ImageStackSQL(db, 'one', np.uint8).close()
    with pytest.raises(KeyError) as e:
        ish.ImageStackSQL.load_from_database(db, 'two')
    assert isinstance(e.value, ish.NoSuchStackError) and "No stack named 'two'" in str(e.value)
    assert 'one' in str(e.value)
    with pytest.raises(FileNotFoundError) as e:
        ish.load_from_database(str(tmp_path / 'missing'), 'x')
    assert isinstance(e.value, ish.NoSuchDatabaseError)
    assert not os.path.exists(str(tmp_path / 'missing.mv.db'))  # opening never creates
    with pytest.raises(ValueError):
        ish.ImageStackSQL(db, 'one', np.uint8)     # the name is taken
    with pytest.raises(ValueError):
        ish.ImageStackSQL(db, 'x', 'float16')
    s = ish.load_from_database(db, 'one')
    s.close()
    with pytest.raises(RuntimeError, match='closed'):
        len(s)
    s.close()                                       # twice: nothing
    for exc in (ish.NoSuchStackError, ish.CorruptDatabaseError, ish.StorageError):
        assert not exc.__module__.startswith('jpype')


def test_a_damaged_file_is_named(tmp_path):
    db = str(tmp_path / 'damaged')
    with ish.ImageStackSQL(db, 's', np.float32) as s:
        for _ in range(6):
            s.add_image(rng.random((256, 512), dtype=np.float32))
        s.save_state()
    path = db + '.mv.db'
    with open(path, 'r+b') as f:                    # cut to half, as DamagedFileTest does
        f.truncate(os.path.getsize(path) // 2)
    with pytest.raises(ish.CorruptDatabaseError) as e:
        with ish.load_from_database(db, 's') as s:
            for a in s:
                pass
    assert 'damaged.mv.db' in str(e.value)
    assert isinstance(e.value, OSError)


def test_from_paths_as_crackdect_all_or_nothing(tmp_path):
    from skimage.io import imsave
    paths = []
    for i in range(3):
        p = str(tmp_path / ('%02d.png' % i))
        imsave(p, (rng.random((20, 30)) * 255).astype(np.uint8), check_contrast=False)
        paths.append(p)
    m = ish.ImageStack.from_paths(paths)            # dtype from the first image
    assert m.dtype is np.uint8 and len(m) == 3
    s = ish.ImageStackSQL.from_paths(paths, str(tmp_path / 'p'), 'photos', dtype=np.float32, as_gray=True)
    assert len(s) == 3 and s.dtype is np.float32 and not s.has_unsaved_changes
    s.close()
    bad = str(tmp_path / 'bad.png')
    with open(bad, 'wb') as f:
        f.write(b'not a png')
    with pytest.raises(Exception):
        ish.ImageStackSQL.from_paths(paths + [bad], str(tmp_path / 'p'), 'broken', dtype=np.float32)
    assert ish.stack_names(str(tmp_path / 'p')) == ['photos']   # no half-made stack left


def test_a_stack_on_an_h2_server(tmp_path):
    """Any store URL the Java side takes: here an H2 TCP server started in this JVM."""
    server = jpype_server(tmp_path)
    try:
        url = 'jdbc:h2:tcp://127.0.0.1:%d/crack' % server.getPort()
        a = rng.random((64, 80), dtype=np.float32)
        with ish.ImageStackSQL(url, 'remote', np.float32) as s:
            s.add_image(a)
            s.save_state()
        with ish.load_from_database(url, 'remote') as s:
            np.testing.assert_array_equal(s[0], a)
            assert 'tcp://' in s.database
        assert ish.stack_names(url) == ['remote']
    finally:
        server.stop()


def jpype_server(tmp_path):
    import jpype
    Server = jpype.JClass('org.h2.tools.Server')
    args = jpype.JArray(jpype.JString)(['-tcpPort', '0', '-baseDir', str(tmp_path), '-ifNotExists'])
    return Server.createTcpServer(args).start()
