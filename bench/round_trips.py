"""A TCP proxy that counts database round trips on the wire, for the benchmarks."""

import asyncio


class RoundTripCounter:
    """A TCP proxy to PostgreSQL that counts round trips: each time the client sends after the server spoke."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.round_trips = 0

    async def start(self) -> int:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return int(server.sockets[0].getsockname()[1])

    async def _serve(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(*self.target)
        server_spoke = [True]

        async def pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, from_client: bool) -> None:
            try:
                while data := await reader.read(65536):
                    if from_client and server_spoke[0]:
                        self.round_trips += 1
                    server_spoke[0] = not from_client
                    writer.write(data)
                    await writer.drain()
            finally:
                writer.close()

        await asyncio.gather(
            pump(client_reader, server_writer, True), pump(server_reader, client_writer, False), return_exceptions=True
        )
