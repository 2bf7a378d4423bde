"""PTB's network layer on aiohttp (a telegram.request.BaseRequest), instead of its default httpx one.

The Bot API request is the most frequent thing LearnBot does after a database round trip, and httpx spends
several times aiohttp's CPU on each one (bench/telegram_webhook.py shows both). The contract is PTB's: the
same form-encoded parameters and multipart uploads as HTTPXRequest, a timeout raised as TimedOut (the
request may have reached Telegram) and any other transport failure as NetworkError. The session is made
in initialize(), since aiohttp ties it to the running event loop.

Per request it does as little as it can: the url-encoded body is built here as ready bytes (handing aiohttp
a dict makes it build a whole FormData, multipart writer and all, only to url-encode it), timeouts are made
once per distinct combination, and the session keeps no cookies (the Bot API sets none).
"""

from functools import lru_cache
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# PTB's own defaults (HTTPXRequest), so timeouts behave the same whichever layer sends.
READ_TIMEOUT, WRITE_TIMEOUT, CONNECT_TIMEOUT, POOL_TIMEOUT, MEDIA_WRITE_TIMEOUT = 5.0, 5.0, 5.0, 1.0, 20.0
FORM_URLENCODED = "application/x-www-form-urlencoded"


class AiohttpRequest(BaseRequest):
    def __init__(self, connection_pool_size: int = 256, read_timeout: float | None = READ_TIMEOUT) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
                cookie_jar=aiohttp.DummyCookieJar(),
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("this AiohttpRequest is not initialized")
        files = request_data.multipart_data if request_data is not None and request_data.contains_files else None
        timeout = _client_timeout(
            read=_given(read_timeout, self._read_timeout),
            write=_given(write_timeout, MEDIA_WRITE_TIMEOUT if files else WRITE_TIMEOUT),
            connect=_given(connect_timeout, CONNECT_TIMEOUT),
            pool=_given(pool_timeout, POOL_TIMEOUT),
        )
        try:
            async with self._session.request(method, url, data=_body(request_data, files), timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {error}") from error


def _body(request_data: RequestData | None, files: dict[str, Any] | None) -> Any:
    """Form fields as HTTPXRequest sends them: url-encoded, or multipart when there are files."""
    if request_data is None:
        return None
    if not files:
        # urlencode of the JSON-encoded values, as httpx (and aiohttp's FormData) encode a dict of strings.
        return aiohttp.BytesPayload(request_data.url_encoded_parameters().encode(), content_type=FORM_URLENCODED)
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mime_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form


@lru_cache(maxsize=64)
def _client_timeout(
    *, read: float | None, write: float | None, connect: float | None, pool: float | None
) -> aiohttp.ClientTimeout:
    """None is no limit. aiohttp has no write timeout of its own: the whole request gets both budgets."""
    total = None if read is None or write is None else read + write
    return aiohttp.ClientTimeout(total=total, connect=pool, sock_connect=connect)


def _given(value: ODVInput[float], default: float | None) -> float | None:
    return default if isinstance(value, DefaultValue) else value
