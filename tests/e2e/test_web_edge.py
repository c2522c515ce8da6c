"""The web edge as attackers and offices behind NAT meet it: `arshjul web` as a process of
its own, first alone, then behind nginx configured by deploy/nginx/arshjul.conf (Debian's
package; the test puts in its own ports, a self-signed certificate and the upstream).

Probes, each while legitimate requests must still be answered: headers sent slowly, a
body sent a byte every two seconds, hundreds of connections with half-sent headers from
one client address, and a forged X-Forwarded-For against the sign-in limit. Attackers
come from 127.0.0.2, legitimate clients from 127.0.0.1 (both loopback)."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from arshjul.models.db import create_schema, make_engine
from arshjul.models.tables import SignInRequest
from sqlmodel import Session, select

from arshjul.core.web_access import digest
from tests.factories import MAIL_TEMPLATE, plan_into
from tests.oidc_provider import free_port
from tests.processes import running
from tests.smtp_server import Inbox, start

pytestmark = pytest.mark.e2e  # real servers and timeouts: about a minute and a half

ROOT = Path(__file__).resolve().parents[2]
ARSHJUL = str(Path(sys.executable).with_name("arshjul"))
CONFIG = ROOT / "deploy" / "nginx" / "arshjul.conf"
ATTACKER = "127.0.0.2"
PARTIAL = b"GET /logga-in HTTP/1.1\r\nHost: arshjul\r\nX-Slow: "


@dataclass(frozen=True)
class App:
    port: int
    url: str  # the database
    stderr: Path

    def clients_seen(self) -> list[str]:
        engine = make_engine(self.url)
        with Session(engine) as session:
            seen = [r.client_hash for r in session.exec(select(SignInRequest))]
        engine.dispose()
        return seen


@contextlib.contextmanager
def app(tmp_path: Path, **settings: str) -> Iterator[App]:
    """`arshjul web` over a planned database, mail to a real SMTP server, with `settings`
    (ARSHJUL_WEB_… without the prefix)."""
    url = f"sqlite:///{tmp_path / 'web.db'}"
    engine = make_engine(url)
    create_schema(engine)
    plan_into(engine, MAIL_TEMPLATE)
    engine.dispose()
    port = free_port()
    inbox = Inbox()
    smtp, smtp_port = start(inbox)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARSHJUL_")} | {
        "ARSHJUL_HOME": str(tmp_path / "home"),
        "ARSHJUL_DATABASE_URL": url,
        "ARSHJUL_MAIL_CHANNEL": "smtp",
        "ARSHJUL_SMTP_HOST": "127.0.0.1",
        "ARSHJUL_SMTP_PORT": str(smtp_port),
        "ARSHJUL_SMTP_STARTTLS": "false",
        **{f"ARSHJUL_WEB_{name.upper()}": value for name, value in settings.items()},
    }
    stderr = tmp_path / "web.stderr"
    try:
        with (
            stderr.open("wb") as errors,
            running(
                [ARSHJUL, "web", "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=errors,
            ),
        ):
            _wait_for(lambda: httpx.get(f"http://127.0.0.1:{port}/logga-in", timeout=2))
            yield App(port, url, stderr)
    finally:
        smtp.stop()


def _wait_for(probe: object, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if probe().status_code < 500:  # type: ignore[operator]
                return
        except (httpx.HTTPError, OSError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the server did not answer in time")
        time.sleep(0.2)


def _connect(port: int, source: str, tls: ssl.SSLContext | None = None) -> socket.socket:
    raw = socket.socket()
    raw.bind((source, 0))
    raw.settimeout(10)
    raw.connect(("127.0.0.1", port))
    return tls.wrap_socket(raw, server_hostname="127.0.0.1") if tls else raw


def _closed_with(sock: socket.socket, seconds: float) -> bytes | None:
    """What the server answered, or sent before closing, within `seconds`; None if it
    neither answered nor closed (an answer with the connection kept open counts: nginx
    keeps a refused request's connection to read the rest of its body)."""
    sock.settimeout(seconds)
    got = b""
    try:
        while True:
            more = sock.recv(4096)
            if not more:
                return got
            got += more
            sock.settimeout(0.2)  # the rest of an answer comes at once
    except TimeoutError:
        return got or None
    except (ConnectionResetError, ssl.SSLError):
        return got


def _sign_in_asks(base: str, count: int, *, verify: ssl.SSLContext | bool = True) -> list[int]:
    """`count` link requests from the attacker's address, each for another address and
    each with another forged X-Forwarded-For."""
    transport = httpx.HTTPTransport(local_address=ATTACKER, verify=verify)
    with httpx.Client(base_url=base, transport=transport, timeout=10) as client:
        page = client.get("/logga-in").text
        token = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
        return [
            client.post(
                "/logga-in",
                data={"email": f"person{n}@example.org", "csrf": token},
                headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
            ).status_code
            for n in range(count)
        ]


def _legitimate(base: str, times: int, verify: ssl.SSLContext | bool = True) -> list[int]:
    answers = []
    for _ in range(times):
        with httpx.Client(base_url=base, verify=verify, timeout=10) as client:
            answers.append(client.get("/logga-in").status_code)
    return answers


def test_arshjul_web_alone_cuts_slow_clients_and_greedy_ones(tmp_path: Path) -> None:
    with app(
        tmp_path, client_timeout="3", connections_per_client="20", sign_in_per_client="3"
    ) as web:
        base = f"http://127.0.0.1:{web.port}"
        # the startup said that SMTP with the default domains is a bad idea
        assert "ARSHJUL_MAIL_FROM har domänen 'localhost'" in web.stderr.read_text()

        slow_headers = _connect(web.port, ATTACKER)
        slow_headers.sendall(PARTIAL)
        answer = _closed_with(slow_headers, 20)
        assert answer is not None and answer.startswith(b"HTTP/1.1 408"), answer

        trickle = _connect(web.port, ATTACKER)
        trickle.sendall(
            b"POST /logga-in HTTP/1.1\r\nHost: arshjul\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\n"
        )
        sent, answer = 0, None
        while sent < 100 and answer is None:
            with contextlib.suppress(OSError):
                trickle.sendall(b"a")
                sent += 1
            answer = _closed_with(trickle, 2)  # a byte every two seconds
        assert answer is not None and answer.startswith(b"HTTP/1.1 408") and sent < 20, sent
        print(f"alone: a body at a byte every 2 s got 408 after {sent} bytes")

        greedy = [_connect(web.port, ATTACKER) for _ in range(500)]
        try:
            for sock in greedy:
                with contextlib.suppress(OSError):
                    sock.sendall(PARTIAL)
            assert _legitimate(base, 10) == [200] * 10
            refused = sum(
                (_closed_with(sock, 0.05) or b"").startswith(b"HTTP/1.1 503") for sock in greedy
            )
            assert refused >= 470  # one address keeps 20 connections at most
            print(f"alone: {refused} of 500 half-sent connections closed with 503")
        finally:
            for sock in greedy:
                sock.close()

        # no proxy is trusted: the forged X-Forwarded-For is not believed
        assert _sign_in_asks(base, 4) == [200, 200, 200, 429]
        assert set(web.clients_seen()) == {digest(ATTACKER)}


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, valid for a day."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass(frozen=True)
class Proxy:
    https: int
    http: int
    tls: ssl.SSLContext

    @property
    def base(self) -> str:
        return f"https://127.0.0.1:{self.https}"


@contextlib.contextmanager
def nginx(tmp_path: Path, app_port: int) -> Iterator[Proxy]:
    """Debian's nginx with deploy/nginx/arshjul.conf as shipped, but for its ports, its
    certificate and its upstream, inside a minimal nginx.conf of the test's own."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.skip("Debian's nginx is needed: apt-get install -y nginx")
    folder = tmp_path / "nginx"
    folder.mkdir()
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / temp).mkdir(mode=0o777)
        (folder / temp).chmod(0o777)  # nginx's workers run as nobody when started by root
    cert, key = _certificate(folder)
    https, http = free_port(), free_port()
    site = CONFIG.read_text()
    for shipped, ours in {
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https} ssl http2;",
        "listen 80;": f"listen 127.0.0.1:{http};",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "/etc/ssl/certs/arshjul.example.org.pem": str(cert),
        "/etc/ssl/private/arshjul.example.org.key": str(key),
    }.items():
        assert shipped in site, shipped  # the shipped file still has the shape tested
        site = site.replace(shipped, ours)
    (folder / "arshjul.conf").write_text(site)
    (folder / "nginx.conf").write_text(
        f"""
worker_processes 2;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/arshjul.conf;
}}
"""
    )
    checked = subprocess.run(
        [binary, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert checked.returncode == 0, checked.stderr
    tls = ssl.create_default_context(cafile=str(cert))
    args = [binary, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", "stderr"]
    with running(
        [*args, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ):
        proxy = Proxy(https, http, tls)
        _wait_for(lambda: httpx.get(f"{proxy.base}/logga-in", verify=tls, timeout=2))
        yield proxy


def test_behind_nginx_slow_and_greedy_clients_meet_the_proxy(tmp_path: Path) -> None:
    with (
        app(tmp_path, trusted_proxies="127.0.0.1", sign_in_per_client="3") as web,
        nginx(tmp_path, web.port) as proxy,
    ):
        base, tls = proxy.base, proxy.tls
        plain = httpx.get(f"http://127.0.0.1:{proxy.http}/logga-in", timeout=5)
        assert plain.status_code == 301 and plain.headers["location"].startswith("https://")
        assert _legitimate(base, 3, tls) == [200] * 3

        # the address nginx saw is the one the application counts; the forged one is not
        assert _sign_in_asks(base, 4, verify=tls) == [200, 200, 200, 429]
        assert set(web.clients_seen()) == {digest(ATTACKER)}

        # a body bigger than a form is refused by nginx before the application sees it
        big = httpx.post(
            f"{base}/logga-in",
            content=b"a" * 100_000,
            verify=tls,
            timeout=10,
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert big.status_code == 413

        # greedy: 500 connections with half-sent headers, and 40 requests whose bodies
        # trickle, all from one address; legitimate requests are answered meanwhile
        greedy = [_connect(proxy.https, ATTACKER, tls) for _ in range(500)]
        trickles = [_connect(proxy.https, ATTACKER, tls) for _ in range(40)]
        try:
            for sock in greedy:
                sock.sendall(PARTIAL)
            for sock in trickles:
                sock.sendall(
                    b"POST /logga-in HTTP/1.1\r\nHost: arshjul\r\nContent-Length: 100\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\n\r\na"
                )
            time.sleep(1)
            assert _legitimate(base, 10, tls) == [200] * 10
            over = [_closed_with(sock, 0.2) for sock in trickles]
            limited = [a for a in over if a is not None and a.startswith(b"HTTP/1.1 429")]
            assert len(limited) == 40 - 32  # one address has 32 requests answered at once
            print(f"behind nginx: {len(limited)} of 40 trickling requests got 429 at once")
            for _ in range(4):  # a byte every two seconds to the ones still held
                for sock in trickles:
                    with contextlib.suppress(OSError):
                        sock.sendall(b"a")
                assert _legitimate(base, 2, tls) == [200, 200]
                time.sleep(2)
            # a half-sent header is cut after nginx's 10 s; a body that pauses 10 s too
            assert _closed_with(greedy[0], 15) is not None
            held = [s for s, a in zip(trickles, over, strict=True) if a is None]
            assert _closed_with(held[0], 15) is not None
        finally:
            for sock in greedy + trickles:
                sock.close()
        assert _legitimate(base, 3, tls) == [200] * 3
