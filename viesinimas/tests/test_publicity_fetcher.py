"""The fetcher that reads a publication's title and date from its link, against local HTTP
servers: it reads a page's metadata, and refuses what could reach into the portal's network
— a private or loopback address (after the name is resolved, and on every redirect), a name
that resolves to one — and pages too slow, too large or not HTML; with fetching off it
never connects.

The local servers are on 127.0.0.1, which the fetcher refuses; a test lets exactly one
(ip, port) through with ``allow=`` (views never pass it)."""

import socket
import ssl
import subprocess
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from conftest import require_program
from viesinimas import fetcher
from viesinimas.fetcher import FetchRefused, fetch_page_info, is_public_address, page_info

PAGE = """<!doctype html><html lang="lt"><head><meta charset="utf-8">
<title>Straipsnis | Pajūrio naujienos</title>
<meta property="og:title" content="Kretingos bibliotekoje – Bibliotekų savaitė">
<meta property="og:site_name" content="Pajūrio naujienos">
<meta property="article:published_time" content="2025-04-23T21:30:00+00:00">
</head><body><h1>Straipsnis</h1></body></html>"""


class Server:
    """A local HTTP server whose ``routes`` map a path to a function(handler); every
    request is recorded (path, Host header)."""

    def __init__(self):
        self.routes = {}
        self.requests = []
        self.stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 - the standard library's name
                server.requests.append((self.path, self.headers.get("Host")))
                route = server.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_error(404)
                    return
                route(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)
        self.thread.start()

    @property
    def allow(self) -> frozenset:
        return frozenset({("127.0.0.1", self.port)})

    def url(self, path="/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self):
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def html(body: str, *, status=200, content_type="text/html; charset=utf-8", encoding="utf-8"):
    data = body.encode(encoding)

    def respond(handler):
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return respond


def direct(port: int, timeout=None) -> socket.socket:
    """A connection to the local server without asking the (patched) resolver."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    sock.connect(("127.0.0.1", port))
    return sock


def redirect(location: str, status=302):
    def respond(handler):
        handler.send_response(status)
        handler.send_header("Location", location)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return respond


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


@pytest.fixture
def other_server():
    running = Server()
    running.routes["/"] = html(PAGE)
    yield running
    running.close()


@pytest.fixture(autouse=True)
def _fetching_on(settings):
    settings.PUBLICITY_FETCH_LINKS = True
    settings.PUBLICITY_FETCH_TIMEOUT = 2
    settings.PUBLICITY_FETCH_MAX_BYTES = 50_000


def refused(url, allow=frozenset()) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch_page_info(url, allow=allow)
    return caught.value.code


# --- a page read ---------------------------------------------------------------------------------

def test_a_pages_title_date_and_medium_are_read(server, settings):
    settings.TIME_ZONE = "Europe/Vilnius"
    server.routes["/straipsnis"] = html(PAGE)
    info = fetch_page_info(server.url("/straipsnis?id=5"), allow=server.allow)
    assert info.title == "Kretingos bibliotekoje – Bibliotekų savaitė"
    assert info.medium == "Pajūrio naujienos"
    assert info.published_on == date(2025, 4, 24)        # 21:30 UTC is the next day in Vilnius
    assert not info.truncated
    assert server.requests == [("/straipsnis?id=5", f"127.0.0.1:{server.port}")]


def test_a_redirect_within_the_allowed_server_is_followed(server):
    server.routes["/trumpa"] = redirect("/straipsnis", 301)
    server.routes["/straipsnis"] = html(PAGE)
    info = fetch_page_info(server.url("/trumpa"), allow=server.allow)
    assert info.url == server.url("/straipsnis")
    assert info.title.startswith("Kretingos")


def test_a_page_in_the_baltic_encoding_is_decoded(server):
    server.routes["/"] = html("<html><head><title>Šilalės artojas: ūkininkų šventė</title>"
                              "</head></html>", content_type="text/html; charset=windows-1257",
                              encoding="cp1257")
    assert fetch_page_info(server.url(), allow=server.allow).title == \
        "Šilalės artojas: ūkininkų šventė"


def test_a_page_without_a_declared_charset_falls_back(server):
    server.routes["/meta"] = html('<html><head><meta charset="windows-1257">'
                                  "<title>Tauragės kurjeris</title></head></html>",
                                  content_type="text/html", encoding="cp1257")
    server.routes["/baltic"] = html("<title>Jurbarko šviesa</title>", content_type="text/html",
                                    encoding="cp1257")
    assert fetch_page_info(server.url("/meta"), allow=server.allow).title == "Tauragės kurjeris"
    assert fetch_page_info(server.url("/baltic"), allow=server.allow).title == "Jurbarko šviesa"


# --- refused: addresses --------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["http://169.254.169.254/latest/meta-data/",
                                    "http://10.0.0.1/", "http://[::1]/",
                                    "http://100.64.1.1/", "http://[::ffff:192.168.0.1]/"])
def test_a_redirect_to_an_address_inside_a_network_is_refused(server, target):
    server.routes["/"] = redirect(target)
    assert refused(server.url(), server.allow) == "address"
    assert len(server.requests) == 1


def test_a_redirect_to_another_loopback_port_is_refused(server, other_server):
    server.routes["/"] = redirect(other_server.url())
    assert refused(server.url(), server.allow) == "address"
    assert other_server.requests == []


def test_a_name_that_resolves_to_loopback_is_refused_even_on_the_allowed_port(server):
    server.routes["/"] = html(PAGE)
    assert refused(f"http://localhost:{server.port}/", server.allow) == "address"
    server.routes["/to-name"] = redirect(f"http://localhost:{server.port}/")
    assert refused(server.url("/to-name"), server.allow) == "address"
    assert [path for path, _host in server.requests] == ["/to-name"]


def test_without_allow_the_local_server_is_refused(server):
    server.routes["/"] = html(PAGE)
    assert refused(server.url()) == "address"
    assert server.requests == []


def test_every_resolved_address_must_be_public(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.10", port))]

    connected = []
    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: connected.append(a))
    assert refused("http://naujienos.example/straipsnis") == "address"
    assert connected == []


def test_the_connection_goes_to_the_checked_address_without_resolving_again(
        server, monkeypatch):
    """DNS rebinding: the name answers a public address once and loopback afterwards; the
    fetcher resolves once and connects to the address it checked (here played by the local
    server), with the name in the Host header."""
    server.routes["/"] = html(PAGE)
    answers = iter(["93.184.216.34"] + ["127.0.0.1"] * 5)
    resolved, connected = [], []

    def resolve(host, port, *args, **kwargs):
        resolved.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    def connect(address, *args, **kwargs):
        connected.append(address)
        return direct(server.port, kwargs.get("timeout"))

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(socket, "create_connection", connect)
    info = fetch_page_info("http://naujienos.example/")
    assert info.title.startswith("Kretingos") and info.medium == "Pajūrio naujienos"
    assert resolved == ["naujienos.example"]
    assert connected == [("93.184.216.34", 80)]
    assert server.requests == [("/", "naujienos.example")]


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1",
                                     "169.254.169.254", "100.64.0.1",
                                     "0.0.0.0", "224.0.0.1",  # noqa: S104 - refused, not bound
                                     "240.0.0.1", "255.255.255.255", "192.0.2.1", "::1", "::",
                                     "fe80::1", "fe80::1%eth0", "fc00::1", "fd12:3456::1",
                                     "ff02::1", "fec0::1", "2001:db8::1", "::ffff:10.0.0.1",
                                     "::ffff:127.0.0.1", "2002:a00:1::1", "64:ff9b::a00:1",
                                     "2001:0:4136:e378:8000:63bf:f5ff:fffe", "nonsense"])
def test_addresses_inside_networks_are_not_public(address):
    assert not is_public_address(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2a00:1450:4001:80e::200e",
                                     "::ffff:93.184.216.34"])
def test_public_addresses_are_public(address):
    assert is_public_address(address)


# --- refused: links, sizes, time, types ----------------------------------------------------------

@pytest.mark.parametrize("url", ["ftp://pajurionaujienos.lt/", "file:///etc/passwd",
                                 "javascript:alert(1)", "http://vartotojas:slaptas@8.8.8.8/",
                                 "gopher://8.8.8.8/", "http://"])
def test_only_plain_http_and_https_links_are_read(url):
    assert refused(url) == "scheme"


def test_a_lithuanian_domain_is_resolved_as_punycode(monkeypatch):
    asked = []

    def resolve(host, port, *args, **kwargs):
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert refused("https://šilalė.lt/naujienos") == "address"
    assert asked == ["xn--ilal-yva35b.lt"]


def test_a_public_address_on_an_unusual_port_is_refused():
    assert refused("http://93.184.216.34:6379/") == "port"


def test_a_redirect_to_another_scheme_is_refused(server):
    server.routes["/"] = redirect("file:///etc/passwd")
    assert refused(server.url(), server.allow) == "scheme"


def test_too_many_redirects_are_refused(server):
    for hop in range(10):
        server.routes[f"/{hop}"] = redirect(f"/{hop + 1}")
    assert refused(server.url("/0"), server.allow) == "redirects"
    assert len(server.requests) == fetcher.MAX_REDIRECTS + 1


def test_an_oversized_page_is_cut_at_the_cap(server, settings):
    settings.PUBLICITY_FETCH_MAX_BYTES = 20_000
    sent = []

    def endless(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.end_headers()
        handler.wfile.write(b"<html><head><title>Ilgas puslapis</title></head><body>")
        try:
            for _ in range(20_000):                       # up to 160 MB, if nobody stops it
                handler.wfile.write(b"x" * 8192)
                sent.append(8192)
        except OSError:
            pass

    server.routes["/"] = endless
    started = time.monotonic()
    info = fetch_page_info(server.url(), allow=server.allow)
    assert info.truncated and info.title == "Ilgas puslapis"
    assert time.monotonic() - started < 2
    time.sleep(0.2)
    assert sum(sent) < 20_000_000                          # the fetcher stopped reading


def test_a_slow_page_times_out(server, settings):
    settings.PUBLICITY_FETCH_TIMEOUT = 1

    def slow(handler):
        server.stop.wait(3)
        html(PAGE)(handler)

    server.routes["/"] = slow
    started = time.monotonic()
    assert refused(server.url(), server.allow) == "timeout"
    assert time.monotonic() - started < 1.8


def test_a_page_that_drips_a_byte_at_a_time_times_out_as_a_whole(server, settings):
    settings.PUBLICITY_FETCH_TIMEOUT = 1

    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            while not server.stop.wait(0.1):
                handler.wfile.write(b" ")
                handler.wfile.flush()
        except OSError:
            pass

    server.routes["/"] = drip
    started = time.monotonic()
    assert refused(server.url(), server.allow) == "timeout"
    assert time.monotonic() - started < 1.8


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/json",
                                          "text/plain", ""])
def test_what_is_not_html_is_refused(server, content_type):
    server.routes["/"] = html("%PDF-1.4", content_type=content_type)
    assert refused(server.url(), server.allow) == "type"


def test_an_error_page_is_refused(server):
    server.routes["/"] = html("<title>Nerasta</title>", status=404)
    assert refused(server.url("/nera"), server.allow) == "status"


def test_with_fetching_off_nothing_is_connected(server, settings, monkeypatch):
    settings.PUBLICITY_FETCH_LINKS = False
    server.routes["/"] = html(PAGE)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: pytest.fail("resolved"))
    assert refused(server.url(), server.allow) == "disabled"
    assert server.requests == []


# --- https: the certificate is checked against the host name -----------------------------------

@pytest.fixture
def tls_server(tmp_path):
    openssl = require_program("openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=naujienos.example", "-addext",
                    "subjectAltName=DNS:naujienos.example", "-keyout", str(key), "-out",
                    str(cert)], check=True, capture_output=True)
    running = Server()
    running.routes["/"] = html(PAGE)
    names = []
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    running.httpd.socket = context.wrap_socket(running.httpd.socket, server_side=True)
    running.sni, running.cert = names, cert
    yield running
    running.close()


def _pin(monkeypatch, tls_server):
    monkeypatch.setattr(socket, "getaddrinfo", lambda host, port, *a, **k: [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port))])
    monkeypatch.setattr(socket, "create_connection",
                        lambda address, *a, **k: direct(tls_server.port, k.get("timeout")))


def test_https_names_the_host_for_sni_and_the_certificate(tls_server, monkeypatch):
    _pin(monkeypatch, tls_server)
    real_context = ssl.create_default_context

    def trusting_the_test_certificate(*args, **kwargs):
        context = real_context(*args, **kwargs)
        context.load_verify_locations(tls_server.cert)
        return context

    monkeypatch.setattr(ssl, "create_default_context", trusting_the_test_certificate)
    info = fetch_page_info("https://naujienos.example/")
    assert info.title.startswith("Kretingos")
    assert tls_server.sni == ["naujienos.example"]
    assert tls_server.requests == [("/", "naujienos.example")]


def test_https_with_an_untrusted_certificate_is_refused(tls_server, monkeypatch):
    _pin(monkeypatch, tls_server)
    assert refused("https://naujienos.example/") == "tls"
    assert tls_server.requests == []


# --- reading the metadata ----------------------------------------------------------------------

def test_the_title_falls_back_to_twitter_then_the_title_tag():
    assert page_info(b'<meta name="twitter:title" content="Tviteris"><title>T</title>').title \
        == "Tviteris"
    assert page_info(b"<title>\n  Bibliotekos   naujienos \n</title>").title == \
        "Bibliotekos naujienos"


@pytest.mark.parametrize("markup,expected", [
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
     '"datePublished": "2025-03-14T09:00:00+02:00"}]}</script>', date(2025, 3, 14)),
    ('<meta name="date" content="2025-02-01">', date(2025, 2, 1)),
    ('<time datetime="2025-01-20T10:00">20 d.</time>', date(2025, 1, 20)),
    ('<meta property="og:updated_time" content="2024-12-31T23:30:00Z">', date(2025, 1, 1)),
    ('<meta name="date" content="vakar">', None),
    ('<script type="application/ld+json">{broken</script>', None),
])
def test_the_date_comes_from_the_metadata(markup, expected, settings):
    settings.TIME_ZONE = "Europe/Vilnius"
    assert page_info(f"<html><head>{markup}</head></html>".encode()).published_on == expected


def test_the_published_time_wins_over_the_updated_time():
    markup = (b'<meta property="og:updated_time" content="2025-05-05">'
              b'<meta property="article:published_time" content="2025-05-01">')
    assert page_info(markup).published_on == date(2025, 5, 1)


def test_the_medium_falls_back_to_the_host_name():
    assert page_info(b"<title>x</title>", url="https://www.silalesartojas.lt/a").medium == \
        "silalesartojas.lt"


def test_a_long_title_is_shortened_and_entities_are_decoded():
    info = page_info(("<title>" + "Ž" * 400 + "</title>").encode())
    assert len(info.title) == 300 and info.title.endswith("…")
    assert page_info(b"<title>A &amp; B &#8211; C</title>").title == "A & B – C"
