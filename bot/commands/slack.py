"""`learnbot slack connect --org SLUG --team TEAM_ID`: a Slack workspace's members link by their email."""

import argparse
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.commands.common import organization_id, tenant
from bot.runtime import Database
from domain.errors import Conflict, InvalidInput
from domain.models import Organization, SlackWorkspace
from infrastructure.chat_lookups import find_slack_workspace
from infrastructure.unit_of_work import PostgresUnitOfWork

TEAM_ID = re.compile(r"[TE][A-Z0-9]{2,99}")

BAD_TEAM = (
    "'{team}' is not a Slack team id; it looks like T0123ABCD (Slack shows it in the workspace's URL and settings)."
)
TAKEN = "Slack team {team} is already connected to another organization ({other}); disconnect it there first."
ALREADY = "Slack team {team} already is connected to {org}; nothing changed."
RACED = "Slack team {team} was connected by someone else at this moment; `learnbot slack connect` again to see where."
CONNECTED = "Slack team {team} is connected to {org}: its members are linked to LearnBot by their email on first use."


async def connect(db: Database, args: argparse.Namespace) -> int:
    team = args.team.strip().upper()
    if not TEAM_ID.fullmatch(team):
        raise InvalidInput(BAD_TEAM.format(team=args.team))
    organization = await organization_id(db, args.org)
    current = await find_slack_workspace(db.sessionmaker, team)
    if current == organization:
        print(ALREADY.format(team=team, org=args.org))
        return 0
    if current is not None:
        async with PostgresUnitOfWork(db.sessionmaker, organization_id=None, as_owner=True) as owner:
            other = await owner.session.scalar(select(Organization.slug).where(Organization.id == current))
        raise Conflict(TAKEN.format(team=team, other=other or "unknown"))
    async with tenant(db, organization) as uow:
        uow.session.add(SlackWorkspace(team_id=team, organization_id=organization))
        uow.record("slack_workspace.connected", "organization", organization, after={"team_id": team})
        try:
            await uow.commit()
        except IntegrityError:
            raise Conflict(RACED.format(team=team)) from None
    print(CONNECTED.format(team=team, org=args.org))
    return 0


def register(commands: Any) -> None:
    slack = commands.add_parser("slack", help="Slack workspaces").add_subparsers(metavar="ACTION", required=True)
    connecting = slack.add_parser("connect", help="connect a Slack workspace (team) to an organization")
    connecting.add_argument("--org", required=True, metavar="SLUG")
    connecting.add_argument("--team", required=True, metavar="TEAM_ID", help="the Slack team id, e.g. T0123ABCD")
    connecting.set_defaults(handler=connect)
