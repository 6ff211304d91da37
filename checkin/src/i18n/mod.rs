//! The one catalogue of the check-in app's text. Every key has its Russian and
//! English text side by side; the macro will not compile an entry missing either.
//! The answers to a scan are worded here too (pure: the caller formats times).

use kabinet_core::{CheckinReason, ErrorReason, Kind, RedeemAnswer, RedeemStatus, Status};

use crate::api::ApiError;

/// The UI languages; Russian is the default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Ru,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// BCP 47 locale for the browser's Intl.
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Ru => "ru-RU",
            Lang::En => "en-GB",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "ru" => Some(Lang::Ru),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }
}

macro_rules! catalogue {
    ($($key:ident => ($ru:literal, $en:literal),)*) => {
        /// A UI text key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key,)* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key,)*];

            /// From a table rather than a `match`: data is smaller than code.
            pub fn text(self, lang: Lang) -> &'static str {
                const TEXTS: &[[&str; 2]] = &[$([$ru, $en],)*];
                TEXTS[self as usize][lang as usize]
            }
        }
    };
}

catalogue! {
    AppTitle => ("Отметка на входе", "Check-in"),
    Events => ("Мероприятия", "Events"),
    AllEvents => ("Все мероприятия", "All events"),
    Today => ("Сегодня", "Today"),
    Upcoming => ("Ближайшие", "Coming up"),
    NoEvents => ("Сегодня и в ближайшие дни мероприятий нет", "No events today or in the coming days"),
    NotTodayHint => ("Отметка на входе открыта только в день мероприятия.", "Check-in is open on the day of the event only."),
    Loading => ("Загрузка…", "Loading…"),
    Retry => ("Повторить", "Retry"),
    ErrorTitle => ("Не удалось загрузить", "Could not load"),
    ErrorNetwork => ("Нет связи с сервером. Проверьте подключение и повторите.", "Cannot reach the server. Check your connection and try again."),
    ErrorDecode => ("Сервер ответил непонятно. Обновите страницу.", "The server's answer could not be read. Reload the page."),
    ErrorServer => ("Ошибка на сервере. Повторите чуть позже.", "Something went wrong on the server. Try again a little later."),
    ErrorRequest => ("Запрос не выполнен.", "The request was not carried out."),
    ErrorNotFound => ("Не найдено.", "Not found."),
    ErrorTooLong => ("Слишком длинный код.", "The code is too long."),
    ErrorRateLimited => ("Слишком много запросов. Подождите немного.", "Too many requests. Wait a little."),
    Forbidden => ("Отметка на входе доступна только менеджерам мероприятий и сотрудникам.", "Check-in is for event managers and staff only."),
    ToHome => ("На главную", "Home"),
    MyOrders => ("Мои заказы", "Orders"),
    EventNotFound => ("Мероприятие не найдено. Возможно, оно уже прошло.", "Event not found. It may be over."),
    PageNotFound => ("Страница не найдена", "Page not found"),
    Language => ("Язык", "Language"),
    SwitchLanguage => ("EN", "RU"),
    SwitchLanguageLabel => ("Switch to English", "Переключить на русский"),
    Camera => ("Камера", "Camera"),
    CameraStarting => ("Включаем камеру…", "Starting the camera…"),
    CameraHint => ("Наведите камеру на QR-код билета", "Point the camera at the ticket's QR code"),
    CameraRefused => ("Доступ к камере не разрешён. Разрешите его в настройках браузера или вводите код вручную.", "Camera access was refused. Allow it in the browser's settings, or type the code."),
    CameraAbsent => ("Камера не найдена. Вводите код вручную или сканером.", "No camera found. Type the code or use a scanner."),
    CameraFailed => ("Камера недоступна. Вводите код вручную или сканером.", "The camera is not available. Type the code or use a scanner."),
    CameraOff => ("Камера выключена.", "The camera is off."),
    CameraStop => ("Выключить камеру", "Turn the camera off"),
    CameraStart => ("Включить камеру", "Turn the camera on"),
    CodeLabel => ("Код билета", "Ticket code"),
    CodePlaceholder => ("Введите или отсканируйте код", "Type or scan the code"),
    Check => ("Проверить", "Check"),
    Checking => ("Проверяем…", "Checking…"),
    ScanHint => ("Отсканируйте билет или введите код.", "Scan a ticket or type its code."),
    ScanNext => ("Сканировать дальше", "Scan next"),
    Admitted => ("Проходите", "Admitted"),
    TicketNo => ("Билет №", "Ticket no."),
    Cancelled => ("Билет отменён", "Ticket cancelled"),
    RefundPending => ("Билет отменён, выполняется возврат", "Ticket cancelled, refund in progress"),
    Revoked => ("Код недействителен: билет передан другому человеку", "Code no longer valid: the ticket was passed on to someone else"),
    Invalid => ("Неизвестный код", "Unknown code"),
    WrongEvent => ("Билет на другое мероприятие", "Ticket for another event"),
    WrongEventCoworking => ("Это билет в коворкинг", "This is a coworking ticket"),
    InvalidTime => ("Мероприятие не сегодня", "The event is not today"),
    NotAdmitted => ("Не пропускать", "Do not admit"),
    AlreadyIn => ("Уже отмечен", "Already checked in"),
    AlreadyInAt => ("Уже отмечен в {time}", "Already checked in at {time}"),
    NotChecked => ("Не проверено", "Not checked yet"),
    NotCheckedHint => ("Нет связи с сервером. Скан сохранён и будет отправлен, когда связь вернётся.", "No connection to the server. The scan is kept and will be sent when the connection is back."),
    Offline => ("Нет сети: сканы сохраняются и будут отправлены позже.", "Offline: scans are kept and will be sent later."),
    Waiting => ("Ожидают отправки", "Waiting to be sent"),
    WaitingHint => ("Отправим сами, как только появится связь.", "They will be sent as soon as the connection is back."),
    Checked => ("Проверено после связи", "Checked once back online"),
    ByHand => ("вручную", "by hand"),
    Undo => ("Отменить отметку", "Undo check-in"),
    UndoOf => ("Отменить отметку «{name}»", "Undo the check-in of «{name}»"),
    UndoUntil => ("Отменить можно до {time}", "Can be undone until {time}"),
    LastAdmitted => ("Последний отмеченный:", "Last checked in:"),
    UndoUntilShort => ("можно до {time}", "until {time}"),
    UndoBarLabel => ("Отмена последней отметки", "Undo the last check-in"),
    UndoConfirm => ("Отменить отметку «{name}»? Билет вернётся в прежний статус.", "Undo the check-in of «{name}»? The ticket goes back to its previous status."),
    UndoYes => ("Да, отменить", "Yes, undo"),
    UndoNo => ("Нет", "No"),
    Undoing => ("Отменяем…", "Undoing…"),
    Undone => ("Отметка отменена", "Check-in undone"),
    UndoTooLate => ("Отменить отметку можно только в течение 10 минут.", "A check-in can be undone within 10 minutes only."),
    SearchLabel => ("Найти билет", "Find a ticket"),
    SearchPlaceholder => ("Имя или номер заказа", "Name or order number"),
    NoTickets => ("Билетов пока нет", "No tickets yet"),
    NothingFound => ("Ничего не найдено", "Nothing found"),
    CheckInByHand => ("Отметить", "Check in"),
    CheckInByHandLabel => ("Отметить «{name}»", "Check in «{name}»"),
    NotCheckedIn => ("не отмечен", "not checked in"),
    CheckedInAt => ("отмечен в {time}", "checked in at {time}"),
    StatusCancelled => ("отменён", "cancelled"),
    StatusRefund => ("отменён, возврат", "cancelled, refunding"),
    CountOf => ("отмечено {n} из {m}", "{n} of {m} checked in"),
    Place => ("Место", "Place"),
    SignedInAs => ("Вы вошли как {name}", "Signed in as {name}"),
    SignOut => ("Выйти", "Sign out"),
    CodeEmpty => ("Введите код билета", "Type the ticket's code"),
}

/// The text of `key` with `{name}` placeholders filled.
pub fn fill(key: T, lang: Lang, args: &[(&str, &str)]) -> String {
    let mut s = key.text(lang).to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

/// «отмечено 3 из 120» / "3 of 120 checked in".
pub fn count_of(n: u32, m: u32, lang: Lang) -> String {
    fill(
        T::CountOf,
        lang,
        &[("n", &n.to_string()), ("m", &m.to_string())],
    )
}

/// The headline of an answer: «Проходите», or why not, with the facts the answer
/// gives. `time` formats an RFC 3339 instant as the site's HH:MM.
pub fn answer_headline(a: &RedeemAnswer, lang: Lang, time: &dyn Fn(&str) -> String) -> String {
    if a.status == RedeemStatus::Ok {
        return T::Admitted.text(lang).to_string();
    }
    let ticket = a.ticket.as_ref();
    match a.reason {
        Some(CheckinReason::AlreadyRedeemed) => {
            let at = a
                .checked_in_at
                .as_deref()
                .or_else(|| ticket.and_then(|t| t.checked_in_at.as_deref()));
            let by =
                a.by.as_deref()
                    .or_else(|| ticket.and_then(|t| t.checked_in_by.as_deref()))
                    .filter(|b| !b.trim().is_empty());
            let mut s = match at {
                Some(at) => fill(T::AlreadyInAt, lang, &[("time", &time(at))]),
                None => T::AlreadyIn.text(lang).to_string(),
            };
            if let Some(by) = by {
                s.push_str(", ");
                s.push_str(by);
            }
            s
        }
        Some(CheckinReason::Canceled) => {
            if ticket.is_some_and(|t| t.status == Status::RefundPending) {
                T::RefundPending.text(lang).to_string()
            } else {
                T::Cancelled.text(lang).to_string()
            }
        }
        Some(CheckinReason::Revoked) => T::Revoked.text(lang).to_string(),
        Some(CheckinReason::Invalid) => T::Invalid.text(lang).to_string(),
        // Short: the ticket's event and date are in the lines below it.
        Some(CheckinReason::WrongEvent) => match ticket.map(|t| t.kind) {
            Some(Kind::Coworking) => T::WrongEventCoworking.text(lang).to_string(),
            _ => T::WrongEvent.text(lang).to_string(),
        },
        Some(CheckinReason::InvalidTime) => T::InvalidTime.text(lang).to_string(),
        None => T::NotAdmitted.text(lang).to_string(),
    }
}

/// A failed request in the user's words (never the server's English sentence).
pub fn error_words(e: &ApiError, lang: Lang) -> &'static str {
    let key = match e {
        ApiError::Network(_) => T::ErrorNetwork,
        ApiError::Decode(_) => T::ErrorDecode,
        ApiError::Http { status, body } => match body.reason {
            ErrorReason::Forbidden => T::Forbidden,
            ErrorReason::NotFound => T::ErrorNotFound,
            ErrorReason::AnnulTooLate => T::UndoTooLate,
            ErrorReason::TooLong => T::ErrorTooLong,
            ErrorReason::RateLimited => T::ErrorRateLimited,
            _ if *status >= 500 => T::ErrorServer,
            _ => T::ErrorRequest,
        },
    };
    key.text(lang)
}

/// A ticket's state in the search list, when it is not simply «не отмечен».
pub fn ticket_state(
    status: Status,
    checked_in_at: Option<&str>,
    lang: Lang,
    time: &dyn Fn(&str) -> String,
) -> String {
    match (status, checked_in_at) {
        (Status::Cancelled, _) => T::StatusCancelled.text(lang).to_string(),
        (Status::RefundPending, _) => T::StatusRefund.text(lang).to_string(),
        (_, Some(at)) => fill(T::CheckedInAt, lang, &[("time", &time(at))]),
        _ => T::NotCheckedIn.text(lang).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kabinet_core::CheckinTicket;

    fn hhmm(iso: &str) -> String {
        iso[11..16].to_string()
    }

    fn ticket(status: Status) -> CheckinTicket {
        CheckinTicket {
            order_id: 5,
            number: "E-5".into(),
            kind: Kind::Event,
            holder: "Анна Петрова".into(),
            company: None,
            event_id: Some(2),
            event: "Осенний митап".into(),
            starts_at: None,
            status,
            checked_in_at: None,
            checked_in_by: None,
        }
    }

    fn refused(reason: CheckinReason, ticket: Option<CheckinTicket>) -> RedeemAnswer {
        RedeemAnswer {
            status: RedeemStatus::Error,
            reason: Some(reason),
            scan_id: "s".into(),
            ticket,
            checked_in_at: None,
            by: None,
            annul_until: None,
        }
    }

    #[test]
    fn every_key_has_both_languages_and_they_differ() {
        for key in T::ALL {
            let (ru, en) = (key.text(Lang::Ru), key.text(Lang::En));
            assert!(!ru.is_empty() && !en.is_empty(), "{key:?}");
            assert_ne!(ru, en, "{key:?}");
        }
    }

    #[test]
    fn every_reason_has_its_own_words_in_both_languages() {
        for lang in [Lang::Ru, Lang::En] {
            let mut seen = Vec::new();
            for reason in CheckinReason::ALL {
                let text = answer_headline(&refused(reason, None), lang, &hhmm);
                assert!(!text.contains('{'), "{reason:?}: {text}");
                assert!(!seen.contains(&text), "{reason:?}: {text}");
                seen.push(text);
            }
        }
    }

    #[test]
    fn the_answers_say_what_the_issue_asks() {
        let ok = RedeemAnswer {
            status: RedeemStatus::Ok,
            reason: None,
            ..refused(CheckinReason::Invalid, None)
        };
        assert_eq!(answer_headline(&ok, Lang::Ru, &hhmm), "Проходите");
        assert_eq!(answer_headline(&ok, Lang::En, &hhmm), "Admitted");

        let mut again = refused(CheckinReason::AlreadyRedeemed, None);
        again.checked_in_at = Some("2026-11-27T19:05:00+03:00".into());
        again.by = Some("Егор Миронов".into());
        assert_eq!(
            answer_headline(&again, Lang::Ru, &hhmm),
            "Уже отмечен в 19:05, Егор Миронов"
        );
        // Without the answer's own fields, the ticket's are used.
        let mut t = ticket(Status::Done);
        t.checked_in_at = Some("2026-11-27T08:30:00Z".into());
        let again = refused(CheckinReason::AlreadyRedeemed, Some(t));
        assert_eq!(
            answer_headline(&again, Lang::En, &hhmm),
            "Already checked in at 08:30"
        );

        let c = refused(CheckinReason::Canceled, Some(ticket(Status::Cancelled)));
        assert_eq!(answer_headline(&c, Lang::Ru, &hhmm), "Билет отменён");
        let r = refused(CheckinReason::Canceled, Some(ticket(Status::RefundPending)));
        assert_eq!(
            answer_headline(&r, Lang::Ru, &hhmm),
            "Билет отменён, выполняется возврат"
        );
        let w = refused(CheckinReason::WrongEvent, Some(ticket(Status::New)));
        assert_eq!(
            answer_headline(&w, Lang::Ru, &hhmm),
            "Билет на другое мероприятие"
        );
        assert_eq!(
            answer_headline(&w, Lang::En, &hhmm),
            "Ticket for another event"
        );
        let mut cw = ticket(Status::New);
        cw.kind = Kind::Coworking;
        let w = refused(CheckinReason::WrongEvent, Some(cw));
        assert_eq!(
            answer_headline(&w, Lang::Ru, &hhmm),
            "Это билет в коворкинг"
        );
        assert_eq!(
            answer_headline(&w, Lang::En, &hhmm),
            "This is a coworking ticket"
        );
        assert_eq!(
            answer_headline(&refused(CheckinReason::Revoked, None), Lang::Ru, &hhmm),
            "Код недействителен: билет передан другому человеку"
        );
        assert_eq!(
            answer_headline(&refused(CheckinReason::Invalid, None), Lang::Ru, &hhmm),
            "Неизвестный код"
        );
        assert_eq!(
            answer_headline(&refused(CheckinReason::InvalidTime, None), Lang::Ru, &hhmm),
            "Мероприятие не сегодня"
        );
    }

    #[test]
    fn errors_are_worded_without_the_servers_sentence() {
        let e = ApiError::from_http(
            409,
            r#"{"code":"conflict","reason":"annul_too_late","message":"SERVER"}"#,
        );
        assert_eq!(
            error_words(&e, Lang::Ru),
            "Отменить отметку можно только в течение 10 минут."
        );
        for status in [400, 403, 404, 409, 422, 429, 500, 503] {
            for lang in [Lang::Ru, Lang::En] {
                let text = error_words(&ApiError::from_http(status, ""), lang);
                assert!(!text.is_empty() && !text.contains("HTTP"), "{status}");
            }
        }
        assert_eq!(
            error_words(&ApiError::Network("x".into()), Lang::En),
            T::ErrorNetwork.text(Lang::En)
        );
    }

    #[test]
    fn counts_and_ticket_states_read_naturally() {
        assert_eq!(count_of(3, 120, Lang::Ru), "отмечено 3 из 120");
        assert_eq!(count_of(3, 120, Lang::En), "3 of 120 checked in");
        let at = Some("2026-11-27T19:05:00Z");
        assert_eq!(
            ticket_state(Status::Done, at, Lang::Ru, &hhmm),
            "отмечен в 19:05"
        );
        assert_eq!(
            ticket_state(Status::RefundPending, None, Lang::Ru, &hhmm),
            "отменён, возврат"
        );
        assert_eq!(
            ticket_state(Status::New, None, Lang::En, &hhmm),
            "not checked in"
        );
    }
}
