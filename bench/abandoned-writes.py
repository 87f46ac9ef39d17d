#!/usr/bin/env python3
"""Clients that go away while their write is saving (ADR 45, docs/performance.md "Ninth pass").

Sends PATCHes of random items' business value, 16 at a time, each on its own connection, and closes the
connection 0-6 ms after sending, without reading the answer. Run it against a bench host, then count the
server's `fail:` lines and compare the items with the database.

    cd bench/Tandem.Bench && dotnet bin/Release/net10.0/Tandem.Bench.dll --serve 10000 --provider Postgres \\
        --connection "Host=127.0.0.1;Port=5432;Username=postgres;Database=lean" > /tmp/serve.log 2>&1 &
    bench/abandoned-writes.py http://127.0.0.1:PORT TOKEN B10000 3000    # PORT and TOKEN from the host's output
    grep -c '^fail' /tmp/serve.log
"""
import asyncio
import json
import random
import sys


async def abandon(host, port, token, prefix, items):
    body = json.dumps({"businessValue": random.randint(0, 100)})
    request = (f"PATCH /api/v1/items/{prefix}-{random.randint(1, items)} HTTP/1.1\r\nHost: bench\r\n"
               f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n{body}")
    _, writer = await asyncio.open_connection(host, port)
    writer.write(request.encode())
    await writer.drain()
    await asyncio.sleep(random.random() * 0.006)
    writer.transport.abort()


async def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    url, token, prefix = sys.argv[1], sys.argv[2], sys.argv[3]
    count = int(sys.argv[4]) if len(sys.argv) > 4 else 3000
    host, port = url.split("//", 1)[1].rstrip("/").split(":")
    at_once = asyncio.Semaphore(16)

    async def one():
        async with at_once:
            await abandon(host, int(port), token, prefix, 50)

    await asyncio.gather(*(one() for _ in range(count)))
    print(f"{count} PATCHes sent and abandoned")


asyncio.run(main())
