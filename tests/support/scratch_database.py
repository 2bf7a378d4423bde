"""Run a command against a freshly migrated throwaway database: python -m tests.support.scratch_database CMD...

The command's DATABASE_URL (plain postgresql:// form) names the database; `{url}` in an argument is
replaced by it too. The database is dropped afterwards and the command's exit status is returned.
"""

import asyncio
import os
import subprocess
import sys

from tests.support.databases import database_server, dsn, throwaway_database


async def run(command: list[str]) -> int:
    async with database_server() as server, throwaway_database(server) as url:
        plain = dsn(url)
        argv = [part.replace("{url}", plain) for part in command]
        result = await asyncio.to_thread(subprocess.run, argv, env={**os.environ, "DATABASE_URL": plain})
        return result.returncode


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sys.exit(asyncio.run(run(sys.argv[1:])))
