"""What a damaged index file raises, and closing what a reader that met one left open."""

from __future__ import annotations

import gc
import pickle
import struct
import traceback
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from whoosh.reading import CorruptIndexError

DAMAGE = (CorruptIndexError, EOFError, struct.error, zlib.error, pickle.UnpicklingError, OSError)
"""What reading a damaged file of the index raises (on the current generation: a file a
merge removed under an old searcher is no damage, and is searched again)."""


def release(exc: BaseException) -> None:
    """Close the files a reader that failed half-way had opened (they are referenced only
    by the frames of `exc`'s traceback, and of the exceptions it chains), quietly, now
    rather than at some later collection."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        seen: set[int] = set()
        found: BaseException | None = exc
        while found is not None and id(found) not in seen:
            seen.add(id(found))
            traceback.clear_frames(found.__traceback__)
            found.__traceback__ = None
            found = found.__cause__ or found.__context__
        gc.collect()


@contextmanager
def quietly() -> Iterator[None]:
    """No ResourceWarning for the files whoosh leaves open when it meets a damaged one
    (it retries ten times before it gives up, dropping what it had opened each time)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        yield
        gc.collect()
