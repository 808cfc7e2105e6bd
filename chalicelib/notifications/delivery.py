"""The notification pipeline behind the queues: fan-out, sending, and the daily digest.

- `fan_out(message)`: ONE page of an event's audience (followers, moderators and admins, or
  explicit ids). It enqueues delivery messages of at most DELIVER_BATCH recipients, and the
  next page as a new fan-out message: a community of 10,000 followers is 20 fan-out messages
  and 200 delivery messages, never one run over everyone. A page is recorded as done after
  its messages are queued, so a killed run is redone rather than lost.
- `deliver(message)`: for each recipient, claim `notify:<event>:<user>` (an idempotency
  record) so a redelivered message notifies nobody twice; write the in-app notifications;
  then email now, or keep the item for tomorrow's digest, as the person's settings say.
- `enqueue_due_digests()` (daily) and `send_digest(user_id)`: one email per person bundling
  what waited, then the waiting items are deleted.

A failure releases the claims whose work is unfinished and re-raises, so SQS retries the
message (partial batch responses keep the rest of its batch); after 5 receives it lands in
the dead-letter queue. The claim is taken before the email: a process killed between the
two loses that one email rather than sending it twice.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from chalicelib.notifications import email_choice_rules as choices
from chalicelib.notifications import notifications as rules
from chalicelib.notifications.notifications import BadEvent, Event, Recipient
from chalicelib.platform import clock

FANOUT_PAGE = 500      # recipients read per fan-out message
DELIVER_BATCH = 50     # recipients per delivery message
DIGEST_PAGE = 500      # people read per page of the digest index
DIGEST_ITEMS_SHOWN = 50


def _claim_key(event_id: str, user_id: str) -> str:
    return f"notify:{event_id}:{user_id}"


# --- fan-out ----------------------------------------------------------------------------

def read_fanout(message: Any) -> tuple[Event, dict[str, Any]]:
    """A fan-out message is the event itself (first page) or `{"event", "page"}`."""
    if isinstance(message, dict) and "page" in message:
        page = message["page"]
        if not isinstance(page, dict):
            raise BadEvent("page must be an object")
        return rules.parse_event(message.get("event")), page
    return rules.parse_event(message), {}


def audience_page(event: Event, page: dict[str, Any]) -> tuple[list[str], dict[str, Any] | None]:
    """One bounded page of the audience and the state of the next page (None at the end)."""
    from chalicelib.communities import audiences
    from chalicelib.notifications import audience_sources

    (kind, target), = event.audience.items()
    registered = audience_sources.source(kind)
    if registered is not None:
        return registered(target, event, page)
    if kind == "accounts":
        from chalicelib.identity import accounts

        try:
            return accounts.account_page(page, FANOUT_PAGE)
        except ValueError as bad:
            raise BadEvent(str(bad)) from None
    if kind == "followers_of":
        after = page.get("after")
        if after is not None and not isinstance(after, str):
            raise BadEvent("page.after must be an id")
        ids, last = audiences.followers(target, limit=FANOUT_PAGE, after=after)
        return ids, ({"after": last} if last else None)
    if kind == "following":
        try:
            return audiences.following_page(
                target["community"], target.get("project"), target.get("module"),
                limit=FANOUT_PAGE, page=page)
        except ValueError as bad:
            raise BadEvent(str(bad)) from None
    if kind == "moderators_of":
        roles = ("admin", "moderator")
        role = page.get("role", roles[0])
        if role not in roles:
            raise BadEvent("page.role must be admin or moderator")
        after = page.get("after")
        found: list[str] = []
        for current in roles[roles.index(role):]:
            ids, last = audiences.holding(target, current, limit=FANOUT_PAGE - len(found),
                                            after=after)
            found.extend(ids)
            after = None
            if last:
                return found, {"role": current, "after": last}
            if len(found) >= FANOUT_PAGE and current != roles[-1]:
                return found, {"role": roles[roles.index(current) + 1]}
        return found, None
    offset = page.get("offset", 0)
    if not isinstance(offset, int) or offset < 0:
        raise BadEvent("page.offset must be a non-negative integer")
    ids = list(target[offset:offset + FANOUT_PAGE])
    end = offset + FANOUT_PAGE
    return ids, ({"offset": end} if end < len(target) else None)


def delivery_messages(event: Event, user_ids: list[str]) -> list[dict[str, Any]]:
    """Delivery messages of at most DELIVER_BATCH recipients, each carrying the event with its
    audience narrowed to those recipients."""
    base = event.as_message()
    return [{"type": "event", "event": {**base, "audience": {"user_ids": chunk}}}
            for chunk in rules.chunks(rules.recipients_of(user_ids, event.actor_id),
                                      DELIVER_BATCH)]


def fan_out(message: Any) -> None:
    """The page is recorded as done only once its messages are queued: a run killed half-way
    (a timeout) is simply redone by SQS, and the recipients' own claims make a repeat
    harmless, while a page once done is not queued again by a redelivery."""
    from chalicelib.platform.aws import queues
    from chalicelib.platform.dynamo import idempotency

    event, page = read_fanout(message)
    page_key = hashlib.sha256(json.dumps(page, sort_keys=True).encode()).hexdigest()[:16]
    key = f"fanout:{event.event_id}:{page_key}"
    if idempotency.is_claimed(key, now=clock.now()):
        return
    user_ids, next_page = audience_page(event, page)
    queues.publish_many(queues.DELIVER, delivery_messages(event, user_ids))
    if next_page is not None:
        queues.publish(queues.NOTIFY, {"event": event.as_message(), "page": next_page})
    idempotency.claim(key, now=clock.now())


# --- sending ----------------------------------------------------------------------------

def load_recipients(user_ids: list[str]) -> dict[str, Recipient]:
    """People and their settings: two BatchGetItem calls for a delivery message."""
    from chalicelib.identity import accounts
    from chalicelib.notifications import notification_tables as store

    if not user_ids:
        return {}
    users = accounts.many(user_ids, ["email", "email_rejected", "locale", "status",
                                     "restrictions", "platform_admin"])
    settings = store.settings_of(user_ids)
    out = {}
    for user in users.values():
        stored = settings.get(user.user_id)
        out[user.user_id] = Recipient(
            user_id=user.user_id, email=user.email if accounts.reachable(user) else None,
            locale=rules.locale_of(user.locale),
            status=user.status, restrictions=_as_dict(user.restrictions),
            settings=choices.settings_from(stored.choices() if stored else None),
            platform_admin=bool(user.platform_admin))
    return out



def _as_dict(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if hasattr(value, "as_dict"):
        return dict(value.as_dict())
    return dict(value) if isinstance(value, dict) else {}


def deliver(message: Any) -> None:
    if not isinstance(message, dict):
        raise BadEvent("a delivery message is a JSON object")
    if message.get("type") == "digest":
        user_ids = message.get("user_ids")
        if not isinstance(user_ids, list) or not all(isinstance(u, str) for u in user_ids):
            raise BadEvent("user_ids must be a list of ids")
        for user_id in user_ids:
            send_digest(user_id)
        return
    if message.get("type") != "event":
        raise BadEvent("a delivery message has type event or digest")
    event = rules.parse_event(message.get("event"))
    if "user_ids" not in event.audience:
        raise BadEvent("a delivery message names its recipients by id")
    deliver_event(event, event.audience["user_ids"])


def deliver_event(event: Event, user_ids: list[str]) -> None:
    """Each recipient's in-app notification (and digest entry) and email, then the record
    that they got it. Recorded only after: a delivery killed half-way is redone for whoever
    has no record yet (in-app items have fixed keys: writing one again changes nothing), so
    nobody is skipped; an email can go twice only if the run stops between sending it and
    its record. A person whose address the mail service refuses for good is recorded as
    such and skipped from then on; the others still get theirs. A passing refusal (a
    throttle) fails the message after the others were served: SQS delivers it again."""
    from chalicelib.notifications import notification_tables as store
    from chalicelib.notifications import reach
    from chalicelib.platform.dynamo import idempotency

    now = clock.now()
    wanted = rules.recipients_of(user_ids, event.actor_id)
    # Read at send time: a community made private after the event was queued (or a follow
    # that raced the change) reaches no outsider.
    people = reach.seeing(event, load_recipients(wanted))
    plans = [rules.plan(event.category, people[u], actor_id=event.actor_id)
             for u in wanted if u in people]
    plans = [p for p in plans if p.in_app]
    done = idempotency.claimed_among([_claim_key(event.event_id, p.user_id) for p in plans],
                                     now=now)
    todo = [p for p in plans if _claim_key(event.event_id, p.user_id) not in done]
    store.write_notifications([
        store.new_notification(p.user_id, event, now=now, ttl=rules.NOTIFICATION_TTL)
        for p in todo])
    digest = [p for p in todo if p.digest]
    store.write_digest_entries([store.new_digest_entry(p.user_id, event, now=now)
                                for p in digest])
    due = rules.digest_due(now)
    for p in digest:
        store.mark_digest_pending(p.user_id, due)
    served, passing = _send_emails(event, people, [p for p in todo if p.email])
    served += [p.user_id for p in todo if not p.email]
    idempotency.claim_many([(_claim_key(event.event_id, u), u) for u in served], now=now)
    from chalicelib.platform.log import logger

    logger.info("notification delivered", extra={
        "event_id": event.event_id, "kind": event.kind, "recipients": len(served),
        "emails": sum(1 for p in todo if p.email), "digest": len(digest)})
    if passing is not None:
        raise passing


def _send_emails(event: Event, people: dict[str, Recipient],
                 plans: list[Any]) -> tuple[list[str], Exception | None]:
    """Send each email; answers who was served (sent, or refused for good) and the first
    passing error, if any (those recipients are left for the redelivery)."""
    from chalicelib.identity import accounts
    from chalicelib.platform import metrics
    from chalicelib.platform.aws import mail
    from chalicelib.platform.aws.secrets import secret
    from chalicelib.platform.log import logger

    served: list[str] = []
    passing: Exception | None = None
    key = secret("link_signing_key") if plans else ""
    for p in plans:
        person = people[p.user_id]
        try:
            mail.send(compose_event_mail(event, person, key=key))
        except mail.Undeliverable as refused:
            accounts.mark_rejected(p.user_id, person.email or "")
            logger.warning("mail rejected", extra={"reason": str(refused),
                                                   "event_id": event.event_id})
            metrics.count("MailRejected", category=event.category)
        except Exception as err:  # throttled, unavailable: the redelivery tries again
            passing = passing or err
            continue
        served.append(p.user_id)
    return served, passing


def _links() -> tuple[str, str]:
    from chalicelib.platform.config import settings

    cfg = settings()
    return cfg.api_url, cfg.frontend_url


def unsubscribe_url(user_id: str, category: str, *, key: str) -> str:
    api_url, _ = _links()
    return f"{api_url}/notifications/unsubscribe/" + choices.unsubscribe_token(
        user_id, category, key=key)


def unsubscribe_headers(url: str | None) -> dict[str, str]:
    """RFC 8058 one-click headers (none on account mail, which cannot be turned off)."""
    if url is None:
        return {}
    return {"List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _item_context(kind: str, data: dict[str, Any] | None, locale: str) -> dict[str, Any]:
    _, frontend_url = _links()
    data = data or {}
    return {"kind": kind, "title": rules.localized(data.get("title"), locale),
            "excerpt": rules.localized(data.get("excerpt"), locale),
            "community": rules.localized(data.get("community_name"), locale),
            "url": rules.link_for(data, frontend_url)}


def kind_template(kind: str) -> str:
    """A kind's own email template (`notify_moderation_outcome` for `moderation.outcome`)
    when it has one, else the generic `notify_event`. Both get the event's `data`."""
    from chalicelib.platform.mail_templates import exists

    name = "notify_" + kind.replace(".", "_")
    return name if exists(name, "en") else "notify_event"


def compose_event_mail(event: Event, person: Recipient, *, key: str) -> Any:
    from chalicelib.platform.aws.mail import Mail
    from chalicelib.platform.mail_templates import render

    _, frontend_url = _links()
    unsubscribe = (None if event.category == choices.ACCOUNT
                   else unsubscribe_url(person.user_id, event.category, key=key))
    context = _item_context(event.kind, event.data, person.locale)
    subject, text, html = render(
        kind_template(event.kind), person.locale, **context, category=event.category,
        data=event.data or {}, unsubscribe_url=unsubscribe,
        settings_url=f"{frontend_url}/settings/notifications")
    return Mail(to=person.email or "", subject=rules.one_line(subject), text=text, html=html,
                headers=unsubscribe_headers(unsubscribe), category=event.category)


# --- the daily digest -------------------------------------------------------------------

def enqueue_due_digests() -> int:
    """Daily: one delivery message per DELIVER_BATCH people whose digest is due, read from
    the sparse index shard by shard. Answers how many people were queued."""
    from chalicelib.notifications import notification_tables as store
    from chalicelib.platform.aws import queues

    now = clock.now()
    queued = 0
    for shard in range(store.DIGEST_SHARDS):
        after: dict[str, Any] | None = None
        while True:
            user_ids, after = store.due_digest_page(str(shard), now=now, limit=DIGEST_PAGE,
                                                    after=after)
            if user_ids:
                queues.publish_many(queues.DELIVER, [
                    {"type": "digest", "user_ids": chunk}
                    for chunk in rules.chunks(user_ids, DELIVER_BATCH)])
                queued += len(user_ids)
            if not after:
                break
    return queued


def send_digest(user_id: str) -> None:
    """One person's digest. The marker goes first: an item added after it is read below, or
    sets a new marker for the next digest. Redelivered, this finds nothing left to send, or
    finds the same items and a claim already taken for them."""
    from chalicelib.notifications import notification_tables as store
    from chalicelib.notifications import reach
    from chalicelib.platform.aws import mail
    from chalicelib.platform.aws.secrets import secret
    from chalicelib.platform.dynamo import idempotency

    store.clear_digest_marker(user_id)
    entries = store.digest_entries(user_id)
    if not entries:
        return
    person = load_recipients([user_id]).get(user_id)
    keep = []
    if (person is not None and person.email and person.status == "active"
            and not rules.digest_restricted(person.restrictions)):
        now = clock.now()
        keep = [e for e in entries if person.settings.email_on(e.category) and e.is_live(now)]
        keep = reach.still_visible(user_id, keep, platform_admin=person.platform_admin)
    if person is not None and keep:
        key = f"digest:{user_id}:{entries[-1].notification_id}"
        if idempotency.claim(key, now=clock.now(), owner=user_id):
            try:
                mail.send(compose_digest_mail(person, keep, key=secret("link_signing_key")))
            except Exception:
                idempotency.release(key)
                raise
    store.delete_digest_entries(entries)


def compose_digest_mail(person: Recipient, entries: list[Any], *, key: str) -> Any:
    from chalicelib.platform.aws.mail import Mail
    from chalicelib.platform.mail_templates import render

    _, frontend_url = _links()
    newest_first = sorted(entries, key=lambda e: e.notification_id, reverse=True)
    items = [_item_context(e.kind, e.data.as_dict() if e.data else None, person.locale)
             for e in newest_first[:DIGEST_ITEMS_SHOWN]]
    unsubscribe = unsubscribe_url(person.user_id, choices.DIGEST, key=key)
    subject, text, html = render(
        "notify_digest", person.locale, items=items, count=len(entries),
        more=max(0, len(entries) - DIGEST_ITEMS_SHOWN), unsubscribe_url=unsubscribe,
        settings_url=f"{frontend_url}/settings/notifications",
        notifications_url=f"{frontend_url}/notifications")
    return Mail(to=person.email or "", subject=rules.one_line(subject), text=text, html=html,
                headers=unsubscribe_headers(unsubscribe), category="digest")
