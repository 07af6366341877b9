"""The polite fetcher: pages and feeds over HTTP(S), the way a well-behaved crawler gets them.

What "polite" means here, and why each part is there:

- a User-Agent that says who we are and where to read about it, so site owners can tell us apart;
- robots.txt read once per host (cached) and obeyed, including its Crawl-delay;
- a minimum interval between two requests to the same host (per-host rate limit);
- retries with exponential backoff on 429, 5xx, timeouts and dropped connections, honouring
  Retry-After (capped), so a busy server is not hammered;
- conditional requests (ETag / Last-Modified) against an on-disk cache, so polling a feed that
  has not changed costs the server a 304;
- size and time limits, so a 50 MB page or a trickling server cannot stall a run;
- no fetching of private, loopback or link-local addresses unless the caller allows it, so a
  URL list cannot be used to probe the machine's own network (tests on localhost pass
  ``allow_private=True``).

A failed fetch raises :class:`~thucydides.errors.IngestError` naming the URL; readers turn it
into a document with ``error`` set and carry on.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import os
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx

from .. import __version__
from ..errors import IngestError
from .sources import charset_of

USER_AGENT = f"thucydides/{__version__} (+https://github.com/thucydides; research event coder)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
MAX_REDIRECTS = 5
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is treated as a failure, not a wait
MAX_CRAWL_DELAY = 30.0


def default_cache_dir() -> Path:
    """Where fetched pages are cached (the user's cache directory)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("thucydides")) / "http"


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


@dataclass
class FetchOptions:
    """The fetcher's limits and manners (defaults suit a real crawl; tests shorten the waits)."""

    user_agent: str = USER_AGENT
    timeout: float = 30.0  # seconds for the whole response, body included
    max_bytes: int = 10 * 1024 * 1024
    min_interval: float = 1.0  # seconds between two requests to one host
    retries: int = 3
    backoff: float = 1.0  # first retry waits this long, then twice as long, ...
    respect_robots: bool = True
    allow_private: bool = False
    cache_dir: Path | None = field(default_factory=default_cache_dir)  # None: no cache

    @classmethod
    def from_env(cls) -> FetchOptions:
        """Defaults, with ``THUCYDIDES_ALLOW_PRIVATE``, ``THUCYDIDES_FETCH_CACHE`` (a path, or
        ``off``) and ``THUCYDIDES_FETCH_INTERVAL`` (seconds) from the environment."""
        opts = cls(allow_private=_env_flag("THUCYDIDES_ALLOW_PRIVATE"))
        cache = os.environ.get("THUCYDIDES_FETCH_CACHE")
        if cache:
            opts.cache_dir = None if cache.lower() in ("off", "none", "0") else Path(cache).expanduser()
        interval = os.environ.get("THUCYDIDES_FETCH_INTERVAL")
        if interval:
            try:
                opts.min_interval = max(0.0, float(interval))
            except ValueError:
                from ..errors import ConfigError

                raise ConfigError(f"THUCYDIDES_FETCH_INTERVAL must be a number of seconds, got {interval!r}") from None
        return opts


@dataclass
class FetchResult:
    """A fetched body with what the server said about it."""

    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content: bytes
    content_type: str = ""
    fetched_at: str = ""  # ISO 8601, UTC
    from_cache: bool = False
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None  # the Location of a redirect

    @property
    def charset(self) -> str | None:
        """The charset named in the Content-Type header, if any."""
        return charset_of(self.content_type)


def is_private_host(host: str) -> str | None:
    """The first private, loopback, link-local or otherwise non-public address ``host`` resolves
    to (as text), or None when every address is public. Raises IngestError when it does not resolve."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise IngestError(f"cannot resolve host {host!r}: {exc}") from None
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_multicast
                or addr.is_reserved or addr.is_unspecified):
            return str(addr)
    return None


def _now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Fetcher:
    """An HTTP client with manners (see the module docstring); one per run, reused for every URL."""

    def __init__(self, options: FetchOptions | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.options = options or FetchOptions()
        # Only the encodings _decompress undoes: the body is read raw so the size limit holds.
        headers = {"User-Agent": self.options.user_agent, "Accept-Encoding": "gzip, deflate"}
        self.client = httpx.Client(headers=headers, follow_redirects=False,
                                   timeout=httpx.Timeout(self.options.timeout), transport=transport)
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the connection pool."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public
    def fetch(self, url: str) -> FetchResult:
        """GET ``url`` politely (robots, rate limit, retries, cache, limits); raise IngestError on failure."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise IngestError(f"{url}: not an http(s) URL")
        self._check_address(url)  # before robots.txt: a refused host gets no request at all
        if self.options.respect_robots and not self.allowed(url):
            raise IngestError(f"{url}: disallowed by robots.txt")
        cached = self._cache_read(url)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            res = self._get_with_retries(current, cached if current == url else None)
            if res.status == 304 and cached is not None and current == url:
                cached.from_cache = True
                cached.fetched_at = res.fetched_at
                return cached
            if res.status in (301, 302, 303, 307, 308):
                target = res.location
                if not target:
                    raise IngestError(f"{current}: redirect ({res.status}) without a Location")
                current = urljoin(current, target)
                if self.options.respect_robots and not self.allowed(current):
                    raise IngestError(f"{current}: disallowed by robots.txt (redirected from {url})")
                continue
            if not 200 <= res.status < 300:
                raise IngestError(f"{current}: HTTP {res.status}")
            res.url = url
            res.final_url = current
            self._cache_write(res)
            return res
        raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def allowed(self, url: str) -> bool:
        """Whether robots.txt of the URL's host lets our User-Agent fetch it (cached per host)."""
        parser = self._robots_for(url)
        return True if parser is None else parser.can_fetch(self.options.user_agent, url)

    # -- robots
    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin in self._robots:
            return self._robots[origin]
        parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            res = self._get_with_retries(origin + "/robots.txt", None, retries=1)
            status, body = res.status, res.content
        except IngestError:
            status, body = 0, b""
        assert parser is not None
        # RFC 9309: a missing robots.txt (4xx) allows everything; an unreachable one (5xx, no
        # answer) means the site cannot say, so we stay out.
        if 400 <= status < 500:
            parser = None
        elif status >= 500 or status == 0:
            parser.parse(["User-agent: *", "Disallow: /"])
        elif status >= 300:  # redirect loop or worse: treat as missing
            parser = None
        else:
            parser.parse(body.decode("utf-8", "replace").splitlines())
        self._robots[origin] = parser
        return parser

    def _crawl_delay(self, url: str) -> float:
        parser = self._robots.get(_origin(url))
        if parser is None:
            return 0.0
        try:
            delay = parser.crawl_delay(self.options.user_agent)
        except (AttributeError, ValueError):
            delay = None
        return min(float(delay), MAX_CRAWL_DELAY) if delay else 0.0

    # -- the request itself
    def _wait_turn(self, url: str) -> None:
        host = urlsplit(url).netloc
        gap = max(self.options.min_interval, self._crawl_delay(url))
        with self._lock:
            wait = self._last.get(host, -1e9) + gap - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last[host] = time.monotonic()

    def _check_address(self, url: str) -> None:
        if self.options.allow_private:
            return
        bad = is_private_host(urlsplit(url).hostname or "")
        if bad:
            raise IngestError(f"{url}: refusing to fetch a private or loopback address ({bad}); "
                              "allow it with allow_private / THUCYDIDES_ALLOW_PRIVATE=1")

    def _get_with_retries(self, url: str, cached: FetchResult | None, retries: int | None = None) -> FetchResult:
        self._check_address(url)  # again here: a redirect may point anywhere
        headers = {}
        if cached is not None:
            if cached.etag:
                headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                headers["If-Modified-Since"] = cached.last_modified
        attempts = (self.options.retries if retries is None else retries) + 1
        last_error = ""
        for attempt in range(attempts):
            self._wait_turn(url)
            try:
                res, retry_after = self._get_once(url, headers)
            except (httpx.TimeoutException, httpx.TransportError) as exc:
                last_error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                res, retry_after = None, None
            finally:
                # the interval runs from the end of one request to the start of the next
                self._last[urlsplit(url).netloc] = time.monotonic()
            if res is not None and res.status not in RETRY_STATUSES:
                return res
            if res is not None:
                last_error = f"HTTP {res.status}"
            if attempt + 1 < attempts:
                delay = self.options.backoff * (2 ** attempt)
                if retry_after is not None:
                    if retry_after > MAX_RETRY_AFTER:
                        break
                    delay = max(delay, retry_after)
                time.sleep(delay)
        raise IngestError(f"{url}: {last_error} (after {attempts} attempt{'s' if attempts > 1 else ''})")

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[FetchResult, float | None]:
        limit = self.options.max_bytes
        deadline = time.monotonic() + self.options.timeout
        with self.client.stream("GET", url, headers=headers) as resp:
            fetched_at = _now_iso()
            retry_after = _retry_after(resp.headers.get("Retry-After"))
            if resp.status_code in (301, 302, 303, 307, 308):
                return FetchResult(url, url, resp.status_code, b"", location=resp.headers.get("Location"),
                                   fetched_at=fetched_at), None
            if resp.status_code >= 300:
                return FetchResult(url, url, resp.status_code, b"", fetched_at=fetched_at), retry_after
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise IngestError(f"{url}: page is {int(declared):,} bytes, over the {limit:,}-byte limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_raw():
                size += len(chunk)
                if size > limit:
                    raise IngestError(f"{url}: page is over the {limit:,}-byte limit")
                if time.monotonic() > deadline:
                    raise IngestError(f"{url}: took longer than {self.options.timeout:g} s")
                chunks.append(chunk)
            raw = b"".join(chunks)
            content = _decompress(raw, resp.headers.get("Content-Encoding", ""), limit, url)
            return FetchResult(url, url, resp.status_code, content, resp.headers.get("Content-Type", ""),
                               fetched_at, etag=resp.headers.get("ETag"),
                               last_modified=resp.headers.get("Last-Modified")), retry_after

    # -- the on-disk cache (only responses with a validator are kept: others cannot be revalidated)
    def _cache_paths(self, url: str) -> tuple[Path, Path] | None:
        if self.options.cache_dir is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        base = self.options.cache_dir / key[:2]
        return base / f"{key}.json", base / f"{key}.body"

    def _cache_read(self, url: str) -> FetchResult | None:
        paths = self._cache_paths(url)
        if paths is None or not paths[0].is_file():
            return None
        try:
            meta = json.loads(paths[0].read_text(encoding="utf-8"))
            body = paths[1].read_bytes()
            return FetchResult(url=url, final_url=meta["final_url"], status=int(meta["status"]), content=body,
                               content_type=meta.get("content_type", ""), fetched_at=meta.get("fetched_at", ""),
                               etag=meta.get("etag"), last_modified=meta.get("last_modified"))
        except (OSError, ValueError, KeyError):
            return None  # a damaged entry is a miss, not an error

    def _cache_write(self, res: FetchResult) -> None:
        paths = self._cache_paths(res.url)
        if paths is None or not (res.etag or res.last_modified):
            return
        meta = {"url": res.url, "final_url": res.final_url, "status": res.status, "content_type": res.content_type,
                "fetched_at": res.fetched_at, "etag": res.etag, "last_modified": res.last_modified}
        try:
            paths[0].parent.mkdir(parents=True, exist_ok=True)
            tmp = paths[1].with_suffix(".tmp")
            tmp.write_bytes(res.content)
            os.replace(tmp, paths[1])
            paths[0].write_text(json.dumps(meta), encoding="utf-8")
        except OSError:
            pass  # the cache is an optimisation: a read-only or full disk must not fail the fetch


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        from email.utils import parsedate_to_datetime

        when = parsedate_to_datetime(value)
        return max(0.0, (when - datetime.now(when.tzinfo or UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _decompress(raw: bytes, encoding: str, limit: int, url: str) -> bytes:
    """Undo Content-Encoding ourselves so that the size limit also bounds the decoded body."""
    enc = encoding.strip().lower()
    if enc in ("", "identity"):
        return raw
    import zlib

    if enc in ("gzip", "x-gzip", "deflate"):
        # 32 + MAX_WBITS reads both gzip and zlib framing; servers mislabel one as the other
        d = zlib.decompressobj(32 + zlib.MAX_WBITS)
        try:
            out = d.decompress(raw, limit + 1)
        except zlib.error as exc:
            raise IngestError(f"{url}: broken {enc} body: {exc}") from None
        if len(out) > limit:
            raise IngestError(f"{url}: page is over the {limit:,}-byte limit once decompressed")
        return out
    raise IngestError(f"{url}: unsupported Content-Encoding {encoding!r}")
