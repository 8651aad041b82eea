"""Flask-Limiter's counters in the archive's catalogue (`archive.RateCounters`): every
process of `clusnet serve`, and every web node in front of one catalogue, counts the same
sign-in attempts. Chosen with `CLUSNET_RATE_LIMIT_STORAGE=catalogue` (the default); any
storage URI of the `limits` library (`memory://`, `redis://...`) works too."""

from __future__ import annotations

from typing import Any

from limits.storage import Storage

from archive import RateCounters

SCHEME = "clusnet"


class CatalogueStorage(Storage):
    """A fixed-window `limits` storage over the archive's rate counters."""

    STORAGE_SCHEME = [SCHEME]  # noqa: RUF012  (declared so by the limits library)

    def __init__(self, uri: str | None = None, counters: Any = None, **options: Any) -> None:
        super().__init__(uri, **options)
        if not isinstance(counters, RateCounters):
            raise ValueError("the catalogue's rate-limit storage needs the archive's counters")
        self.counters = counters

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        return (Exception,)

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        return self.counters.hit(key, float(expiry), amount)

    def get(self, key: str) -> int:
        return self.counters.hits(key)

    def get_expiry(self, key: str) -> float:
        return self.counters.window_end(key)

    def check(self) -> bool:
        return True

    def reset(self) -> int | None:
        return self.counters.clear()

    def clear(self, key: str) -> None:
        self.counters.clear(key)
