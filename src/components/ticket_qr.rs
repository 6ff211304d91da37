//! «QR-билета» and a coworking ticket's «Код для входа»: the holder's entry code as
//! a QR code drawn here (the qrcode crate, SVG), large and black on white, with
//! what it is for, whose it is and the code in text. On a phone it fills the
//! screen. The code is kept once read, so the dialog opened again without a
//! network still shows it.

use std::cell::RefCell;
use std::rc::Rc;

use kabinet_core::{group_code, Kind, Status, TicketCode};
use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};
use yew::prelude::*;

use crate::api::ApiError;
use crate::components::dialog::Dialog;
use crate::components::remote_view::remote_view;
use crate::format::{self, DateStyle};
use crate::hooks::{use_locale, use_remote, use_session};
use crate::i18n::{action_label, T};
use kabinet_core::Action;

thread_local! {
    /// Codes read in this page's life (a person holds a few tickets): shown when
    /// the network is gone.
    static SEEN: RefCell<Vec<Rc<TicketCode>>> = const { RefCell::new(Vec::new()) };
}

/// The code as an SVG QR code: version 2 at error correction M in alphanumeric
/// mode (a code is 28 capitals and digits, which fits), one path of unit squares
/// with a quiet zone of four; sized by CSS. Encoded by the qrcode crate without
/// its mode optimiser and renderers, which the app need not carry.
pub fn qr_svg(code: &str) -> Html {
    let mut bits = Bits::new(Version::Normal(2));
    let encoded = bits
        .push_alphanumeric_data(code.as_bytes())
        .and_then(|_| bits.push_terminator(EcLevel::M))
        .and_then(|_| QrCode::with_bits(bits, EcLevel::M));
    let Ok(qr) = encoded else {
        return html! {};
    };
    const QUIET: usize = 4;
    let n = qr.width();
    let mut d = String::new();
    for (i, c) in qr.to_colors().into_iter().enumerate() {
        if c == Color::Dark {
            d += &format!("M{} {}h1v1h-1z", i % n + QUIET, i / n + QUIET);
        }
    }
    let side = (n + 2 * QUIET).to_string();
    html! {
        <svg xmlns="http://www.w3.org/2000/svg" viewBox={format!("0 0 {side} {side}")} shape-rendering="crispEdges">
            <rect width={side.clone()} height={side} fill="#fff" />
            <path {d} fill="#000" />
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct TicketQrProps {
    pub order_id: i64,
    pub kind: Kind,
    /// The ticket's status now: once checked in, the dialog says so instead.
    #[prop_or(Status::InProgress)]
    pub status: Status,
    pub on_close: Callback<()>,
}

#[component]
pub fn TicketQr(props: &TicketQrProps) -> Html {
    let locale = use_locale();
    let session = use_session();
    let offline = use_state(|| false);
    let remote = {
        let (api, offline) = (session.api.clone(), offline.clone());
        use_remote(props.order_id, move |id| async move {
            match api.ticket_code(id).await {
                Ok(c) => {
                    let c = Rc::new(c);
                    SEEN.with(|s| {
                        let mut s = s.borrow_mut();
                        s.retain(|seen| seen.order_id != id);
                        s.push(c.clone());
                    });
                    offline.set(false);
                    Ok(c)
                }
                Err(e @ ApiError::Network(_)) => {
                    match SEEN.with(|s| s.borrow().iter().find(|c| c.order_id == id).cloned()) {
                        Some(c) => {
                            offline.set(true);
                            Ok(c)
                        }
                        None => Err(e),
                    }
                }
                Err(e) => Err(e),
            }
        })
    };
    let title = match props.kind {
        Kind::Event => action_label(Action::ShowQr, Kind::Event, locale.lang).to_string(),
        _ => locale.t(T::EntryCode).to_string(),
    };
    let checked_in = props.kind == Kind::Event && props.status == Status::Done;
    let close = props.on_close.reform(|_: MouseEvent| ());
    let render = {
        let (locale, offline) = (locale.clone(), *offline);
        Callback::from(move |c: Rc<Rc<TicketCode>>| {
            let tz = locale.time_zone.as_str();
            let when = format::date_range(
                &c.starts_at,
                c.ends_at.as_deref(),
                locale.lang,
                tz,
                DateStyle::DateTime,
            );
            html! {
                <div class="qr__ticket">
                    <p class="qr__title">{ &c.title }</p>
                    <p class="qr__when"><time datetime={c.starts_at.clone()}>{ when }</time></p>
                    if let Some(p) = &c.place { <p class="qr__place muted">{ p }</p> }
                    if checked_in {
                        <p class="qr__done" role="status" data-testid="qr-checked-in">{ locale.t(T::AttendedEvent) }</p>
                    } else {
                        <div class="qr__code" role="img" aria-label={locale.t(T::QrImage)} data-testid="qr-image">
                            { qr_svg(&c.code) }
                        </div>
                        <p class="qr__holder" data-testid="qr-holder">{ &c.holder }</p>
                        <p class="qr__text" data-testid="qr-code">{ group_code(&c.code) }</p>
                        <p class="qr__hint muted">{ locale.t(T::QrHint) }{ " · " }{ locale.t(T::OrderNo) }{ "\u{a0}" }{ &c.number }</p>
                        if offline {
                            <p class="note note--warning" role="status">{ locale.t(T::QrOffline) }</p>
                        }
                    }
                </div>
            }
        })
    };
    html! {
        <Dialog title={AttrValue::from(title)} on_close={props.on_close.clone()}>
            <div class="qr" data-testid="ticket-qr">
                { remote_view(&locale, &remote, T::QrUnavailable, &render) }
                <div class="dialog__buttons">
                    <button type="button" class="button button--primary" onclick={close} data-testid="qr-close">
                        { locale.t(T::Close) }
                    </button>
                </div>
            </div>
        </Dialog>
    }
}
