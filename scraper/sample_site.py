"""A small static web server for the bundled sample site, on loopback, for `scraper demo` and the tests.

Files may contain the placeholder ``{{BASE}}``, replaced by the server's own base URL,
so feeds and canonical links point back at it whatever port it got.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEXT_SUFFIXES = {".html", ".htm", ".xml", ".txt", ".json", ".rss", ".atom"}
TYPES = {".xml": "application/xml", ".rss": "application/rss+xml", ".atom": "application/atom+xml",
         ".html": "text/html; charset=utf-8", ".txt": "text/plain; charset=utf-8"}


class SampleSite:
    """Serve a folder on 127.0.0.1 (a free port by default) in a background thread."""

    def __init__(self, root: str | Path, host: str = "127.0.0.1", port: int = 0, delay: float = 0.0) -> None:
        self.root = Path(root).resolve()
        self.delay = delay  # seconds to wait before answering, to stand in for a slow web
        if not self.root.is_dir():
            raise FileNotFoundError(f"{root}: sample folder not found")
        self.host = host
        self.port = port
        self.requests: list[str] = []  # paths asked for, for tests and the demo log
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> SampleSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "SampleSite/1.0"

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                site.requests.append(self.path)
                if site.delay:
                    time.sleep(site.delay)
                path = self.path.split("?", 1)[0].split("#", 1)[0]
                if path.endswith("/"):
                    path += "index.html"
                target = (site.root / path.lstrip("/")).resolve()
                if site.root not in target.parents or not target.is_file():
                    self.send_error(404)
                    return
                body = target.read_bytes()
                if target.suffix in TEXT_SUFFIXES:
                    body = body.replace(b"{{BASE}}", site.base.encode())
                etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                kind = TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", formatdate(target.stat().st_mtime, usegmt=True))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return None

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="sample-site", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
