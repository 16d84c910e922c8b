"""Council group chats over Telegram, through the fake Bot API: linking a group, a round's posts
from opening to results, joining from a post, the bot removed, the group upgraded, forum
topics, quiet hours. The rules themselves are tested in tests/usecases/test_groups.py."""

import re
from datetime import UTC, datetime

from sqlmodel import select

from storage.models import CallStatus, GroupLink, TelegramCall
from tests.bot.test_rounds_e2e import open_round
from tests.bot.test_walkthrough_e2e import create_initiative, invite_codes

ONLY_COORDINATOR = "Only a coordinator of the initiative can link this group to it."
LINKED = "This group now follows “Quartier Nord”."
IN_PRIVATE = "That works in a private chat with me: nothing personal is shown in a group."
OPENED = "A new round is open in “Quartier Nord”."
READY = "Round “Winter” of “Quartier Nord” is closed: its results are ready."


async def in_group(coach, fake, group, person, text, **where):
    """``person`` writes in the group; what the bot then posted there."""
    mark = fake.mark()
    update = await fake.post(person.user, group, text, **where)
    if "update_id" in update:
        await coach.processed(update["update_id"])
    return fake.sent_after(mark, group.id)


async def told(coach, fake, sending):
    update = await sending
    await coach.processed(update["update_id"])
    return update


def payload(message) -> str:
    (url,) = [button.url for row in message.buttons for button in row]
    found = re.fullmatch(r"https://t\.me/coach_test_bot\?start=([A-Za-z0-9_-]+)", url)
    assert found, url
    return found.group(1)


async def links(coach) -> list[GroupLink]:
    async with coach.sessions() as session:
        return list((await session.exec(select(GroupLink))).all())


async def council(fake, coach, member, **kind):
    """Carla coordinates Quartier Nord; Mia is a member, Cole a coach; Sam is in the group only."""
    carla = member("Carla")
    member_code, coach_code = invite_codes(await create_initiative(carla))
    mia, cole, sam = member("Mia"), member("Cole"), member("Sam")
    await mia.command("/start", member_code)
    await cole.command("/start", coach_code)
    people = [p.user for p in (mia, cole, sam)]
    group = fake.group(carla.user, "Council", members=people, **kind)
    return carla, mia, cole, sam, group


async def test_a_coordinator_links_the_group_and_the_bot_keeps_its_manners(fake, coach, member):
    carla, mia, cole, sam, group = await council(fake, coach, member)
    mark = fake.mark()
    await told(coach, fake, fake.add_bot(group, by=carla.user))
    (hello,) = fake.sent_after(mark, group.id)
    assert "A coordinator of your initiative can send /link here" in hello.text
    menu = [c["command"] for c in fake.menu(mia.user.id, "en", chat=group.id)]
    assert menu == ["link", "unlink", "help"]

    for someone in (mia, cole, sam):  # a member, a coach, someone outside the initiative
        (refused,) = await in_group(coach, fake, group, someone, "/link")
        assert refused.text == ONLY_COORDINATOR
    await carla.command("/link")
    assert carla.text.startswith("/link and /unlink work in your council's Telegram group")
    assert await links(coach) == []

    (linked,) = await in_group(coach, fake, group, carla, "/link")
    assert linked.text.startswith(LINKED)
    (again,) = await in_group(coach, fake, group, carla, "/link@coach_test_bot")
    assert again.text.startswith("This group already follows “Quartier Nord”. Replace")
    (code,) = [link.join_code for link in await links(coach)]
    await told(
        coach,
        fake,
        fake.press(mia.user, again, again.button("Replace the join link").callback_data),
    )
    assert [link.join_code for link in await links(coach)] == [code]  # only Carla may answer
    await told(
        coach,
        fake,
        fake.press(carla.user, again, again.button("Replace the join link").callback_data),
    )
    assert fake.messages(group.id)[-1].text.startswith("The group's join link is replaced")
    (new_code,) = [link.join_code for link in await links(coach)]
    assert new_code != code
    await carla.command("/initiatives")  # "Replace both links" leaves the group's alone
    await carla.tap("Invite links")
    await carla.tap("Replace both links")
    assert [link.join_code for link in await links(coach)] == [new_code]

    mark = fake.mark()
    for command in ("/summary", "/mydata"):  # nothing personal in the group, nor in private
        (hint,) = await in_group(coach, fake, group, mia, command)
        assert hint.text == IN_PRIVATE and payload(hint) == new_code
    assert fake.sent_after(mark, mia.chat) == []
    await told(coach, fake, fake.promote(group, by=carla.user))  # now the bot reads everything
    assert await in_group(coach, fake, group, mia, "Shall we meet on Monday?") == []
    assert await in_group(coach, fake, group, sam, "Yes", reply_to=hello) == []
    mark = fake.mark()
    await told(coach, fake, fake.post_sticker(sam.user, group))
    assert await in_group(coach, fake, group, cole, "/help@other_helper_bot") == []
    assert fake.sent_after(mark) == []

    (refused,) = await in_group(coach, fake, group, mia, "/unlink")
    assert refused.text == "Only a coordinator of the initiative can unlink this group."
    (unlinked,) = await in_group(coach, fake, group, carla, "/unlink")
    assert unlinked.text.startswith("This group no longer follows “Quartier Nord”")
    await sam.command("/start", new_code)  # the code of a group that was unlinked
    assert sam.text.startswith("This invite link is not valid")


async def test_a_rounds_posts_from_opening_to_results_and_joining_from_one(fake, coach, member):
    carla, mia, cole, sam, group = await council(fake, coach, member)
    await told(coach, fake, fake.add_bot(group, by=carla.user))
    await in_group(coach, fake, group, carla, "/link")

    mark = fake.mark()
    await open_round(carla, "In 1 week", title="Winter")
    (opened,) = fake.sent_after(mark, group.id)  # one post for the group, none per member
    assert opened.text.startswith(OPENED) and "Round “Winter” is open until" in opened.text
    code = payload(opened)
    await sam.command("/start", code)  # not in the initiative: joins it as a member
    assert "Welcome to “Quartier Nord”! You joined as member." in sam.text
    await cole.command("/start", code)
    assert "You joined as coach." in cole.text  # a role is never lowered

    await carla.command("/remind")
    (reminder,) = [m for m in fake.messages(group.id) if m.text.startswith("Reminder")]
    assert "Reminder: round “Winter” of “Quartier Nord” is open until" in reminder.text
    assert "Mia" not in reminder.text and "Sam" not in reminder.text

    await carla.command("/settings")
    await carla.tap("Figures in the group")
    assert "everyone in the group sees them" in carla.text  # warned before choosing
    await carla.tap("Post the figures")
    assert "Figures in the group: posted when a round closes." in carla.text
    await carla.command("/close")
    await carla.tap("Close the round")
    closing = fake.messages(group.id)[-1]
    assert closing.text.startswith("Results of round “Winter”")
    assert "Comments" not in closing.text
    await mia.command("/start", payload(closing))
    assert "Results of round “Winter”" in mia.text  # read in private, by the one who tapped
    assert len(fake.messages(group.id)) == 5  # hello, linked, opened, reminder, results


async def quietly(coach, fake, sending):
    """An update handled, its replies sent, what it queued for later left waiting."""
    update = await sending
    await fake.wait_for(lambda: fake.confirmed(update["update_id"]), 10)
    return update


async def test_quiet_hours_a_migration_and_a_removal_between_two_posts(fake, coach, member, clock):
    carla, mia, cole, sam, group = await council(fake, coach, member)
    await told(coach, fake, fake.add_bot(group, by=carla.user))
    await in_group(coach, fake, group, carla, "/link")
    clock.advance(12 * 3600)  # 22:00 in Paris: quiet hours
    await carla.command("/round")
    await carla.say("Winter")
    await carla.tap("○ Preconditions")
    await carla.tap("Next ▶")
    await carla.tap("In 3 days")
    confirm = carla.screen.button("Open the round").callback_data
    await quietly(coach, fake, fake.press(carla.user, carla.screen, confirm))
    assert fake.messages(group.id)[-1].text.startswith(LINKED)  # the post waits

    # Upgraded while the post waits: it follows the group to the supergroup's id.
    supergroup = await fake.upgrade_to_supergroup(group, by=carla.user)
    await coach.drain()
    (opened,) = fake.messages(supergroup.id)
    assert opened.text.startswith(OPENED)
    assert opened.payload["date"] >= datetime(2026, 12, 2, 7, 0, tzinfo=UTC).timestamp()  # 08:00
    assert [m.text for m in fake.messages(group.id)][-1].startswith(LINKED)
    (link,) = await links(coach)
    assert link.chat_id == supergroup.id

    # Removed while a reminder waits for the end of quiet hours: it fails for good, unlinked.
    clock.advance(14 * 3600)  # 22:00 again
    await quietly(coach, fake, fake.send_command(carla.user, "/remind"))
    await quietly(coach, fake, fake.remove_bot(supergroup, by=carla.user))
    await coach.drain()
    async with coach.sessions() as session:
        rows = await session.exec(select(TelegramCall).where(TelegramCall.chat_id < 0))
        fates = [(call.chat_id, call.status) for call in rows]
    assert (supergroup.id, CallStatus.FAILED) in fates
    assert await links(coach) == []
    await carla.command("/progress")
    assert "1 not posted (the group was unlinked, or the coach removed from it)" in carla.text
    await sam.command("/start", link.join_code)
    assert sam.text.startswith("This invite link is not valid")


async def test_forum_topics_anonymous_admins_and_several_initiatives(fake, coach, member):
    carla, mia, cole, sam, forum = await council(fake, coach, member, forum=True)
    await create_initiative(carla, "Quartier Sud", "Water for all.")
    await told(coach, fake, fake.add_bot(forum, by=carla.user))
    topic = await fake.create_topic(forum, carla.user, "Coach")
    mark = fake.mark()
    await told(coach, fake, fake.post_anonymously(forum, "/link", topic=topic))
    (anonymous,) = fake.sent_after(mark, forum.id)
    assert "please send the command again under your own name" in anonymous.text

    (asked,) = await in_group(coach, fake, forum, carla, "/link", topic=topic)
    assert asked.text == "Which initiative does this group follow?"
    assert asked.payload["message_thread_id"] == topic
    tap = asked.button("Quartier Sud").callback_data
    update = await told(coach, fake, fake.press(mia.user, asked, tap))
    assert fake.callbacks[update["callback_query"]["id"]].answer["text"] == (
        "Only the person who sent /link can answer this."
    )
    await told(coach, fake, fake.press(carla.user, asked, tap))
    linked = fake.messages(forum.id)[-1]
    assert linked.text.startswith("This group now follows “Quartier Sud”.")
    (link,) = await links(coach)
    assert link.thread_id == topic

    fake.delete_topic(forum, topic)  # Telegram says nothing: the next post finds it gone
    await open_round(carla, "In 1 week", title="Winter")
    opened = fake.messages(forum.id)[-1]
    assert opened.text.startswith("A new round is open in “Quartier Sud”.")
    assert "message_thread_id" not in opened.payload  # the General topic
    (link,) = await links(coach)
    assert link.thread_id is None
    await carla.command("/close")
    await carla.tap("Close the round")
    closing = fake.messages(forum.id)[-1]  # by default only that the results are ready
    assert closing.text.startswith("Round “Winter” of “Quartier Sud” is closed: its results")
    assert closing.button("Read the results") and payload(closing).endswith("_results")


async def test_a_post_that_would_exceed_the_groups_limit_waits_for_its_turn(
    fake, coach, member, clock
):
    carla, mia, cole, sam, group = await council(fake, coach, member)
    await told(coach, fake, fake.add_bot(group, by=carla.user))
    await in_group(coach, fake, group, carla, "/link")
    for _ in range(18):  # twenty messages in the group within seconds
        await in_group(coach, fake, group, mia, "/help")
    first = fake.messages(group.id)[0].payload["date"]
    await open_round(carla, "In 1 week", title="Winter")
    opened = fake.messages(group.id)[-1]
    assert opened.text.startswith(OPENED)
    assert opened.payload["date"] >= first + 60
    assert [refused for refused in fake.rate_limited if refused.limit == "group chat"] == []

    clock.advance((7 * 24 + 2) * 3600)  # past the deadline: the background loop closes it
    await fake.wait_for(lambda: any("Results of round" in m.text for m in fake.sent_after(0)), 10)
    await coach.drain()  # the sends after the first wait for the clock to move on
    assert fake.messages(group.id)[-1].text.startswith(READY)
