"""CrackDect's sequence protocol on both stacks (memory and database), against a Python list of numpy arrays and
scikit-image's conversions; and where the package differs from CrackDect on purpose (copies, views)."""
import numpy as np
import pytest
from skimage.util.dtype import _convert

import imagestack_h2 as ish
from imagestack_h2 import DTYPES, StaleSliceError

rng = np.random.default_rng(7)


def planes(n, h=30, w=40):
    return [rng.random((h, w), dtype=np.float32) for _ in range(n)]


def filled(make, images, dtype=np.float32):
    s = make(dtype)
    for a in images:
        s.add_image(a)
    return s


def test_len_index_negative_and_out_of_range(make_stack):
    images = planes(4)
    s = filled(make_stack, images)
    assert len(s) == 4
    for i in range(-4, 4):
        np.testing.assert_array_equal(s[i], images[i])
        assert s[i].dtype == np.float32 and s[i].shape == (30, 40) and s[i].flags.c_contiguous
    assert s[np.int64(2)].shape == (30, 40)  # numpy integers index too
    with pytest.raises(IndexError, match='out of range'):
        s[4]
    with pytest.raises(IndexError):
        s[-5]
    with pytest.raises(TypeError, match='int or slice'):
        s['a']
    assert [a.shape for a in s] == [(30, 40)] * 4
    assert all((a == b).all() for a, b in zip(s, images))
    assert all((a == b).all() for a, b in zip(reversed(s), images[::-1]))


def test_setitem_delitem_add_remove(make_stack):
    images = planes(5)
    s = filled(make_stack, images)
    s[1] = images[4]
    s[-1] = images[0]
    np.testing.assert_array_equal(s[1], images[4])
    np.testing.assert_array_equal(s[4], images[0])
    del s[0]
    del s[-1]
    assert len(s) == 3
    np.testing.assert_array_equal(s[0], images[4])
    s.remove_image()
    s.remove_image(0)
    assert len(s) == 1
    np.testing.assert_array_equal(s[0], images[2])
    with pytest.raises(IndexError):
        s.remove_image(5)
    with pytest.raises(IndexError):
        del s[3]
    s.add_image(images[3])
    s[0:2] = [images[0], images[1]]
    np.testing.assert_array_equal(s[1], images[1])
    with pytest.raises(ValueError, match='1 images provided to override 2 images!'):
        s[0:2] = [images[0]]
    for a in images:
        s.add_image(a)
    del s[1:5:2]
    expected = [images[0], images[1]] + images
    del expected[1:5:2]
    assert len(s) == len(expected) == 5
    assert all((a == b).all() for a, b in zip(s, expected))


@pytest.mark.parametrize('source', ['float64', 'float32', 'uint8', 'uint16', 'int16', 'bool'])
@pytest.mark.parametrize('target', ['uint8', 'float32', 'int16', 'bool', 'float64', 'uint16'])
def test_conversion_on_the_way_in_is_skimages(source, target, make_stack):
    if source.startswith('float'):
        a = (rng.random((9, 11)) * 2 - 1).astype(source)
    elif source == 'bool':
        a = rng.random((9, 11)) > 0.5
    else:
        info = np.iinfo(source)
        a = rng.integers(info.min, info.max, (9, 11), endpoint=True).astype(source)
    s = make_stack(target)
    s.add_image(a)
    expected = a if a.dtype == np.dtype(target) else _convert(a, np.dtype(target).type)
    got = s[0]
    assert got.dtype == np.dtype(target)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize('dtype', DTYPES)
@pytest.mark.parametrize('colour', [False, True])
def test_every_type_round_trips_bit_for_bit(dtype, colour, make_stack):
    shape = (37, 301, 3) if colour else (37, 301)
    if dtype == 'bool':
        a = rng.random(shape) > 0.5
    elif dtype.startswith('float'):
        a = rng.standard_normal(shape).astype(dtype)
        a.flat[:4] = [np.nan, np.inf, -np.inf, -0.0]
    else:
        info = np.iinfo(dtype)
        a = rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True)
        a.flat[:2] = [info.min, info.max]
    s = make_stack(dtype)
    s.add_image(a)
    got = s[0]
    assert got.dtype == np.dtype(dtype) and got.shape == shape and got.flags.c_contiguous
    assert got.tobytes() == a.tobytes()


def test_any_memory_layout_goes_in(make_stack):
    base = rng.random((40, 60), dtype=np.float32)
    s = make_stack(np.float32)
    s.add_image(base.T)                        # Fortran order
    s.add_image(base[::2, ::3])                # strided
    s.add_image(base.astype('>f4'))            # big endian
    s.add_image(base.astype(np.float16))       # widened to float32 exactly
    s.add_image(base.tolist())                 # anything np.asarray takes
    np.testing.assert_array_equal(s[0], base.T)
    np.testing.assert_array_equal(s[1], base[::2, ::3])
    np.testing.assert_array_equal(s[2], base)
    np.testing.assert_array_equal(s[3], base.astype(np.float16).astype(np.float32))
    np.testing.assert_array_equal(s[4], base)
    with pytest.raises(ValueError, match='complex'):
        s.add_image(base.astype(np.complex64))
    with pytest.raises(ValueError, match='2D'):
        s.add_image(np.zeros((2, 3, 4, 5)))
    with pytest.raises(ValueError):  # a float image outside [-1, 1] to an integer type, as skimage refuses it
        t = make_stack(np.uint8)
        t.add_image(base * 3)


def test_bad_dtype_is_a_value_error(make_stack):
    for bad in ('float16', np.complex64, 'nonsense', object):
        with pytest.raises(ValueError):
            make_stack(bad)
    s = make_stack(np.float32)
    with pytest.raises(ValueError):
        s.change_dtype('float16')


def test_change_dtype_copy_nbytes(make_stack):
    images = [a * 2 - 1 for a in planes(3)]
    s = filled(make_stack, images)
    c = s.copy()
    s.change_dtype(np.uint8)
    assert s.dtype is np.uint8 and s[0].dtype == np.uint8
    for i, a in enumerate(images):
        np.testing.assert_array_equal(s[i], _convert(a, np.uint8))
        np.testing.assert_array_equal(c[i], a)    # the copy is independent
    c[0] = np.zeros((30, 40), np.float32)
    np.testing.assert_array_equal(s[0], _convert(images[0], np.uint8))
    assert c.nbytes <= 3 * 30 * 40 * 4
    if isinstance(s, ish.ImageStackSQL):
        c.close()
    else:
        assert s.nbytes == 3 * 30 * 40 and c.nbytes == 3 * 30 * 40 * 4


def test_execute_function_as_crackdect(make_stack):
    images = planes(4)
    s = filled(make_stack, images)
    s.execute_function(lambda img, to_add: img + to_add, to_add=0.25)
    for i, a in enumerate(images):
        np.testing.assert_array_equal(s[i], a + np.float32(0.25))

    def halve_in_place(img):  # returns None: the array it was given, changed, goes back
        img *= 0.5
    s.execute_function(halve_in_place)
    np.testing.assert_array_equal(s[0], (images[0] + np.float32(0.25)) * np.float32(0.5))

    def fails(img):
        if img[0, 0] > -1:
            raise ArithmeticError('no')
    before = [a.copy() for a in s]
    with pytest.raises(ArithmeticError, match='no'):  # the function's own exception, the stack as before
        s.execute_function(fails)
    assert all((a == b).all() for a, b in zip(s, before))
    s.execute_function(lambda img: img > 0.5)  # bool planes back into float32: skimage's 1.0 / 0.0
    assert set(np.unique(s[0])) <= {0.0, 1.0}


@pytest.mark.parametrize('keep_first', [False, True])
def test_execute_rolling_function_as_crackdect(keep_first, make_stack):
    images = planes(4)
    s = filled(make_stack, images)
    s.execute_rolling_function(lambda a, b, k: (b - a) * k, keep_first, k=0.5)
    expected = [(images[i] - images[i - 1]) * np.float32(0.5) for i in range(1, 4)]
    if keep_first:
        expected.insert(0, images[0])
    assert len(s) == len(expected)
    for got, e in zip(s, expected):
        np.testing.assert_array_equal(got, e)


def test_parallel_maps_give_the_sequential_result(make_stack):
    images = planes(6, 64, 64)
    s, t = filled(make_stack, images), filled(make_stack, images)
    s.execute_function(lambda img: np.sqrt(img) - 0.25, parallel=True)
    t.execute_function(lambda img: np.sqrt(img) - 0.25)
    s.execute_rolling_function(lambda a, b: b - a, True, parallel=True)
    t.execute_rolling_function(lambda a, b: b - a, True)
    assert all((a == b).all() for a, b in zip(s, t))
    with pytest.raises(KeyError):
        s.execute_function(lambda img: {}['x'], parallel=True)
    assert all((a == b).all() for a, b in zip(s, t))


def test_a_plane_is_a_copy_and_edit_writes_it_back(make_stack):
    images = planes(2)
    s = filled(make_stack, images)
    a = s[0]
    a[:] = 0                      # CrackDect: this would change the stack's array; here s[0] is a copy
    np.testing.assert_array_equal(s[0], images[0])
    with s.edit(0) as a:          # the way to edit in place: written back at the end of the block
        a[:5] = 1
    assert (s[0][:5] == 1).all() and (s[0][5:] == images[0][5:]).all()
    with pytest.raises(ZeroDivisionError):
        with s.edit(1) as a:
            a[:] = 0
            1 / 0
    np.testing.assert_array_equal(s[1], images[1])  # not written back when the block raises


def test_slices_are_views(make_stack):
    images = planes(6)
    s = filled(make_stack, images)
    v = s[1:5]
    assert len(v) == 4 and isinstance(v, ish.StackSlice)
    np.testing.assert_array_equal(v[0], images[1])
    np.testing.assert_array_equal(v[-1], images[4])
    s[2] = images[0]                              # a change of the stack shows in the view
    np.testing.assert_array_equal(v[1], images[0])
    v[1] = images[5]                              # and a change through the view shows in the stack
    np.testing.assert_array_equal(s[2], images[5])
    w = v[::-2]                                   # a slice of a slice: planes 4, 2 of the stack
    assert len(w) == 2
    np.testing.assert_array_equal(w[0], images[4])
    np.testing.assert_array_equal(w[1], images[5])
    assert [x.shape for x in s[::-1]] == [(30, 40)] * 6
    assert len(s[10:]) == 0
    detached = v.copy()                           # CrackDect's slice: an independent in-memory ImageStack
    assert isinstance(detached, ish.ImageStack) and len(detached) == 4
    with pytest.raises(TypeError):
        del v[0]
    with pytest.raises(TypeError):
        v.add_image(images[0])
    del s[0]                                      # planes removed: the view no longer says which planes it meant
    with pytest.raises(StaleSliceError):
        v[0]
    with pytest.raises(StaleSliceError):
        len(w)
    np.testing.assert_array_equal(detached[0], images[1])
    np.testing.assert_array_equal(detached[1], images[5])


def test_crackdects_rolling_idiom_on_a_view(make_stack):
    """stack_operations._rolling_stack_operation iterates stack[1:] while assigning stack[ind+1]: a view reads
    each plane before it is replaced, so the result is CrackDect's."""
    images = planes(5)
    s = filled(make_stack, images)
    img_minus1 = s[0]
    for ind, img in enumerate(s[1:]):
        s[ind + 1] = img - img_minus1
        img_minus1 = img
    del s[0]
    for i in range(4):
        np.testing.assert_array_equal(s[i], images[i + 1] - images[i])


def test_repr_and_dtype(make_stack):
    s = filled(make_stack, planes(2), np.uint16)
    assert repr(s).startswith('ImageStack: 2')
    assert 'uint16' in repr(s)
    assert s.dtype is np.uint16
    assert s.shape(0) == (30, 40)
