"""A tiny Nominatim-compatible HTTP server on 127.0.0.1 for tests.

Geocoding is tested through geopy's real HTTP path (no mocks), so the tests need something that
answers `/search?q=...&format=json` the way Nominatim does: a JSON list of matches, `[]` when
nothing matches. Every request is recorded (with its arrival time) so tests can check caching
and the one-request-per-delay spacing.
"""

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

YOKOHAMA_HALL = "1-1 Minatomirai, Nishi-ku, Yokohama"
SAMPLE_ANSWERS = {YOKOHAMA_HALL: (35.4545, 139.6317, "Yokohama Hall, Minatomirai, Nishi-ku")}


@dataclass(frozen=True)
class Seen:
    """One request as the server saw it."""

    path: str
    query: str
    user_agent: str
    at: float  # time.monotonic() on arrival


@dataclass
class FakeNominatim:
    """The running server: `known` maps a query (as sent) to (lat, lon, display_name)."""

    port: int
    known: dict[str, tuple[float, float, str]] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def queries(self) -> list[str]:
        with self.lock:
            return [r.query for r in self.requests]

    def answer(self, query: str) -> list[dict]:
        """Nominatim's shape: strings for coordinates, a few extra keys geopy passes through."""
        if query not in self.known:
            return []
        lat, lon, display_name = self.known[query]
        return [
            {
                "place_id": 1,
                "lat": str(lat),
                "lon": str(lon),
                "display_name": display_name,
                "class": "building",
                "type": "yes",
                "importance": 0.5,
            }
        ]


def _handler(state: FakeNominatim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            query = parse_qs(url.query).get("q", [""])[0]
            seen = Seen(url.path, query, self.headers.get("User-Agent", ""), time.monotonic())
            with state.lock:
                state.requests.append(seen)
            if url.path != "/search":
                self.send_error(404)
                return
            body = json.dumps(state.answer(query)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    return Handler


@contextmanager
def fake_nominatim(
    known: dict[str, tuple[float, float, str]] | None = None,
) -> Iterator[FakeNominatim]:
    """Run a FakeNominatim on a free port for the duration of the `with` block."""
    state = FakeNominatim(port=0, known=dict(known or {}))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound then released), for 'server down'."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def silent_port() -> Iterator[int]:
    """A port that accepts connections (via the backlog) but never answers, for timeouts."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield sock.getsockname()[1]
