"""A real HTTP server on 127.0.0.1 (http.server in a thread) and small news pages, for the source tests.

The pages are written here by hand: short political news reports with their own publication
date in a ``<meta property="article:published_time">``, boilerplate around the article, and a
German one that must be detected and left uncoded.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def news_page(title: str, date: str, paragraphs: list[str], lang: str = "en") -> str:
    """A small but realistic news page: navigation, the article with its date, a footer."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title} | World Desk</title>'
            f'<meta property="article:published_time" content="{date}T08:30:00+00:00"></head>'
            f'<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>Copyright World Desk. All rights reserved.</footer></body></html>")


NEWS = {
    "/news/france-iran.html": news_page("France condemns Iran", "2024-03-04", [
        "France condemned Iran on Monday over its nuclear programme.",
        "The French foreign ministry said the enrichment work broke earlier commitments and urged Tehran "
        "to return to talks.",
        "Iran rejected the criticism."]),
    "/news/china-russia.html": news_page("China and Russia hold talks", "2024-03-05", [
        "Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Beijing on Tuesday.",
        "The two ministers agreed to deepen cooperation on trade and security."]),
    "/news/japan-aid.html": news_page("Japan sends aid", "2024-03-06", [
        "Japan sent humanitarian aid to the Philippines on Wednesday after a typhoon struck the country.",
        "The United States also promised to help."]),
}

GERMAN = news_page("Bundesregierung verschärft Sanktionen", "2024-03-07", [
    "Die Bundesregierung hat am Donnerstag die Sanktionen gegen Russland verschärft.",
    "Außenministerin Annalena Baerbock sagte in Berlin, man werde die Ukraine weiter unterstützen und "
    "die Zusammenarbeit mit den europäischen Partnern vertiefen.",
    "Moskau kritisierte die Entscheidung scharf und kündigte Gegenmaßnahmen an."], lang="de")


def rss(base: str, paths: list[str]) -> str:
    """An RSS 2.0 feed linking to ``paths`` on ``base``."""
    items = "".join(f"<item><title>Item {i}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
                    f"<pubDate>Mon, 0{4 + i} Mar 2024 09:00:00 GMT</pubDate></item>" for i, p in enumerate(paths))
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>World Desk</title>'
            f"<link>{base}/</link><description>World news</description>{items}</channel></rss>")


def atom(base: str, paths: list[str]) -> str:
    """An Atom feed linking to ``paths`` on ``base``."""
    entries = "".join(f'<entry><title>Entry {i}</title><link href="{base}{p}"/><id>tag:worlddesk,2024:{i}</id>'
                      f"<updated>2024-03-0{4 + i}T09:00:00Z</updated></entry>" for i, p in enumerate(paths))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>World Desk</title><id>tag:worlddesk,2024:feed</id><updated>2024-03-07T00:00:00Z</updated>"
            f"{entries}</feed>")


Handler = Callable[["Site", BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """The routes of the test server and what it saw (paths and headers of every request)."""

    routes: dict[str, tuple[int, dict[str, str], bytes] | Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    base: str = ""

    def hits(self, path: str) -> int:
        """How many requests asked for ``path``."""
        return sum(1 for p, _ in self.requests if p == path)

    def page(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None, status: int = 200) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = (status, {"Content-Type": ctype, **(headers or {})}, data)


def start_server(site: Site) -> tuple[ThreadingHTTPServer, threading.Thread]:
    """Serve ``site`` on an ephemeral port of 127.0.0.1 from a daemon thread."""

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            path = self.path.split("?", 1)[0]
            site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(path)
            if route is None:
                self._send(404, {"Content-Type": "text/plain"}, b"not found")
            elif callable(route):
                route(site, self)
            else:
                self._send(*route)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), H)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


def send(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes) -> None:
    """Answer a request from a callable route."""
    handler._send(status, headers, body)  # type: ignore[attr-defined]
