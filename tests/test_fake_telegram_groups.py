"""The fake Bot API in groups, driven by the real aiogram Bot over HTTP on 127.0.0.1."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramRetryAfter,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeChat,
    BotCommandScopeChatAdministrators,
    BotCommandScopeChatMember,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberMember,
    ChatMemberOwner,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
    WebAppInfo,
)

from tests.clock import TestClock
from tests.fake_telegram import FakeTelegram, GroupChat, RateLimited, SimUser

ANONYMOUS_ADMIN = 1087968824


@pytest.fixture
def clock() -> TestClock:
    return TestClock()


@pytest.fixture
async def fake(clock: TestClock) -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(clock=clock) as server:
        yield server


@pytest.fixture
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with fake.make_bot() as client:
        yield client


@pytest.fixture
def alice(fake: FakeTelegram) -> SimUser:
    return fake.user(first_name="Alice", language_code="fr")


@pytest.fixture
def bob(fake: FakeTelegram) -> SimUser:
    return fake.user(first_name="Bob")


@pytest.fixture
async def council(fake: FakeTelegram, alice: SimUser, bob: SimUser) -> GroupChat:
    """A basic group Alice made with Bob in it, the bot added by Alice."""
    group = fake.group(alice, "Council", members=[bob])
    await fake.add_bot(group, by=alice)
    return group


async def taken(bot: Bot, allowed_updates: list[str] | None = None) -> list[Update]:
    """Every update waiting for the bot, confirmed as a polling bot confirms them."""
    updates = await bot.get_updates(allowed_updates=allowed_updates)
    if updates:
        await bot.get_updates(offset=updates[-1].update_id + 1, limit=1)
    return updates


def texts(updates: list[Update]) -> list[str | None]:
    return [update.message.text if update.message else None for update in updates]


def button(**action: Any) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text="Go", **action)]])


# groups, members, the bot joining and leaving


async def test_the_bot_added_to_a_group(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    bob, stranger = fake.user(first_name="Bob"), fake.user(first_name="Stranger")
    group = fake.group(alice, "Council", members=[bob])
    assert group.id < 0 and group.chat == {"id": group.id, "type": "group", "title": "Council"}
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(group.id, "Hello")
    await fake.post(bob, group, "/help@coach_test_bot")  # the bot is not there: nothing
    assert await taken(bot) == []

    await fake.add_bot(group, by=alice)
    joined, service = await taken(bot)
    change = joined.my_chat_member
    assert change is not None and change.chat.id == group.id and change.from_user.id == alice.id
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("left", "member")
    assert service.message is not None and service.message.new_chat_members is not None
    assert [user.id for user in service.message.new_chat_members] == [fake.bot_id]

    sent = await bot.send_message(group.id, "Hello everyone")
    assert (sent.chat.type, sent.chat.title) == ("group", "Council")
    assert isinstance(await bot.get_chat_member(group.id, alice.id), ChatMemberOwner)
    assert isinstance(await bot.get_chat_member(group.id, bob.id), ChatMemberMember)
    assert isinstance(await bot.get_chat_member(group.id, stranger.id), ChatMemberLeft)
    with pytest.raises(TelegramBadRequest, match="user not found"):
        await bot.get_chat_member(group.id, 999)
    assert [m.user.id for m in await bot.get_chat_administrators(group.id)] == [alice.id]
    assert await bot.get_chat_member_count(group.id) == 3
    with pytest.raises(TelegramBadRequest, match="no administrators in the private chat"):
        await bot.get_chat_administrators(alice.id)

    supergroup = fake.group(alice, "Big council", supergroup=True)
    assert str(supergroup.id).startswith("-100") and len(str(supergroup.id)) == 14


async def test_people_joining_and_leaving_are_service_messages(
    fake: FakeTelegram, bot: Bot, alice: SimUser, bob: SimUser, council: GroupChat
) -> None:
    carol, dave = fake.user(first_name="Carol"), fake.user(first_name="Dave")
    await taken(bot)
    await fake.add_member(council, carol, by=alice)
    await fake.remove_member(council, bob)  # Bob leaves
    added, left = await taken(bot)
    assert added.message is not None and added.message.from_user is not None
    assert added.message.from_user.id == alice.id
    assert [user.id for user in added.message.new_chat_members or []] == [carol.id]
    assert left.message is not None and left.message.left_chat_member is not None
    assert left.message.left_chat_member.id == bob.id
    assert isinstance(await bot.get_chat_member(council.id, bob.id), ChatMemberLeft)

    # chat_member updates: asked for, yet only to an administrator bot.
    await taken(bot, ["message", "my_chat_member", "chat_member"])
    await fake.add_member(council, dave)
    assert [u.event_type for u in await taken(bot)] == ["message"]
    await fake.promote(council, by=alice)
    await fake.remove_member(council, dave, by=alice)
    promoted, removed, service = await taken(bot)
    assert isinstance(
        promoted.my_chat_member and promoted.my_chat_member.new_chat_member,
        ChatMemberAdministrator,
    )
    assert (
        removed.chat_member is not None and removed.chat_member.new_chat_member.user.id == dave.id
    )
    assert removed.chat_member.new_chat_member.status == "left"  # a basic group
    assert service.message is not None and service.message.left_chat_member is not None


async def test_a_removed_bot_is_told_and_refused(
    fake: FakeTelegram, bot: Bot, alice: SimUser, bob: SimUser, council: GroupChat
) -> None:
    with pytest.raises(ValueError, match="not an administrator"):
        await fake.remove_bot(council, by=bob)
    await taken(bot)
    await fake.remove_bot(council, by=alice)
    removed, service = await taken(bot)
    assert removed.my_chat_member is not None
    assert removed.my_chat_member.new_chat_member.status == "left"
    assert service.message is not None and service.message.left_chat_member is not None
    with pytest.raises(TelegramForbiddenError, match="bot is not a member of the group chat"):
        await bot.send_message(council.id, "Still here?")
    await fake.post(alice, council, "/help@coach_test_bot")
    assert await taken(bot) == []

    big = fake.group(alice, "Big council", supergroup=True)
    await fake.add_bot(big, by=alice)
    await fake.remove_bot(big, by=alice)
    banned = [u.my_chat_member for u in await taken(bot) if u.my_chat_member][-1]
    assert isinstance(banned.new_chat_member, ChatMemberBanned)
    with pytest.raises(TelegramForbiddenError, match="bot was kicked from the supergroup chat"):
        await bot.send_message(big.id, "Still here?")
    with pytest.raises(TelegramForbiddenError, match="kicked"):
        await bot.send_chat_action(big.id, "typing")

    await fake.add_bot(big, by=alice)
    assert (await bot.send_message(big.id, "Back")).chat.id == big.id


# privacy mode


async def test_privacy_mode_lets_through_commands_replies_and_mentions(
    fake: FakeTelegram, bot: Bot, alice: SimUser, bob: SimUser, council: GroupChat
) -> None:
    assert (await bot.get_me()).can_read_all_group_messages is False
    await taken(bot)
    said = await bot.send_message(council.id, "Round 3 is open")
    hello = await fake.post(alice, council, "hello everyone")
    sticker = await fake.post_sticker(bob, council)
    between = await fake.post(bob, council, "I agree", reply_to=hello["message"]["message_id"])
    for text in ("/help", "/help@Coach_Test_Bot now", "/help@other_bot", "thanks @coach_test_bot"):
        await fake.post(bob, council, text)
    await fake.post(alice, council, "Done", reply_to=said.message_id)

    delivered = await taken(bot)
    assert texts(delivered) == [
        "/help",
        "/help@Coach_Test_Bot now",
        "thanks @coach_test_bot",
        "Done",
    ]
    replied = delivered[-1].message
    assert replied is not None and replied.reply_to_message is not None
    assert replied.reply_to_message.message_id == said.message_id
    for kept in (hello, sticker, between):
        assert "update_id" not in kept and kept in fake.withheld
    assert len(fake.withheld) == 4  # and /help@other_bot


async def test_a_general_command_reaches_the_last_bot_that_posted(
    fake: FakeTelegram, bot: Bot, alice: SimUser, council: GroupChat
) -> None:
    await taken(bot)
    await fake.other_bot_posts(council, "I am another bot /help@coach_test_bot")
    await fake.post(alice, council, "/help")
    await fake.post(alice, council, "/help@coach_test_bot")
    assert texts(await taken(bot)) == ["/help@coach_test_bot"]
    await bot.send_message(council.id, "Here is the help")
    await fake.post(alice, council, "/help")
    assert texts(await taken(bot)) == ["/help"]


async def test_privacy_mode_off_or_an_admin_bot_gets_everything_but_bots(
    fake: FakeTelegram, bot: Bot, alice: SimUser, council: GroupChat
) -> None:
    fake.set_privacy_mode(False)
    assert (await bot.get_me()).can_read_all_group_messages is True
    await taken(bot)
    await fake.post(alice, council, "joined before: still private")
    assert await taken(bot) == []  # the switch applies to groups the bot joins afterwards

    open_group = fake.group(alice, "Open")
    await fake.add_bot(open_group, by=alice)
    fake.set_privacy_mode(True)
    await taken(bot)
    await fake.post(alice, open_group, "hello")
    await fake.other_bot_posts(open_group)
    assert texts(await taken(bot)) == ["hello"]

    await fake.promote(council, by=alice)
    await taken(bot)
    await fake.post(alice, council, "an admin bot reads this")
    assert texts(await taken(bot)) == ["an admin bot reads this"]


async def test_an_anonymous_admin_posts_as_the_group(
    fake: FakeTelegram, bot: Bot, alice: SimUser, council: GroupChat
) -> None:
    with pytest.raises(ValueError, match="supergroup"):
        await fake.post_anonymously(council, "/link")
    big = fake.group(alice, "Big council", supergroup=True)
    await fake.add_bot(big, by=alice)
    await fake.promote(big, by=alice, user=alice, anonymous=True)
    await taken(bot)
    await fake.post_anonymously(big, "/link@coach_test_bot")
    await fake.post_anonymously(big, "an anonymous remark")
    (link,) = await taken(bot)
    message = link.message
    assert message is not None and message.from_user is not None and message.sender_chat
    assert (message.from_user.id, message.from_user.username) == (
        ANONYMOUS_ADMIN,
        "GroupAnonymousBot",
    )
    assert message.sender_chat.id == big.id and message.text == "/link@coach_test_bot"
    admin = await bot.get_chat_member(big.id, alice.id)
    assert isinstance(admin, ChatMemberAdministrator) and admin.is_anonymous


# forums and migration


async def test_forum_topics(fake: FakeTelegram, bot: Bot, alice: SimUser) -> None:
    forum = fake.group(alice, "Council forum", forum=True)
    assert forum.chat["is_forum"] is True
    await fake.add_bot(forum, by=alice)
    await taken(bot)
    topic = await fake.create_topic(forum, alice, "Rounds")
    await fake.post(alice, forum, "/link@coach_test_bot", topic=topic)
    await fake.post(alice, forum, "/help@coach_test_bot")  # the General topic
    created, in_topic, in_general = [u.message for u in await taken(bot)]
    assert created is not None and created.forum_topic_created is not None
    assert created.message_id == created.message_thread_id == topic
    assert in_topic is not None and in_topic.chat.is_forum
    assert (in_topic.message_thread_id, in_topic.is_topic_message) == (topic, True)
    assert in_topic.reply_to_message is not None
    assert in_topic.reply_to_message.message_id == topic
    assert in_general is not None and in_general.message_thread_id is None

    post = await bot.send_message(forum.id, "Round 3 opens", message_thread_id=topic)
    assert (post.message_thread_id, post.is_topic_message) == (topic, True)
    edited = await bot.edit_message_text(
        "Round 3 is open", chat_id=forum.id, message_id=post.message_id
    )
    assert isinstance(edited, Message) and edited.message_thread_id == topic
    answer = await bot.send_message(
        forum.id, "Thanks", reply_parameters=ReplyParameters(message_id=in_topic.message_id)
    )
    assert answer.message_thread_id == topic  # a reply goes to the topic of what it answers
    assert (await bot.send_message(forum.id, "To all")).message_thread_id is None

    fake.delete_topic(forum, topic)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(forum.id, "Round 3 closes", message_thread_id=topic)
    with pytest.raises(TelegramBadRequest, match="message thread not found"):
        await bot.send_message(forum.id, "Nowhere", message_thread_id=topic + 100)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("gone", chat_id=forum.id, message_id=post.message_id)


async def test_a_group_upgraded_to_a_supergroup_moves(
    fake: FakeTelegram, bot: Bot, alice: SimUser, bob: SimUser, council: GroupChat
) -> None:
    old = await bot.send_message(council.id, "Round 3 is open")
    await taken(bot)
    with pytest.raises(ValueError, match="did not create"):
        await fake.upgrade_to_supergroup(council, bob)
    big = await fake.upgrade_to_supergroup(council, alice)
    assert big.id != council.id and str(big.id).startswith("-100") and big.type == "supergroup"

    leaving, arriving = [u.message for u in await taken(bot)]
    assert leaving is not None and leaving.chat.id == council.id
    assert leaving.migrate_to_chat_id == big.id
    assert arriving is not None and arriving.chat.id == big.id
    assert arriving.migrate_from_chat_id == council.id
    assert arriving.from_user is not None and arriving.from_user.id == ANONYMOUS_ADMIN
    assert arriving.sender_chat is not None and arriving.sender_chat.id == big.id

    with pytest.raises(TelegramMigrateToChat) as moved:
        await bot.send_message(council.id, "Reminder")
    assert moved.value.migrate_to_chat_id == big.id
    assert "group chat was upgraded to a supergroup chat" in moved.value.message
    with pytest.raises(TelegramMigrateToChat):
        await bot.edit_message_text("Closed", chat_id=council.id, message_id=old.message_id)
    assert (await bot.send_message(big.id, "Reminder")).chat.type == "supergroup"
    assert isinstance(await bot.get_chat_member(big.id, bob.id), ChatMemberMember)
    with pytest.raises(ValueError, match="became supergroup"):
        await fake.post(bob, council, "hello?")


# limits and buttons


async def test_a_group_gets_twenty_messages_a_minute_topics_included(
    fake: FakeTelegram, bot: Bot, alice: SimUser, clock: TestClock
) -> None:
    forum = fake.group(alice, "Council forum", forum=True)
    await fake.add_bot(forum, by=alice)
    topic = await fake.create_topic(forum, alice, "Rounds")
    first = await bot.send_message(forum.id, "0", reply_markup=button(callback_data="ok"))
    for n in range(1, 20):
        await bot.send_message(forum.id, str(n), message_thread_id=topic if n % 2 else None)
        clock.advance(1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(forum.id, "over", message_thread_id=topic)
    assert caught.value.retry_after == 41
    assert fake.rate_limited[-1] == RateLimited("sendMessage", forum.id, 41, "group chat")

    # Edits and callback answers are not sends; another chat has its own budget.
    tap = await fake.press(alice, fake.messages(forum.id)[0], "ok")
    assert await bot.answer_callback_query(tap["callback_query"]["id"], text="Noted")
    await bot.edit_message_text("0, edited", chat_id=forum.id, message_id=first.message_id)
    await bot.send_message(alice.id, "in private")
    clock.advance(41)
    await bot.send_message(forum.id, "the next minute", message_thread_id=topic)


async def test_web_app_buttons_are_refused_in_groups_url_buttons_are_checked(
    fake: FakeTelegram, bot: Bot, alice: SimUser, council: GroupChat
) -> None:
    app = button(web_app=WebAppInfo(url="https://coach.example.org/app"))
    sent = await bot.send_message(alice.id, "Open the app", reply_markup=app)
    assert fake.last_message(alice.id).button("Go").web_app == "https://coach.example.org/app"
    assert sent.reply_markup is not None
    with pytest.raises(TelegramBadRequest, match="Only HTTPS links are allowed"):
        await bot.send_message(
            alice.id, "x", reply_markup=button(web_app=WebAppInfo(url="http://coach.example.org"))
        )
    with pytest.raises(TelegramBadRequest, match="BUTTON_TYPE_INVALID"):
        await bot.send_message(council.id, "Open the app", reply_markup=app)
    post = await bot.send_message(council.id, "Answer in private")
    with pytest.raises(TelegramBadRequest, match="BUTTON_TYPE_INVALID"):
        await bot.edit_message_reply_markup(
            chat_id=council.id, message_id=post.message_id, reply_markup=app
        )

    link = "https://t.me/coach_test_bot?start=g-abc_123"
    await bot.send_message(council.id, "Answer in private", reply_markup=button(url=link))
    assert fake.last_message(council.id).button("Go").url == link
    await bot.send_message(
        council.id, "tg", reply_markup=button(url="tg://resolve?domain=coach_test_bot")
    )
    await bot.send_message(council.id, "bare", reply_markup=button(url="example.org"))
    assert fake.last_message(council.id).button("Go").url == "http://example.org/"
    for url, reason in (
        ("http://localhost:8080/join", "Wrong HTTP URL"),
        ("ftp://files.example.org", "Unsupported URL protocol"),
    ):
        with pytest.raises(TelegramBadRequest, match=reason):
            await bot.send_message(council.id, "x", reply_markup=button(url=url))


# command menus


async def test_group_command_menus_resolve_as_telegram_does(
    fake: FakeTelegram, bot: Bot, alice: SimUser, bob: SimUser, council: GroupChat
) -> None:
    def named(*names: str) -> list[BotCommand]:
        return [BotCommand(command=name, description=name) for name in names]

    def menu(user: SimUser, language: str, chat: int | None = council.id) -> list[str]:
        return [command["command"] for command in fake.menu(user.id, language, chat=chat)]

    await bot.set_my_commands(named("start", "help"))
    assert menu(bob, "en") == ["start", "help"] == menu(bob, "en", chat=None)
    await bot.set_my_commands(named("help"), scope=BotCommandScopeAllGroupChats())
    await bot.set_my_commands(
        named("aide"), scope=BotCommandScopeAllGroupChats(), language_code="fr"
    )
    assert (menu(bob, "en"), menu(alice, "fr"), menu(bob, "en", chat=None)) == (
        ["help"],
        ["aide"],
        ["start", "help"],
    )
    await bot.set_my_commands(
        named("help", "settings"), scope=BotCommandScopeAllChatAdministrators()
    )
    assert (menu(alice, "en"), menu(bob, "en")) == (["help", "settings"], ["help"])
    await bot.set_my_commands(named("help", "link"), scope=BotCommandScopeChat(chat_id=council.id))
    assert (menu(alice, "en"), menu(bob, "en")) == (["help", "link"], ["help", "link"])
    admins = BotCommandScopeChatAdministrators(chat_id=council.id)
    await bot.set_my_commands(named("help", "link", "unlink"), scope=admins)
    assert (menu(alice, "en"), menu(bob, "en")) == (["help", "link", "unlink"], ["help", "link"])
    await bot.set_my_commands(
        named("help"), scope=BotCommandScopeChatMember(chat_id=council.id, user_id=bob.id)
    )
    assert menu(bob, "fr") == ["help"]
    assert [c.command for c in await bot.get_my_commands(scope=admins)] == [
        "help",
        "link",
        "unlink",
    ]

    other = fake.group(alice, "Elsewhere")
    assert menu(alice, "en", chat=other.id) == ["help", "settings"]  # all groups' administrators
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.set_my_commands(named("help"), scope=BotCommandScopeChat(chat_id=other.id))
    assert await bot.delete_my_commands(scope=admins)
    assert menu(alice, "en") == ["help", "link"]
