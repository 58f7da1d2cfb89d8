"""Travel times between stops, exactly as rule 4 of the contract says.

`ceil(geodesic_km(a, b) * road_factor / speed_kmh * 60)` on WGS-84 (geopy), or the matrix entry.
"""

import math
from collections.abc import Mapping

from geopy.distance import geodesic


class Travel:
    """Minutes between two stop keys; geodesic times are computed once and cached."""

    def __init__(
        self,
        coordinates: Mapping[str, tuple[float, float]],
        *,
        speed_kmh: float | None = None,
        road_factor: float | None = None,
        matrix: Mapping | None = None,
    ):
        self._coordinates = dict(coordinates)
        self._cache: dict[tuple[str, str], int] = {}
        self._closure: dict[tuple[str, str], int] | None = None
        if matrix is not None:
            keys = list(matrix["keys"])
            for i, a in enumerate(keys):
                for j, b in enumerate(keys):
                    self._cache[(a, b)] = int(matrix["minutes"][i][j])
            self._matrix = True
        else:
            if not speed_kmh or not road_factor:
                raise ValueError("travel needs speed_kmh and road_factor, or a matrix")
            self._speed_kmh, self._road_factor = float(speed_kmh), float(road_factor)
            self._matrix = False

    def least(self, a: str, b: str) -> int:
        """Shortest time from a to b through any stops: a floor on every route between them."""
        if self._closure is None:
            self._closure = self._shortest_paths()
        return self._closure[(a, b)]

    def _shortest_paths(self) -> dict[tuple[str, str], int]:
        """Floyd-Warshall over every stop, a row of numpy at a time (the same minima as the
        plain triple loop, which took seconds beyond a hundred stops). numpy is imported here:
        the checker, which imports this module, never needs shortest paths nor numpy."""
        import numpy as np

        keys = list(self._coordinates) if not self._matrix else sorted({a for a, _ in self._cache})
        dist = np.array([[self.minutes(a, b) for b in keys] for a in keys], dtype=np.int64)
        dist = dist.reshape(len(keys), len(keys))
        for k in range(len(keys)):
            np.minimum(dist, dist[:, k : k + 1] + dist[k : k + 1, :], out=dist)
        rows = dist.tolist()
        return {(a, b): rows[i][j] for i, a in enumerate(keys) for j, b in enumerate(keys)}

    def minutes(self, a: str, b: str) -> int:
        if a == b:
            return 0
        cached = self._cache.get((a, b))
        if cached is not None:
            return cached
        if self._matrix:
            raise KeyError(f"the travel matrix has no entry from {a!r} to {b!r}")
        value = geodesic_minutes(
            self._coordinates[a], self._coordinates[b], self._speed_kmh, self._road_factor
        )
        self._cache[(a, b)] = value
        return value


def geodesic_minutes(
    a: tuple[float, float], b: tuple[float, float], speed_kmh: float, road_factor: float
) -> int:
    km = geodesic(a, b).km
    return math.ceil(km * road_factor / speed_kmh * 60)
