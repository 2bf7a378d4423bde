"""`learnbot report ...`: the instructors' reports as CSV, for spreadsheets (stdout, or a file with -o)."""

import argparse
import csv
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from bot.commands.common import in_organization
from bot.runtime import Database
from domain.assessments.operations import ReportOnAssessments, ReportOnCourse

ASSESSMENT_COLUMNS = (
    "course_code",
    "assessment",
    "attempts",
    "trainees",
    "pass_rate",
    "average_score",
    "question_id",
    "question",
    "answers",
    "correct_share",
)
COURSE_COLUMNS = ("course_code", "title", "enrolled", "not_started", "in_progress", "completed", "overdue", "dropped")


def blank(value: Any) -> Any:
    return "" if value is None else value


async def assessment_report(db: Database, args: argparse.Namespace) -> int:
    """One row per question of every assessment of the course, the assessment's figures repeated."""
    figures = await in_organization(db, args.org, ReportOnAssessments(course_code=args.course))
    rows = [
        (
            args.course,
            assessment.title,
            assessment.attempts,
            assessment.trainees,
            blank(assessment.pass_rate),
            blank(assessment.average_score),
            question.question_id,
            question.question,
            question.marked,
            blank(question.correct_share),
        )
        for assessment in figures
        for question in assessment.questions
    ]
    write(args.output, ASSESSMENT_COLUMNS, rows)
    return 0


async def course_report(db: Database, args: argparse.Namespace) -> int:
    """Enrolled, not started, in progress, completed, overdue and dropped counts of the course."""
    figures = await in_organization(db, args.org, ReportOnCourse(course_code=args.course))
    write(args.output, COURSE_COLUMNS, [tuple(getattr(figures, column) for column in COURSE_COLUMNS)])
    return 0


def write(path: str | None, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    if path is None:
        write_to(sys.stdout, header, rows)
        return
    with open(path, "w", newline="", encoding="utf-8") as file:
        write_to(file, header, rows)


def write_to(file: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(file)
    writer.writerow(header)
    writer.writerows(rows)


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="instructors' reports as CSV").add_subparsers(
        metavar="REPORT", required=True
    )
    for name, handler, about in (
        (
            "assessment",
            assessment_report,
            "per assessment: attempts, pass rate, average score, share right per question",
        ),
        ("course", course_report, "enrolled, not started, in progress, completed, overdue and dropped counts"),
    ):
        parser = report.add_parser(name, help=about)
        parser.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")
        parser.add_argument("--course", required=True, metavar="CODE", help="the course code")
        parser.add_argument("-o", "--output", metavar="FILE", help="write the CSV here instead of to stdout")
        parser.set_defaults(handler=handler)
