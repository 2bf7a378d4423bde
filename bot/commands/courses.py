"""`learnbot course ...`: courses authored as YAML/JSON files; import, export, publish, archive, list."""

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from bot.commands.common import in_organization
from bot.runtime import Database
from domain.authoring.fileformat import parse_document, to_yaml
from domain.authoring.importer import ImportResult
from domain.authoring.operations import ArchiveCourse, ExportCourse, ImportCourse, ListCourses, PublishCourse
from domain.authoring.validation import InvalidCourseFile
from domain.errors import InvalidInput


def read_document(path: Path) -> Any:
    try:
        return parse_document(path.read_text(encoding="utf-8"), path.name)
    except FileNotFoundError:
        raise InvalidInput(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a directory, not a course file") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a UTF-8 text file") from None
    except OSError as error:
        raise InvalidInput(f"cannot read {path}: {error.strerror}") from None


def describe(result: ImportResult) -> str:
    if not result.changed:
        return f"{result.code} is unchanged: the file matches the course."
    counts = ", ".join(f"{count} {change}" for change, count in sorted(result.changes.items()))
    return f"{result.code} {'created' if result.created else 'updated'} ({counts})."


async def import_file(db: Database, args: argparse.Namespace) -> int:
    document = await asyncio.to_thread(read_document, Path(args.file))
    try:
        result = await in_organization(db, args.org, ImportCourse(document=document))
    except InvalidCourseFile as invalid:
        print(f"learnbot: {args.file}: {len(invalid.problems)} problem(s); nothing was imported:", file=sys.stderr)
        for problem in invalid.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(describe(result))
    return 0


async def export_file(db: Database, args: argparse.Namespace) -> int:
    document = await in_organization(db, args.org, ExportCourse(course_code=args.code))
    if args.output is None:
        sys.stdout.write(to_yaml(document))
        return 0
    output = Path(args.output)
    as_json = output.suffix.lower() == ".json"
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n" if as_json else to_yaml(document)
    try:
        await asyncio.to_thread(output.write_text, text, encoding="utf-8")
    except OSError as error:
        raise InvalidInput(f"cannot write {output}: {error.strerror}") from None
    print(f"{args.code} exported to {output}.")
    return 0


async def publish(db: Database, args: argparse.Namespace) -> int:
    changed = await in_organization(db, args.org, PublishCourse(course_code=args.code))
    print(f"{args.code} is published." if changed else f"{args.code} was already published.")
    return 0


async def archive(db: Database, args: argparse.Namespace) -> int:
    changed = await in_organization(db, args.org, ArchiveCourse(course_code=args.code))
    print(f"{args.code} is archived." if changed else f"{args.code} was already archived.")
    return 0


async def list_all(db: Database, args: argparse.Namespace) -> int:
    courses = await in_organization(db, args.org, ListCourses())
    if not courses:
        print("No courses yet. `learnbot course import FILE --org SLUG` adds one.")
    for course in courses:
        counts = f"{course.modules} modules, {course.enrollments} enrollments"
        print(f"{course.code:<16} {course.status:<10} {course.title} ({counts})")
    return 0


def register(commands: Any) -> None:
    course = commands.add_parser("course", help="author courses as YAML/JSON files").add_subparsers(
        metavar="ACTION", required=True
    )
    actions = (
        ("import", "create or update a course from a YAML/JSON file", import_file, "file", "FILE"),
        ("export", "write a course as YAML (to stdout, or -o FILE)", export_file, "code", "CODE"),
        ("publish", "make a course visible in the catalog", publish, "code", "CODE"),
        ("archive", "retire a course (its history stays)", archive, "code", "CODE"),
        ("list", "list the organization's courses", list_all, None, None),
    )
    for name, help_text, handler, argument, metavar in actions:
        action = course.add_parser(name, help=help_text)
        if argument is not None:
            action.add_argument(argument, metavar=metavar)
        action.add_argument("--org", required=True, metavar="SLUG", help="the organization's slug")
        if name == "export":
            action.add_argument("-o", "--output", metavar="FILE", help="write here (.json for JSON) instead of stdout")
        action.set_defaults(handler=handler)
