"""Who is writing: a linked chat identity, or a first message that links one, or nobody we know.

Linking, per platform:
- Telegram: `/start <invite code>` (the deep link an admin's invite makes) redeems the invite once;
  a shared contact links when its phone matches exactly one person's `users.phone` (the adapter sets
  Incoming.contact_phone only for the sender's own contact).
- Slack: in a workspace connected to an organization, the email the adapter got from users.info is
  matched to that organization's people.
- Console: the email given with `--as`.
Anyone else gets the not-registered message and nothing more.
"""

import re
import uuid
from dataclasses import dataclass, field

from sqlalchemy import select, text

from adapters.chat import texts
from adapters.chat.backend import ChatAddress
from adapters.chat.devices import NewDeviceNotices
from adapters.chat.incoming import Incoming
from domain.models import User
from domain.models.enums import ChatPlatform
from domain.replies import Reply, literal
from domain.unit_of_work import Sender, UnitsOfWork
from infrastructure.chat_lookups import (
    Person,
    find_invite,
    find_people_by_email,
    find_people_by_phone,
    find_sender,
    find_slack_workspace,
)

START_WITH_CODE = re.compile(r"/start(?:@\w+)?\s+([A-Za-z0-9_-]{1,64})", re.IGNORECASE)

SPEND_INVITE = text(
    "UPDATE invites SET used_at = now() WHERE code = :code AND user_id = :user_id "
    "AND used_at IS NULL AND expires_at > now() RETURNING code"
)
ADD_IDENTITY = text(
    "INSERT INTO chat_identities (organization_id, user_id, platform, workspace_id, platform_user_id, dm_chat_id) "
    "VALUES (:organization_id, :user_id, :platform, :workspace_id, :platform_user_id, :dm_chat_id) "
    "ON CONFLICT (platform, workspace_id, platform_user_id) DO NOTHING RETURNING id"
)


@dataclass(frozen=True)
class Resolution:
    sender: Sender | None
    # What linking says (a welcome, a refused invite); shown before anything else.
    replies: list[Reply] = field(default_factory=list)
    # The message only served linking (an invite, a contact): nothing more to do with it.
    done: bool = False
    # The update key was claimed in the transaction that linked (so a redelivery after a crash is silent).
    claimed: bool = False


def invite_code(incoming: Incoming) -> str | None:
    if incoming.platform != ChatPlatform.TELEGRAM or incoming.text is None:
        return None
    match = START_WITH_CODE.fullmatch(incoming.text.strip())
    return match.group(1) if match else None


OTHER_IDENTITIES = text(
    "SELECT platform, workspace_id, platform_user_id, dm_chat_id FROM chat_identities "
    "WHERE user_id = :user_id AND id <> :identity_id"
)


class Identities:
    def __init__(self, units: UnitsOfWork, notices: NewDeviceNotices | None = None) -> None:
        self.units = units
        self.sessionmaker = units.sessionmaker
        self.notices = notices or NewDeviceNotices()

    async def find(self, incoming: Incoming) -> Sender | None:
        return await find_sender(
            self.sessionmaker, str(incoming.platform), incoming.workspace_id, incoming.platform_user_id
        )

    async def resolve(self, incoming: Incoming) -> Resolution:
        """The sender, linking them first when this message can; never raises for an unknown person."""
        sender = await self.find(incoming)
        if sender is not None:
            return Resolution(sender)
        return await self.link(incoming)

    async def link(self, incoming: Incoming) -> Resolution:
        """For a sender found not linked: link them when this message can, else say why not."""
        code = invite_code(incoming)
        if code is not None:
            return await self._redeem(incoming, code)
        person = await self._match(incoming)
        if person is None:
            return Resolution(None, [Reply(text=texts.NOT_REGISTERED)], done=True)
        only_linking = incoming.platform == ChatPlatform.TELEGRAM
        linked = await self._link(incoming, person, None, claim=only_linking)
        if linked is None:
            sender = await self.find(incoming)  # linked by a concurrent message a moment ago
            if sender is not None:
                return Resolution(sender)
            return Resolution(None, [Reply(text=texts.NOT_REGISTERED)], done=True)
        sender, name = linked
        if incoming.platform == ChatPlatform.CONSOLE:
            return Resolution(sender)
        welcome = welcome_reply(incoming, name)
        # A shared contact says nothing more; a Slack command goes on to run.
        return Resolution(sender, [welcome], done=only_linking, claimed=only_linking)

    async def _match(self, incoming: Incoming) -> Person | None:
        """The one person this message's platform details point at, or None."""
        if incoming.platform == ChatPlatform.TELEGRAM and incoming.contact_phone:
            people = await find_people_by_phone(self.sessionmaker, incoming.contact_phone)
        elif incoming.platform == ChatPlatform.SLACK and incoming.email and incoming.workspace_id:
            organization = await find_slack_workspace(self.sessionmaker, incoming.workspace_id)
            if organization is None:
                return None
            people = await self._people_by_email(organization, incoming.email)
        elif incoming.platform == ChatPlatform.CONSOLE and incoming.email:
            people = await find_people_by_email(self.sessionmaker, incoming.email)
        else:
            return None
        return people[0] if len(people) == 1 else None

    async def _people_by_email(self, organization_id: uuid.UUID, email: str) -> list[Person]:
        async with self.units.open(organization_id=organization_id) as uow:
            found = await uow.session.scalars(
                select(User.id).where(
                    User.email == email.strip().lower(), User.is_active.is_not(False), User.organization_id.is_not(None)
                )
            )
            return [Person(user_id, organization_id) for user_id in found]

    async def _redeem(self, incoming: Incoming, code: str) -> Resolution:
        invite = await find_invite(self.sessionmaker, code)
        linked = None
        if invite is not None and invite.used_at is None:
            linked = await self._link(incoming, Person(invite.user_id, invite.organization_id), code, claim=True)
        if linked is None:
            # A redelivered /start may have linked a moment ago.
            sender = await self.find(incoming)
            if sender is not None:
                return Resolution(sender, [Reply(text=texts.WELCOME_NEXT)], done=True)
            return Resolution(None, [Reply(text=texts.INVITE_INVALID)], done=True)
        sender, name = linked
        return Resolution(sender, [welcome_reply(incoming, name)], done=True, claimed=True)

    async def _link(
        self, incoming: Incoming, person: Person, code: str | None, *, claim: bool = False
    ) -> tuple[Sender, str] | None:
        """Link the chat identity to the person (spending the invite), or None when that is not possible now.

        With `claim` the message only served linking, and its update key is claimed in the same transaction.
        """
        async with self.units.open(organization_id=person.organization_id, actor_id=person.user_id) as uow:
            user = await uow.session.get(User, person.user_id)
            if user is None or user.is_active is False:
                return None
            if code is not None and await uow.session.scalar(SPEND_INVITE, {"code": code, "user_id": user.id}) is None:
                return None
            identity_id = await uow.session.scalar(
                ADD_IDENTITY,
                {
                    "organization_id": person.organization_id,
                    "user_id": user.id,
                    "platform": str(incoming.platform),
                    "workspace_id": incoming.workspace_id,
                    "platform_user_id": incoming.platform_user_id,
                    "dm_chat_id": incoming.chat_id or None,
                },
            )
            if identity_id is None:
                return None  # linked at this moment by a concurrent message; the caller looks again
            key = incoming.update_key
            if claim and key is not None and not await uow.claim_update(str(incoming.platform), key):
                return None  # this very update was handled before: the caller finds the link and says nothing
            via = "invite" if code else ("phone" if incoming.contact_phone else "email")
            after = {"platform": str(incoming.platform), "workspace_id": incoming.workspace_id, "via": via}
            uow.record("chat_identity.linked", "chat_identity", identity_id, after=after | {"user_id": user.id})
            others = (
                await uow.session.execute(OTHER_IDENTITIES, {"user_id": user.id, "identity_id": identity_id})
            ).all()
            await uow.commit()
        # The person hears of it on every account they had before (none for a first link).
        self.notices.tell(
            (ChatAddress(ChatPlatform(row[0]), row[1], row[2], row[3]) for row in others),
            incoming.platform,
            incoming.display_name,
        )
        return Sender(identity_id, user.id, person.organization_id), user.first_name


def welcome_reply(incoming: Incoming, name: str) -> Reply:
    platform = texts.PLATFORM_NAMES.get(str(incoming.platform), str(incoming.platform))
    return Reply(text=f"{texts.WELCOME.format(name=literal(name), platform=platform)}\n{texts.WELCOME_NEXT}")
