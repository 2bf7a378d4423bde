"""Issuing and rendering certificates: 1,000 of them, HTML page and PDF, timed one by one.

Run from the project root:  .venv/bin/python -m bench.certificates [COUNT]
It creates a throwaway database (on TEST_DATABASE_URL, the local server, or an embedded one) with one
certified course that COUNT trainees (default 1,000) have completed, and drops it afterwards. Measured per
certificate:
- issue: the CourseCompleted handler in its own transaction (what a trainee's completing "done" adds);
- page: the verification page as GET /certificates/{token} builds it (lookup, template, QR code, page);
- pdf: the certificate rendered to a PDF file by WeasyPrint (the first request for it; later ones are a file).
Prints the median and p95 of each, and the process's peak resident memory.
"""

import asyncio
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

if not __package__:  # run as a file: make the project importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import URL

from bot.bootstrap import build_services
from bot.certificate_page_template import certificate_page
from bot.database import create_engine, create_sessionmaker
from bot.settings import Settings
from domain.certificates.document import render_document
from domain.certificates.pdf import pdf_path, write_pdf
from domain.certificates.records import by_token
from domain.events import CourseCompleted
from infrastructure.unit_of_work import PostgresUnitOfWork
from tests.support.databases import database_server, throwaway_database

SETUP = (
    "INSERT INTO organizations (id, name, slug) VALUES (:org, 'Acme Corporation', 'bench-org')",
    """INSERT INTO users (organization_id, employee_id, username, email, password_hash, first_name, last_name, role)
       SELECT :org, 'E' || n, 'user' || n, 'user' || n || '@bench.example', '!', 'Trainee', 'Number ' || n,
              CASE WHEN n = 0 THEN 'instructor' ELSE 'trainee' END
       FROM generate_series(0, :trainees) n""",
    """INSERT INTO courses (id, organization_id, course_code, title, instructor_id, status, is_public, is_certified)
       SELECT :course, :org, 'SEC-101', 'Information Security Basics', id, 'published', true, true
       FROM users WHERE employee_id = 'E0'""",
    """INSERT INTO enrollments (trainee_id, course_id, status, progress_percentage, started_at, completed_at)
       SELECT id, :course, 'completed', 100, now() - interval '1 day', now() FROM users WHERE role = 'trainee'""",
    "ANALYZE",
)
ENROLLMENTS = text("SELECT id, trainee_id FROM enrollments ORDER BY trainee_id")
TOKENS = text("SELECT verification_token FROM certificates ORDER BY issued_at, id")


def summary(name: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(len(ms) * 0.95))]
    return f"{name:<6} median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms   ({len(ms)} certificates)"


async def measure(url: URL, count: int) -> None:
    org, course = uuid.uuid4(), uuid.uuid4()
    engine = create_engine(url, pool_size=2)
    async with engine.begin() as connection:
        for statement in SETUP:
            await connection.execute(text(statement), {"org": org, "course": course, "trainees": count})
        enrollments = (await connection.execute(ENROLLMENTS)).all()
    pdf_dir = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    settings = Settings(data_dir=pdf_dir, public_url="https://learn.example", certificate_dir=pdf_dir)
    services = build_services(settings, create_sessionmaker(engine))
    links = services.certificates.links

    issue: list[float] = []
    for enrollment_id, trainee_id in enrollments:
        event = CourseCompleted(
            enrollment_id=enrollment_id, trainee_id=trainee_id, course_id=course, organization_id=org
        )
        started = time.perf_counter()
        await services.bus.publish(event, org)
        issue.append(time.perf_counter() - started)
    async with engine.connect() as connection:
        tokens = list((await connection.execute(TOKENS)).scalars())
    assert len(tokens) == count, f"{len(tokens)} certificates for {count} completions"

    page: list[float] = []
    documents: list[tuple[str, Path]] = []
    for token in tokens:
        started = time.perf_counter()
        async with PostgresUnitOfWork(services.sessionmaker, organization_id=org) as uow:
            record = await by_token(uow, token)
        assert record is not None
        now = datetime.now(UTC)
        document = render_document(record, links, now)
        certificate_page(record, document, links, now)
        page.append(time.perf_counter() - started)
        documents.append((document, pdf_path(pdf_dir, org, token, record.state(now))))

    pdf: list[float] = []
    for document, path in documents:
        started = time.perf_counter()
        await asyncio.to_thread(write_pdf, document, path)
        pdf.append(time.perf_counter() - started)
    await engine.dispose()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(summary("issue", issue))
    print(summary("page", page))
    print(summary("pdf", pdf))
    pdf_kb = sum(path.stat().st_size for _, path in documents) / count / 1024
    print(f"peak memory (max RSS) {peak_mb:.0f} MB; PDFs {pdf_kb:.0f} KB each")


async def main(count: int) -> None:
    async with database_server() as server, throwaway_database(server) as url:
        await measure(url, count)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
