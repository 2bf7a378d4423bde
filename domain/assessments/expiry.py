"""The scheduled job: hand in every attempt whose deadline has passed, across organizations, at its deadline.

Runs as the owner (it spans tenants), a batch at a time: one SELECT ... FOR UPDATE SKIP LOCKED (an
attempt being answered or submitted right now is left to that transaction) and one set-based UPDATE
that also writes the audit rows. Handlers also hand in an expired attempt whenever it is touched.
"""

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import text

from domain.assessments.loaded import ATTEMPT_COLUMNS, ATTEMPT_JOINS, LoadedAttempt
from domain.assessments.submitting import mark, submit_attempts
from domain.errors import DomainError
from domain.events import Event
from domain.unit_of_work import UnitsOfWork

log = logging.getLogger(__name__)

BATCH_SIZE = 500

EXPIRED = text(f"""
SELECT {ATTEMPT_COLUMNS} {ATTEMPT_JOINS}
WHERE a.submitted_at IS NULL AND a.answers->>'deadline' IS NOT NULL
  AND (a.answers->>'deadline')::timestamptz < now()
ORDER BY a.started_at
LIMIT :limit
FOR UPDATE OF a SKIP LOCKED
""")

Publish = Callable[[Event], Awaitable[None]]


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
        if publish is not None:
            for done in submitted:
                for event in done.events():
                    await publish(event)
        if len(rows) < batch_size or not submitted:
            return total


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
