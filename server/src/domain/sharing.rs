//! Sharing a booking and passing a coworking ticket on (spec sections 10, 11):
//! links, visitors, transfers, and what opening and accepting a link does. Only
//! the order's owner shares and passes on; people a booking is shared with and a
//! ticket's holder never see the order itself (`access::viewer` keeps them out).

use std::sync::Arc;

use kabinet_core::{
    check_action, Action, CalendarEntry, ErrorCode, ErrorReason, HistoryAction, InviteLink,
    InvitePreview, InvitePurpose, InviteStanding, Kind, LinkState, OrderView, Role,
    TransitionInput, Viewer, Visitors, VISITORS_PER_REQUEST,
};
use rusqlite::Connection;

use crate::domain::access;
use crate::domain::calendar;
use crate::domain::notify::{self, Actor};
use crate::error::{AppError, AppResult};
use crate::live::Hub;
use crate::storage::bundle::bundle;
use crate::storage::calendar::Part;
use crate::storage::checkin;
use crate::storage::links::{self, LinkRow, NewLink};
use crate::storage::orders::{self, OrderRow};
use crate::storage::services::{self, ServiceRow};
use crate::storage::users::{self, PersonRow, UserRow};
use crate::storage::{history, people, Store};
use crate::tokens::{link_token, new_nonce, token_hash};
use crate::views;

/// A transfer link works at most this long (and never past the ticket's day).
pub const TRANSFER_LINK_SECONDS: i64 = 7 * 24 * 3600;

fn kind_of(purpose: InvitePurpose) -> Kind {
    match purpose {
        InvitePurpose::Share => Kind::Booking,
        InvitePurpose::Transfer => Kind::Coworking,
    }
}

fn action_of(purpose: InvitePurpose) -> Action {
    match purpose {
        InvitePurpose::Share => Action::Share,
        InvitePurpose::Transfer => Action::TransferTicket,
    }
}

/// The order and its service, if `user` owns it and it is of the purpose's kind:
/// 404 for anyone who may not see it, 403 for staff, 409 for another kind.
fn owned(
    c: &Connection,
    user: &UserRow,
    id: i64,
    purpose: InvitePurpose,
) -> AppResult<(OrderRow, ServiceRow)> {
    let order = orders::get(c, id)?.ok_or_else(AppError::not_found)?;
    if access::require_viewer(user, &order)? != Viewer::Owner {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            ErrorReason::NotYours,
            "Only the order's owner shares it or passes it on",
        ));
    }
    if order.kind != kind_of(purpose) {
        return Err(AppError::conflict(
            ErrorReason::NotForKind,
            "This action is not available for this kind of order",
        ));
    }
    let service = services::get(c, order.service_id)?
        .ok_or_else(|| AppError::internal(format!("order {id} has no service")))?;
    Ok((order, service))
}

/// 409 unless the rules allow sharing (or passing on) the order now.
fn allowed(
    order: &OrderRow,
    service: &ServiceRow,
    purpose: InvitePurpose,
    now: i64,
) -> AppResult<()> {
    let facts = views::facts(order, service, now);
    check_action(
        &facts,
        Viewer::Owner,
        action_of(purpose),
        TransitionInput::default(),
    )
    .map(|_| ())
    .map_err(|e| AppError::conflict(e.reason(), e.message()))
}

fn invite_link(key: &[u8], row: &LinkRow) -> InviteLink {
    let token = link_token(key, &row.nonce);
    InviteLink {
        path: format!("/invite/{token}"),
        token,
        expires_at: views::ts(row.expires_at),
    }
}

/// When a new link stops working: a share link when the booking ends, a transfer
/// link after 7 days or when the ticket's day ends, whichever is first.
fn expiry(order: &OrderRow, purpose: InvitePurpose, now: i64) -> i64 {
    let week = now + TRANSFER_LINK_SECONDS;
    let end = order.service_end_at.or(order.service_at);
    match purpose {
        InvitePurpose::Share => end.unwrap_or(week),
        InvitePurpose::Transfer => end.map_or(week, |e| e.min(week)),
    }
}

/// The order's link that works now, if any.
pub async fn link_get(
    store: &Store,
    key: Arc<Vec<u8>>,
    user: &UserRow,
    id: i64,
    purpose: InvitePurpose,
    now: i64,
) -> AppResult<LinkState> {
    let user = user.clone();
    store
        .call(move |c| -> AppResult<LinkState> {
            let (order, service) = owned(c, &user, id, purpose)?;
            // A cancelled, finished or past order's link works for no one.
            if allowed(&order, &service, purpose, now).is_err() {
                return Ok(LinkState { link: None });
            }
            let link = links::open(c, id, purpose, now)?;
            Ok(LinkState {
                link: link.map(|l| invite_link(&key, &l)),
            })
        })
        .await
}

/// Makes a link. A booking keeps one share link, answered again while it works
/// (`false`: nothing was made); a transfer link is always new, and the old one
/// stops working.
pub async fn link_create(
    store: &Store,
    key: Arc<Vec<u8>>,
    user: &UserRow,
    id: i64,
    purpose: InvitePurpose,
    now: i64,
) -> AppResult<(bool, LinkState)> {
    let u = user.clone();
    // Refusals are answered from a reader, never queued on the writer.
    store
        .call(move |c| -> AppResult<()> {
            let (order, service) = owned(c, &u, id, purpose)?;
            allowed(&order, &service, purpose, now)
        })
        .await?;
    let user = user.clone();
    store
        .write(move |c| -> AppResult<(bool, LinkState)> {
            let (order, service) = owned(c, &user, id, purpose)?;
            allowed(&order, &service, purpose, now)?;
            if purpose == InvitePurpose::Share {
                if let Some(l) = links::open(c, id, purpose, now)? {
                    return Ok((
                        false,
                        LinkState {
                            link: Some(invite_link(&key, &l)),
                        },
                    ));
                }
            }
            links::revoke(c, id, purpose, now)?;
            let nonce = new_nonce();
            let token = link_token(&key, &nonce);
            let row = links::insert(
                c,
                &NewLink {
                    order_id: id,
                    purpose,
                    nonce: &nonce,
                    token_hash: &token_hash(&token),
                    created_by: user.id,
                    expires_at: expiry(&order, purpose, now),
                },
                now,
            )?;
            Ok((
                true,
                LinkState {
                    link: Some(invite_link(&key, &row)),
                },
            ))
        })
        .await
}

/// Deletes the order's link: it stops working for everyone who has not used it.
pub async fn link_delete(
    store: &Store,
    user: &UserRow,
    id: i64,
    purpose: InvitePurpose,
    now: i64,
) -> AppResult<()> {
    let u = user.clone();
    store
        .call(move |c| owned(c, &u, id, purpose).map(|_| ()))
        .await?;
    let user = user.clone();
    store
        .write(move |c| -> AppResult<()> {
            owned(c, &user, id, purpose)?;
            links::revoke(c, id, purpose, now)?;
            Ok(())
        })
        .await
}

/// «Посетители»: the owner first, then everyone the booking is shared with.
fn visitors_of(c: &Connection, order: &OrderRow) -> AppResult<Visitors> {
    let owner = users::person(c, order.user_id)?
        .ok_or_else(|| AppError::internal(format!("order {}: no owner", order.id)))?;
    let mut visitors = vec![views::person(&owner)];
    visitors.extend(orders::visitors(c, order.id)?.iter().map(views::person));
    Ok(Visitors { visitors })
}

/// Gives each of `ids` access to the booking; each new one is notified. The
/// owner and people who have access already are skipped.
pub async fn visitors_add(
    store: &Store,
    hub: &Hub,
    user: &UserRow,
    id: i64,
    ids: Vec<i64>,
    now: i64,
) -> AppResult<Visitors> {
    if ids.is_empty() {
        return Err(AppError::required("user_ids", "Choose at least one person"));
    }
    if ids.len() > VISITORS_PER_REQUEST {
        return Err(AppError::validation(
            "user_ids",
            ErrorReason::TooLong,
            format!("At most {VISITORS_PER_REQUEST} people at a time"),
        )
        .with_limit(VISITORS_PER_REQUEST as u64));
    }
    let mut ids = ids;
    ids.sort_unstable();
    ids.dedup();
    let purpose = InvitePurpose::Share;
    let u = user.clone();
    let wanted = ids.clone();
    store
        .call(move |c| -> AppResult<()> {
            let (order, service) = owned(c, &u, id, purpose)?;
            allowed(&order, &service, purpose, now)?;
            known_tenants(c, &wanted).map(|_| ())
        })
        .await?;
    let actor = Actor::of(user);
    let user = user.clone();
    let (answer, woken) = store
        .write(move |c| -> AppResult<(Visitors, Vec<i64>)> {
            let (order, service) = owned(c, &user, id, purpose)?;
            allowed(&order, &service, purpose, now)?;
            let mut woken = Vec::new();
            for p in known_tenants(c, &ids)? {
                if p.id == order.user_id || !orders::add_visitor(c, id, p.id, now)? {
                    continue;
                }
                history::record_about(
                    c,
                    id,
                    actor.id,
                    HistoryAction::ShareAccess,
                    order.status,
                    p.id,
                    now,
                )?;
                notify::access_granted(c, &order, p.id, &actor, now)?;
                woken.push(p.id);
            }
            if !woken.is_empty() {
                let after = orders::touch(c, id)?.ok_or_else(AppError::not_found)?;
                woken.extend(notify::order_touched(c, &after, now)?);
            }
            Ok((visitors_of(c, &order)?, woken))
        })
        .await?;
    hub.wake(woken);
    Ok(answer)
}

/// The tenants among `ids`; 422 `unknown_user` if any is not one (no such user,
/// or staff).
fn known_tenants(c: &Connection, ids: &[i64]) -> AppResult<Vec<PersonRow>> {
    let found = people::tenants(c, ids)?;
    if found.len() != ids.len() {
        return Err(AppError::validation(
            "user_ids",
            ErrorReason::UnknownUser,
            "Some of these people cannot be chosen",
        ));
    }
    Ok(found)
}

/// Takes a person's access to the booking away (404 if they had none).
pub async fn visitor_remove(
    store: &Store,
    hub: &Hub,
    user: &UserRow,
    id: i64,
    visitor_id: i64,
    now: i64,
) -> AppResult<Visitors> {
    let purpose = InvitePurpose::Share;
    let u = user.clone();
    store
        .call(move |c| -> AppResult<()> {
            owned(c, &u, id, purpose)?;
            if orders::is_visitor(c, id, visitor_id)? {
                Ok(())
            } else {
                Err(AppError::not_found())
            }
        })
        .await?;
    let user = user.clone();
    let (answer, woken) = store
        .write(move |c| -> AppResult<(Visitors, Vec<i64>)> {
            let (order, _) = owned(c, &user, id, purpose)?;
            if !orders::remove_visitor(c, id, visitor_id, now)? {
                return Err(AppError::not_found());
            }
            history::record_about(
                c,
                id,
                user.id,
                HistoryAction::RemoveVisitor,
                order.status,
                visitor_id,
                now,
            )?;
            let after = orders::touch(c, id)?.ok_or_else(AppError::not_found)?;
            let woken = notify::order_touched(c, &after, now)?;
            Ok((visitors_of(c, &order)?, woken))
        })
        .await?;
    hub.wake(woken);
    Ok(answer)
}

/// Gives the ticket to `to`: the order's visitor changes, a transfer link made
/// before is used up (it says the ticket has gone), the history says who passed it (`by`: the buyer, directly or through
/// their link) to whom, and everyone concerned but the `actor` (whose request
/// this is) is told. Answers whom to wake.
fn pass_ticket(
    c: &Connection,
    order: &OrderRow,
    to: &PersonRow,
    by: i64,
    actor: &Actor,
    now: i64,
) -> AppResult<Vec<i64>> {
    let previous = order.ticket_holder_id.or(Some(order.user_id));
    orders::set_ticket_holder(c, order.id, to.id)?;
    links::use_up(c, order.id, to.id, now)?;
    // The old holder's entry code stops working (it scans as "passed on"); the new
    // holder is given a code of their own when they open it.
    checkin::revoke_code(c, order.id, checkin::Revoked::PassedOn, now)?;
    history::record_about(
        c,
        order.id,
        by,
        HistoryAction::TransferTicket,
        order.status,
        to.id,
        now,
    )?;
    let after = orders::touch(c, order.id)?.ok_or_else(AppError::not_found)?;
    let mut woken = notify::order_touched(c, &after, now)?;
    woken.extend(notify::ticket_passed(c, &after, previous, to, actor, now)?);
    Ok(woken)
}

/// The person a ticket goes to: a tenant (422 `unknown_user`) who does not hold it
/// yet (409 `already_holder`).
fn new_holder(c: &Connection, order: &OrderRow, to: i64) -> AppResult<PersonRow> {
    let person = people::tenants(c, &[to])?.pop().ok_or_else(|| {
        AppError::validation(
            "user_id",
            ErrorReason::UnknownUser,
            "This person cannot receive the ticket",
        )
    })?;
    if order.ticket_holder_id.unwrap_or(order.user_id) == to {
        return Err(AppError::conflict(
            ErrorReason::AlreadyHolder,
            "This person holds the ticket already",
        ));
    }
    Ok(person)
}

/// The buyer passes the coworking ticket to a registered user.
pub async fn transfer(
    store: &Store,
    hub: &Hub,
    user: &UserRow,
    id: i64,
    to: i64,
    now: i64,
) -> AppResult<OrderView> {
    let purpose = InvitePurpose::Transfer;
    let u = user.clone();
    store
        .call(move |c| -> AppResult<()> {
            let (order, service) = owned(c, &u, id, purpose)?;
            allowed(&order, &service, purpose, now)?;
            new_holder(c, &order, to).map(|_| ())
        })
        .await?;
    let actor = Actor::of(user);
    let user = user.clone();
    let (view, woken) = store
        .write(move |c| -> AppResult<(OrderView, Vec<i64>)> {
            let (order, service) = owned(c, &user, id, purpose)?;
            allowed(&order, &service, purpose, now)?;
            let person = new_holder(c, &order, to)?;
            let woken = pass_ticket(c, &order, &person, actor.id, &actor, now)?;
            let b = bundle(c, id, user.id)?.ok_or_else(AppError::not_found)?;
            Ok((views::order_view(&b, Viewer::Owner, now), woken))
        })
        .await?;
    hub.wake(woken);
    Ok(view)
}

/// The link behind a token, if it still works: 404 `link_not_found`, 410
/// `link_revoked`, `link_used` or `link_expired`.
fn working_link(c: &Connection, token: &str, now: i64) -> AppResult<LinkRow> {
    // Tokens are 43 base64url characters; anything else is not looked up.
    let plausible = token.len() == 43
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let link = if plausible {
        links::by_token_hash(c, &token_hash(token))?
    } else {
        None
    };
    let link = link.ok_or_else(|| {
        AppError::new(
            ErrorCode::NotFound,
            ErrorReason::LinkNotFound,
            "There is no such link",
        )
    })?;
    if link.used_at.is_some() {
        return Err(AppError::gone(
            ErrorReason::LinkUsed,
            "This link has been used already",
        ));
    }
    if link.revoked_at.is_some() {
        return Err(AppError::gone(
            ErrorReason::LinkRevoked,
            "The owner deleted this link",
        ));
    }
    if link.expires_at <= now {
        return Err(AppError::gone(
            ErrorReason::LinkExpired,
            "This link has expired",
        ));
    }
    Ok(link)
}

/// The link, its order and service, as long as the order may still be shared or
/// passed on (409 otherwise).
fn invite(c: &Connection, token: &str, now: i64) -> AppResult<(LinkRow, OrderRow)> {
    let link = working_link(c, token, now)?;
    let order = orders::get(c, link.order_id)?.ok_or_else(AppError::not_found)?;
    let service = services::get(c, order.service_id)?
        .ok_or_else(|| AppError::internal(format!("order {} has no service", order.id)))?;
    allowed(&order, &service, link.purpose, now)?;
    Ok((link, order))
}

/// How `user` stands to the link's order.
fn standing(
    c: &Connection,
    user: &UserRow,
    link: &LinkRow,
    order: &OrderRow,
) -> AppResult<InviteStanding> {
    Ok(if user.role != Role::Tenant {
        InviteStanding::Staff
    } else if user.id == order.user_id {
        InviteStanding::Owner
    } else {
        match link.purpose {
            InvitePurpose::Share if orders::is_visitor(c, order.id, user.id)? => {
                InviteStanding::Joined
            }
            InvitePurpose::Share if orders::was_removed(c, order.id, user.id)? => {
                InviteStanding::Removed
            }
            InvitePurpose::Transfer if order.ticket_holder_id == Some(user.id) => {
                InviteStanding::Holder
            }
            _ => InviteStanding::Open,
        }
    })
}

/// What a link gives and who gives it. Changes nothing: mail scanners and link
/// previews open links.
pub async fn preview(
    store: &Store,
    token: String,
    user: Option<UserRow>,
    now: i64,
) -> AppResult<InvitePreview> {
    store
        .call(move |c| -> AppResult<InvitePreview> {
            let (link, order) = invite(c, &token, now)?;
            let by = users::person(c, order.user_id)?
                .ok_or_else(|| AppError::internal("the order has no owner"))?;
            let standing = match &user {
                Some(u) => Some(standing(c, u, &link, &order)?),
                None => None,
            };
            Ok(InvitePreview {
                purpose: link.purpose,
                kind: order.kind,
                title: order.service_name.clone(),
                place: calendar::place(order.kind, &order.details),
                starts_at: order.service_at.map(views::ts),
                ends_at: order.service_end_at.map(views::ts),
                by: views::person(&by),
                expires_at: views::ts(link.expires_at),
                standing,
            })
        })
        .await
}

/// Accepts a link: a booking is shared with the user, or the ticket moves to them
/// (a transfer link works once: of two people accepting at once, one gets it).
/// Answers how the user now holds it.
pub async fn accept(
    store: &Store,
    hub: &Hub,
    token: String,
    user: &UserRow,
    now: i64,
) -> AppResult<CalendarEntry> {
    let check =
        move |c: &Connection, token: &str, user: &UserRow| -> AppResult<(LinkRow, OrderRow)> {
            let (link, order) = invite(c, token, now)?;
            match standing(c, user, &link, &order)? {
                InviteStanding::Open => Ok((link, order)),
                InviteStanding::Staff => Err(AppError::forbidden()),
                InviteStanding::Owner => Err(AppError::conflict(
                    ErrorReason::OwnLink,
                    "This is a link to your own order",
                )),
                InviteStanding::Joined => Err(AppError::conflict(
                    ErrorReason::AlreadyJoined,
                    "You have access to this booking already",
                )),
                InviteStanding::Holder => Err(AppError::conflict(
                    ErrorReason::AlreadyHolder,
                    "You hold this ticket already",
                )),
                InviteStanding::Removed => Err(AppError::conflict(
                    ErrorReason::AccessRemoved,
                    "The owner took your access to this booking away",
                )),
            }
        };
    let (t, u) = (token.clone(), user.clone());
    store.call(move |c| check(c, &t, &u).map(|_| ())).await?;
    let actor = Actor::of(user);
    let user = user.clone();
    let (entry, woken) = store
        .write(move |c| -> AppResult<(CalendarEntry, Vec<i64>)> {
            let (link, order) = check(c, &token, &user)?;
            let me = users::person(c, user.id)?.ok_or_else(AppError::unauthorized)?;
            let (woken, part) = match link.purpose {
                InvitePurpose::Share => {
                    orders::add_visitor(c, order.id, user.id, now)?;
                    history::record_about(
                        c,
                        order.id,
                        user.id,
                        HistoryAction::ShareAccess,
                        order.status,
                        user.id,
                        now,
                    )?;
                    let after = orders::touch(c, order.id)?.ok_or_else(AppError::not_found)?;
                    (notify::order_touched(c, &after, now)?, Part::Visitor)
                }
                InvitePurpose::Transfer => {
                    if !links::take(c, link.id, user.id, now)? {
                        return Err(AppError::gone(
                            ErrorReason::LinkUsed,
                            "This link has been used already",
                        ));
                    }
                    let by = link.created_by;
                    (pass_ticket(c, &order, &me, by, &actor, now)?, Part::Holder)
                }
            };
            let entry = calendar::entry_of(c, order.id, part)?
                .ok_or_else(|| AppError::internal("the accepted order is not dated"))?;
            Ok((entry, woken))
        })
        .await?;
    hub.wake(woken);
    Ok(entry)
}
