"""An organization's remote logo, fetched by us for the certificate PDF and embedded as a data: URL.

WeasyPrint fetches nothing but data: URLs (a template must not make the server read files or call hosts), so a
logo at `https://...` would be missing from the PDF. This fetches it under rules that keep it from becoming a
way into the network the server sits in: http and https only; every address the host resolves to must be
public (no loopback, private, link-local, multicast or reserved address, checked on the address actually
connected to, redirects included) unless LEARNBOT_CERTIFICATE_LOGO_PRIVATE_ADDRESSES allows them (tests, an
intranet); at most 3 redirects, 5 seconds and 1 MB; an image content type only. Each URL's outcome is kept for
an hour (a failure for 5 minutes), so a burst of PDFs costs one fetch. A logo that cannot be fetched is logged
and left out: the PDF is made without it.
"""

import asyncio
import base64
import ipaddress
import logging
import socket
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

log = logging.getLogger(__name__)

MAX_BYTES = 1_000_000
TIMEOUT_SECONDS = 5.0
MAX_REDIRECTS = 3
KEEP_SECONDS = 3600.0
KEEP_FAILURE_SECONDS = 300.0
CACHE_SIZE = 256
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class Refused(Exception):
    """Why a logo is not fetched (said in the log)."""


def public(address: str) -> bool:
    """An address on the internet at large, not one of the networks around the server."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class PublicOnlyResolver(AbstractResolver):
    """Resolves as aiohttp does, then refuses a host any of whose addresses is not public: the connection goes
    to an address checked here, so a name cannot resolve to a public address for a check and a private one for
    the connection."""

    def __init__(self, allow_private: bool) -> None:
        self.inner = DefaultResolver()
        self.allow_private = allow_private

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        found = await self.inner.resolve(host, port, family)
        if not self.allow_private:
            hidden = [entry["host"] for entry in found if not public(entry["host"])]
            if hidden:
                raise Refused(f"{host} resolves to an address that is not public ({hidden[0]})")
        return found

    async def close(self) -> None:
        await self.inner.close()


def checked(url: str, allow_private: bool) -> str:
    """The URL if its scheme and host may be fetched (a literal address is checked here: aiohttp does not
    resolve it); else Refused."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused("only http and https URLs with a host are fetched")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        return url
    if not allow_private and not public(str(literal)):
        raise Refused(f"{literal} is not a public address")
    return url


@dataclass(frozen=True)
class Kept:
    data_url: str | None
    until: float


class RemoteLogos:
    """Remote logos as data: URLs, fetched under the rules above and kept for a while per URL."""

    def __init__(self, *, allow_private: bool = False, timeout: float = TIMEOUT_SECONDS) -> None:
        self.allow_private = allow_private
        self.timeout = timeout
        self._kept: OrderedDict[str, Kept] = OrderedDict()
        self._fetching: dict[str, asyncio.Future[str | None]] = {}

    async def data_url(self, url: str) -> str | None:
        """The image at `url` as a data: URL, or None (logged) when it may not or cannot be fetched."""
        kept = self._kept.get(url)
        if kept is not None and kept.until > time.monotonic():
            self._kept.move_to_end(url)
            return kept.data_url
        running = self._fetching.get(url)
        if running is not None:  # another PDF asked a moment ago: one fetch serves both
            return await asyncio.shield(running)
        future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._fetching[url] = future
        try:
            found = await self._fetch(url)
            self._keep(url, found)
            future.set_result(found)
            return found
        finally:
            if not future.done():
                future.set_result(None)
            del self._fetching[url]

    def _keep(self, url: str, found: str | None) -> None:
        seconds = KEEP_SECONDS if found is not None else KEEP_FAILURE_SECONDS
        self._kept[url] = Kept(found, time.monotonic() + seconds)
        self._kept.move_to_end(url)
        while len(self._kept) > CACHE_SIZE:
            self._kept.popitem(last=False)

    async def _fetch(self, url: str) -> str | None:
        try:
            async with asyncio.timeout(self.timeout):
                content_type, body = await self._download(url)
        except Refused as refused:
            log.warning("certificate logo %s left out of the PDF: %s", url, refused)
        except (TimeoutError, aiohttp.ClientError, OSError, ValueError) as error:
            log.warning("certificate logo %s left out of the PDF: the fetch failed (%r)", url, error)
        else:
            return f"data:{content_type};base64,{base64.b64encode(body).decode()}"
        return None

    async def _download(self, url: str) -> tuple[str, bytes]:
        connector = aiohttp.TCPConnector(resolver=PublicOnlyResolver(self.allow_private), use_dns_cache=False)
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False) as session:
            for _ in range(MAX_REDIRECTS + 1):
                async with session.get(checked(url, self.allow_private), allow_redirects=False) as response:
                    if response.status in REDIRECTS and "Location" in response.headers:
                        url = urljoin(url, response.headers["Location"])
                        continue
                    return await image_of(response)
        raise Refused(f"more than {MAX_REDIRECTS} redirects")


async def image_of(response: Any) -> tuple[str, bytes]:
    """The response's image (content type, bytes), within the size cap; else Refused."""
    if response.status != 200:
        raise Refused(f"answered {response.status}")
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type not in IMAGE_TYPES:
        raise Refused(f"not an image ({content_type or 'no content type'})")
    if (response.content_length or 0) > MAX_BYTES:
        raise Refused(f"larger than {MAX_BYTES:,} bytes")
    body = bytearray()
    async for chunk in response.content.iter_chunked(64 * 1024):
        body += chunk
        if len(body) > MAX_BYTES:
            raise Refused(f"larger than {MAX_BYTES:,} bytes")
    return content_type, bytes(body)
