"""Reading a publication's title, date and medium from its web page, safely.

Fetching a link someone typed is a door into the portal's network: a page may be on an
address inside it (a router, a database, the cloud's metadata service at 169.254.169.254),
or a public page may redirect there. So, only when ``settings.PUBLICITY_FETCH_LINKS`` is on:

- only ``http`` and ``https`` links, without a user name or password, on the usual ports;
- the host name is resolved once, and **every** address it resolves to must be a public
  one (not private, loopback, link-local, multicast, reserved, unspecified, shared CGNAT
  100.64.0.0/10, IPv6 unique-local or link-local, nor a private IPv4 address inside an
  IPv6 one: mapped, 6to4, Teredo, NAT64); the connection then goes to the checked address
  itself (the Host header and, for https, the certificate check and SNI name the host), so
  a second resolution cannot answer differently;
- redirects are followed by hand, at most ``MAX_REDIRECTS``, each target checked the same
  way; no proxy from the environment is used;
- one deadline for the whole fetch (``PUBLICITY_FETCH_TIMEOUT`` seconds: resolution,
  connection, every read, every redirect); at most ``PUBLICITY_FETCH_MAX_BYTES`` of the
  body are read (the metadata is at the top of a page: a longer page is cut there);
- only ``text/html`` (or XHTML); the text is decoded by the declared character set, else
  the page's ``<meta charset>``, else UTF-8, falling back to Windows-1257 (Baltic).

The title comes from ``og:title``, ``twitter:title`` or ``<title>``; the date from
``article:published_time``, JSON-LD ``datePublished``, ``<meta name="date">`` (and its
kin), ``<time datetime>``, then ``og:updated_time``; the medium from ``og:site_name`` or
the host name.

``allow`` exists for tests only (views never pass it): a set of ``(ip, port)`` pairs the
checks let through when the link names that very IP address (a test's local server on
127.0.0.1); a host name resolving to it, or any other port, is still refused."""

import codecs
import concurrent.futures
import contextlib
import http.client
import ipaddress
import json
import logging
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("regionas.publicity")

MAX_REDIRECTS = 5
REDIRECTS = {301, 302, 303, 307, 308}
PORTS = {"http": {80, 8080}, "https": {443, 8443}}
HTML_TYPES = {"text/html", "application/xhtml+xml"}
CHUNK = 16 * 1024
USER_AGENT = "Regionas/1.0 (publicity log; reads a page's title and date)"
TITLE_LENGTH = 300
MEDIUM_LENGTH = 150

# Addresses inside other addresses' ranges that Python's flags do not all name.
SHARED = ipaddress.ip_network("100.64.0.0/10")           # carrier-grade NAT
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchRefused(Exception):
    """The page was not read; ``str()`` says why, for the person who typed the link.
    ``code``: disabled, scheme, port, address, resolve, connect, timeout, status,
    redirects, type, tls."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class PageInfo:
    url: str                  # the page finally read (after redirects)
    title: str = ""
    published_on: date | None = None
    medium: str = ""
    truncated: bool = False   # the page was longer than the size cap (read up to it)


# --- addresses -----------------------------------------------------------------------------

def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public_address(text: str) -> bool:
    """True only for an address on the public internet."""
    try:
        address = ipaddress.ip_address(text.split("%", 1)[0])   # drop an IPv6 zone id
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        inner = _embedded_ipv4(address)
        if inner is not None:
            return is_public_address(str(inner))
    if (address.is_private or address.is_loopback or address.is_link_local
            or address.is_multicast or address.is_reserved or address.is_unspecified):
        return False
    if isinstance(address, ipaddress.IPv4Address) and address in SHARED:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return False
    return address.is_global


# --- the deadline ---------------------------------------------------------------------------

class _Deadline:
    """One deadline for a whole fetch. Each socket operation waits at most the time left,
    and a watchdog shuts the fetch's sockets when the time is up, so a page that sends a
    byte now and then cannot keep the fetch going."""

    def __init__(self, seconds: float):
        self.ends = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        remaining = self.ends - time.monotonic()
        if remaining <= 0 or self.expired:
            raise FetchRefused(_("The page did not answer in time."), "timeout")
        return remaining

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


_resolver = concurrent.futures.ThreadPoolExecutor(max_workers=4,
                                                  thread_name_prefix="publicity-dns")


def _resolve(host: str, port: int, deadline: _Deadline) -> list[str]:
    """Every address ``host`` resolves to (resolution has no timeout of its own: it runs
    in a worker, waited for until the deadline)."""
    future = _resolver.submit(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM)
    try:
        found = future.result(timeout=deadline.left())
    except concurrent.futures.TimeoutError:
        raise FetchRefused(_("The page did not answer in time."), "timeout") from None
    except (OSError, UnicodeError):
        raise FetchRefused(_("The site's name was not found."), "resolve") from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        if sockaddr[0] not in addresses:
            addresses.append(sockaddr[0])
    if not addresses:
        raise FetchRefused(_("The site's name was not found."), "resolve")
    return addresses


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    path: str
    addresses: tuple[str, ...]


def _check(url: str, deadline: _Deadline, allow: frozenset) -> _Target:
    """The link's parts and the addresses to connect to, or FetchRefused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise FetchRefused(_("This is not a web address."), "scheme") from None
    scheme = parts.scheme.lower()
    if scheme not in PORTS or not parts.hostname:
        raise FetchRefused(_("Only http and https links can be read."), "scheme")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused(_("A link with a user name or password is not read."), "scheme")
    try:            # a Lithuanian domain (šilalė.lt) travels as xn--ilal-…; so do checks
        host = parts.hostname.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchRefused(_("This is not a web address."), "scheme") from None
    port = port or (443 if scheme == "https" else 80)
    literal = _literal(host)
    if literal is not None and (literal, port) in allow:
        addresses = (literal,)
    else:
        addresses = (literal,) if literal is not None else tuple(_resolve(host, port,
                                                                          deadline))
        refused = [a for a in addresses if not is_public_address(a)]
        if refused:
            logger.info("publicity fetch refused: %s resolves to %s", host, refused)
            raise FetchRefused(_("The link leads to an address inside a network (private, "
                                 "local or reserved): it is not read."), "address")
        if port not in PORTS[scheme]:
            raise FetchRefused(_("Links to unusual ports are not read."), "port")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return _Target(scheme, host, port, path, addresses)


def _literal(host: str) -> str | None:
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return None


# --- one request ---------------------------------------------------------------------------

class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to an address already checked: the Host header, the TLS
    certificate check and SNI name ``host``, the socket goes to ``address``."""

    def __init__(self, target: _Target, address: str, deadline: _Deadline):
        super().__init__(target.host, target.port, timeout=deadline.left())
        self.target, self.address, self.deadline = target, address, deadline
        self.default_port = 443 if target.scheme == "https" else 80   # "Host: name", no ":443"

    def connect(self):
        self.sock = socket.create_connection((self.address, self.target.port),
                                             timeout=self.deadline.left())
        self.deadline.watch(self.sock)
        if self.target.scheme == "https":
            context = ssl.create_default_context()
            self.sock = context.wrap_socket(self.sock, server_hostname=self.target.host)


def _request(target: _Target, deadline: _Deadline):
    last_error = None
    for address in target.addresses:
        connection = _PinnedConnection(target, address, deadline)
        try:
            connection.putrequest("GET", target.path, skip_accept_encoding=True)
            connection.putheader("User-Agent", USER_AGENT)
            connection.putheader("Accept", "text/html,application/xhtml+xml;q=0.9")
            connection.putheader("Accept-Language", "lt,en;q=0.7")
            connection.putheader("Accept-Encoding", "identity")
            connection.putheader("Connection", "close")
            connection.endheaders()
            response = connection.getresponse()
            return connection, response
        except FetchRefused:
            connection.close()
            raise
        except ssl.SSLError:
            connection.close()
            deadline.left()
            raise FetchRefused(_("The site's secure connection could not be checked."),
                               "tls") from None
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            deadline.left()                     # a timeout, or the watchdog cut it
            if isinstance(error, TimeoutError):
                raise FetchRefused(_("The page did not answer in time."),
                                   "timeout") from None
            last_error = error
    logger.info("publicity fetch: %s did not connect (%s)", target.host, last_error)
    raise FetchRefused(_("The site could not be reached."), "connect")


def _read(response, deadline: _Deadline, limit: int) -> tuple[bytes, bool]:
    """At most ``limit`` bytes of the body, within the deadline; whether it was cut."""
    chunks, size = [], 0
    while size < limit:
        deadline.left()
        try:
            chunk = response.read1(min(CHUNK, limit - size))
        except (OSError, http.client.HTTPException):
            deadline.left()                     # the watchdog cut it: a timeout
            raise FetchRefused(_("The page could not be read to the end."),
                               "connect") from None
        if not chunk:
            deadline.left()
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:limit], True


def fetch_page_info(url: str, *, allow: frozenset = frozenset()) -> PageInfo:
    """The title, date and medium of the page ``url`` links to; FetchRefused saying why
    not (fetching switched off, a refused address, a redirect to one, too slow, not a web
    page…). See the module's docstring for the checks. ``allow``: tests only."""
    if not settings.PUBLICITY_FETCH_LINKS:
        raise FetchRefused(_("Reading pages from links is switched off."), "disabled")
    deadline = _Deadline(settings.PUBLICITY_FETCH_TIMEOUT)
    try:
        return _fetch(url, deadline, settings.PUBLICITY_FETCH_MAX_BYTES, frozenset(allow))
    finally:
        deadline.cancel()


def _fetch(url: str, deadline: _Deadline, limit: int, allow: frozenset) -> PageInfo:
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        target = _check(current, deadline, allow)
        connection, response = _request(target, deadline)
        try:
            if response.status in REDIRECTS:
                location = (response.getheader("Location") or "").strip()
                if not location:
                    raise FetchRefused(_("The page answered with an error (%(status)s).")
                                       % {"status": response.status}, "status")
                current = urljoin(current, location)
                continue
            if not 200 <= response.status < 300:
                raise FetchRefused(_("The page answered with an error (%(status)s).")
                                   % {"status": response.status}, "status")
            content_type, charset = _content_type(response.getheader("Content-Type") or "")
            if content_type not in HTML_TYPES:
                raise FetchRefused(_("The link is not a web page (%(type)s).")
                                   % {"type": content_type or "?"}, "type")
            body, truncated = _read(response, deadline, limit)
        finally:
            connection.close()
            response.close()
        found = page_info(body, charset=charset, url=current)
        return PageInfo(url=current, title=found.title, published_on=found.published_on,
                        medium=found.medium, truncated=truncated)
    raise FetchRefused(_("The link redirects too many times."), "redirects")


def _content_type(header: str) -> tuple[str, str]:
    kind, _sep, rest = header.partition(";")
    charset = ""
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9_.:-]+)", rest, re.IGNORECASE)
    if match:
        charset = match.group(1)
    return kind.strip().lower(), charset


# --- reading the page ------------------------------------------------------------------------

META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode(body: bytes, charset: str = "") -> str:
    """The page's text: the declared charset, the page's own, UTF-8, then Windows-1257."""
    candidates = []
    if charset:
        candidates.append(charset)
    match = META_CHARSET.search(body[:4096])
    if match:
        candidates.append(match.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "cp1257"]
    for name in candidates:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        try:
            return body.decode(codec)
        except UnicodeDecodeError:
            if codec == "utf-8" and len(body) > 4:
                # a page cut at the size cap may end inside a character
                try:
                    return body[:-4].decode(codec) + body[-4:].decode(codec, "ignore")
                except UnicodeDecodeError:
                    pass
            continue
    return body.decode("utf-8", "replace")


class _MetaParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self._in_title = False
        self._in_json_ld = False
        self._script: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name.lower(): (value or "") for name, value in attrs}
        if tag == "meta":
            key = (attributes.get("property") or attributes.get("name")
                   or attributes.get("itemprop") or "").strip().lower()
            if key and "content" in attributes and key not in self.meta:
                self.meta[key] = attributes["content"]
        elif tag == "title":
            self._in_title = True
        elif tag == "time" and attributes.get("datetime"):
            self.times.append(attributes["datetime"])
        elif tag == "script" and attributes.get("type", "").lower() == "application/ld+json":
            self._in_json_ld, self._script = True, []

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            self.json_ld.append("".join(self._script))

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)
        elif self._in_json_ld:
            self._script.append(data)


@dataclass(frozen=True)
class _Found:
    title: str
    published_on: date | None
    medium: str


def _clean(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text[:limit - 1].rstrip() + "…" if len(text) > limit else text


def parse_date(text: str) -> date | None:
    """A date from ISO 8601 text (``2025-03-14``, ``2025-03-14T10:00:00+02:00``, ``…Z``);
    a moment with a zone is taken as the day it was in Lithuania."""
    text = (text or "").strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T", 1))
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    if timezone.is_aware(moment):
        return timezone.localtime(moment).date()
    return moment.date()


def _json_ld_dates(texts: list[str]) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("datePublished"), str):
                found.append(node["datePublished"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for text in texts:
        try:
            walk(json.loads(text))
        except (ValueError, RecursionError):
            continue
    return found


DATE_KEYS = ("article:published_time", "date", "dc.date", "dc.date.issued",
             "dcterms.created", "pubdate", "publishdate", "datepublished")
UPDATED_KEYS = ("og:updated_time", "article:modified_time")


def page_info(body: bytes, *, charset: str = "", url: str = "") -> _Found:
    """The title, the date and the medium an HTML page's metadata give."""
    parser = _MetaParser()
    try:
        parser.feed(decode(body, charset))
        parser.close()
    except Exception:  # noqa: BLE001 - a broken page gives what was read before it broke
        logger.debug("publicity fetch: the page of %s did not parse to the end", url)
    meta = parser.meta
    title = (meta.get("og:title") or meta.get("twitter:title")
             or "".join(parser.title_parts))
    candidates = [meta.get("article:published_time", "")]
    candidates += _json_ld_dates(parser.json_ld)
    candidates += [meta.get(key, "") for key in DATE_KEYS[1:]]
    candidates += parser.times
    candidates += [meta.get(key, "") for key in UPDATED_KEYS]
    published = next((day for day in map(parse_date, candidates) if day is not None), None)
    medium = meta.get("og:site_name", "")
    if not medium.strip() and url:
        host = (urlsplit(url).hostname or "").lower()
        medium = host[4:] if host.startswith("www.") else host
    return _Found(_clean(title, TITLE_LENGTH), published, _clean(medium, MEDIUM_LENGTH))
