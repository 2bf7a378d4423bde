"""Handing in attempts whose deadline has passed, across organizations: each at its deadline, and a sweep behind.

An attempt with a time limit gets its own job when it starts (`schedule_deadline`, in the starting transaction:
pgqueuer's execute_after is the deadline, so it runs within about a second of it, by one worker). The scheduled
sweep (`submit_expired_attempts`, every minute) is the backstop: it hands in any the jobs missed (attempts
started before there were jobs, a job held after a failure). Both take the attempt with FOR UPDATE SKIP LOCKED
(an attempt being answered or submitted right now is left to that transaction) and hand it in with one
set-based UPDATE that also writes the audit rows; a handed-in attempt is never handed in again. Handlers also
hand in an expired attempt whenever it is touched.
"""

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import timedelta

from sqlalchemy import text

from domain.assessments.loaded import ATTEMPT_COLUMNS, ATTEMPT_JOINS, LoadedAttempt
from domain.assessments.submitting import Submitted, mark, submit_attempts
from domain.delivery.outbox import enqueue_jobs
from domain.errors import DomainError
from domain.events import Event
from domain.unit_of_work import UnitOfWork, UnitsOfWork

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# The pgqueuer entrypoint of an attempt's own deadline job.
SUBMIT_AT_DEADLINE = "submit_attempt_at_deadline"
# The job runs this long after the deadline, so that the deadline has passed by the database's clock too.
LEEWAY = timedelta(seconds=1)

EXPIRED_WHERE = """
WHERE a.submitted_at IS NULL AND a.answers->>'deadline' IS NOT NULL
  AND (a.answers->>'deadline')::timestamptz < now()"""

EXPIRED = text(f"""
SELECT {ATTEMPT_COLUMNS} {ATTEMPT_JOINS} {EXPIRED_WHERE}
ORDER BY a.started_at
LIMIT :limit
FOR UPDATE OF a SKIP LOCKED
""")

EXPIRED_ONE = text(f"""
SELECT {ATTEMPT_COLUMNS} {ATTEMPT_JOINS} {EXPIRED_WHERE} AND a.id = :attempt_id
FOR UPDATE OF a SKIP LOCKED
""")

Publish = Callable[[Event], Awaitable[None]]


async def schedule_deadline(uow: UnitOfWork, attempt_id: uuid.UUID, minutes: int) -> None:
    """The attempt's own job at its deadline (now() + minutes, as the attempt's row says), in this transaction."""
    await enqueue_jobs(uow, SUBMIT_AT_DEADLINE, [attempt_id], after=timedelta(minutes=minutes) + LEEWAY)


async def submit_at_deadline(
    units: UnitsOfWork, organization_id: uuid.UUID, attempt_id: uuid.UUID, *, publish: Publish | None = None
) -> int:
    """Hand in one attempt if its deadline has passed and nobody handed it in; 1 if this call did, else 0."""
    async with units.open(organization_id=organization_id) as uow:
        rows = (await uow.session.execute(EXPIRED_ONE, {"attempt_id": attempt_id})).mappings().all()
        submitted = await submit_attempts(uow, [a for a in map(LoadedAttempt.from_row, rows) if markable(a)], None)
        await uow.commit()
    await _published(submitted, publish)
    return len(submitted)


async def submit_expired_attempts(
    units: UnitsOfWork, *, publish: Publish | None = None, batch_size: int = BATCH_SIZE
) -> int:
    """Hand in the attempts past their deadline; returns how many. `publish` gets their events after commit."""
    total = 0
    while True:
        async with units.open(organization_id=None, as_owner=True) as uow:
            rows = (await uow.session.execute(EXPIRED, {"limit": batch_size})).mappings().all()
            attempts = [attempt for attempt in map(LoadedAttempt.from_row, rows) if markable(attempt)]
            submitted = await submit_attempts(uow, attempts, actor_id=None)
            await uow.commit()
        total += len(submitted)
        await _published(submitted, publish)
        if len(rows) < batch_size or not submitted:
            return total


async def _published(submitted: list[Submitted], publish: Publish | None) -> None:
    if publish is not None:
        for done in submitted:
            for event in done.events():
                await publish(event)


def markable(attempt: LoadedAttempt) -> bool:
    """Whether the attempt can be marked; one whose quiz is set up wrongly is logged and left for a person."""
    try:
        mark(attempt)
    except DomainError:
        log.warning(
            "attempt %s of assessment %s cannot be marked: its questions are invalid", attempt.id, attempt.assessment_id
        )
        return False
    return True
