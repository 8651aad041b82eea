"""Counters of rate limits (sign-in attempts by address) kept in the catalogue, so that
every process and every web node of an archive counts together."""

from __future__ import annotations

import time
from collections.abc import Callable

from archive.catalogue import Catalogue


class RateCounters:
    """Hits per key in fixed windows."""

    def __init__(self, catalogue: Catalogue, clock: Callable[[], float] = time.time) -> None:
        self.catalogue = catalogue
        self.clock = clock

    def hit(self, key: str, window: float, amount: int = 1) -> int:
        """Count `amount` hits of `key` in its window of `window` seconds; the hits now."""
        return self.catalogue.count_hit(key, window, amount, self.clock())

    def hits(self, key: str) -> int:
        """Hits of `key` in its open window (0 when none is open)."""
        return self.catalogue.hits(key, self.clock())[0]

    def window_end(self, key: str) -> float:
        """When `key`'s window ends (seconds since the epoch; now when none is open)."""
        return self.catalogue.hits(key, self.clock())[1]

    def clear(self, key: str | None = None) -> int:
        """Forget `key`'s hits (every key's without one); how many keys."""
        return self.catalogue.clear_hits(key)
