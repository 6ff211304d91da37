//! The one catalogue of UI text. Every key is written with its Russian and English
//! text side by side; the macro will not compile an entry missing either.

use std::fmt;

use kabinet_core::{Action, Kind, Status};

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
}

macro_rules! catalogue {
    ($($key:ident => ($ru:literal, $en:literal),)*) => {
        /// A UI text key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key,)* }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key,)*];

            pub fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Ru) => $ru, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

catalogue! {
    AppName => ("Кабинет", "Kabinet"),
    MyOrders => ("Мои заказы", "My orders"),
    SignIn => ("Войти", "Sign in"),
    SignInTitle => ("Вход в кабинет", "Sign in to your cabinet"),
    SigningIn => ("Входим…", "Signing in…"),
    SignOut => ("Выйти", "Sign out"),
    Email => ("Эл. почта", "E-mail"),
    Password => ("Пароль", "Password"),
    WrongCredentials => ("Неверная эл. почта или пароль", "Wrong e-mail or password"),
    EnterEmail => ("Введите адрес эл. почты", "Enter your e-mail address"),
    EnterPassword => ("Введите пароль", "Enter your password"),
    Language => ("Язык", "Language"),
    SwitchLanguage => ("English", "Русский"),
    Loading => ("Загрузка…", "Loading…"),
    LoadingMore => ("Загружаем ещё…", "Loading more…"),
    ShowMore => ("Показать ещё", "Show more"),
    Retry => ("Повторить", "Retry"),
    ErrorNetwork => ("Нет связи с сервером. Проверьте подключение и повторите.", "Cannot reach the server. Check your connection and try again."),
    ErrorDecode => ("Сервер ответил непонятно. Обновите страницу.", "The server's answer could not be read. Reload the page."),
    ErrorTitle => ("Не удалось загрузить", "Could not load"),
    SessionExpired => ("Сессия истекла, войдите снова.", "Your session has ended; please sign in again."),
    NotFoundTitle => ("Страница не найдена", "Page not found"),
    OrderNotFound => ("Заказ не найден. Возможно, он принадлежит другому пользователю.", "Order not found. It may belong to another user."),
    BackToOrders => ("К списку заказов", "Back to my orders"),
    FilterAll => ("Все", "All"),
    FilterActive => ("Активные", "Active"),
    FilterFinished => ("Завершенные", "Finished"),
    FilterStatus => ("Статус", "Status"),
    FilterKind => ("Тип услуги", "Service type"),
    AllKinds => ("Все услуги", "All services"),
    Search => ("Поиск", "Search"),
    SearchPlaceholder => ("Номер заказа или название услуги", "Order number or service name"),
    ClearSearch => ("Очистить поиск", "Clear search"),
    EmptyOrders => ("Заказов пока нет", "No orders yet"),
    EmptyOrdersHint => ("Здесь появятся услуги, которые вы закажете.", "The services you order will show up here."),
    NothingFound => ("Ничего не найдено", "Nothing found"),
    NothingFoundHint => ("Измените фильтры или текст поиска.", "Change the filters or the search text."),
    ResetFilters => ("Сбросить фильтры", "Reset filters"),
    OrderNo => ("Заказ №", "Order no."),
    CreatedAt => ("Создан", "Created"),
    ServiceAt => ("Дата и время оказания", "Service date and time"),
    Status => ("Статус", "Status"),
    Amount => ("Сумма", "Amount"),
    UnreadMessages => ("непрочитанных сообщений", "unread messages"),
    BlockOrder => ("Заказ", "Order"),
    BlockTicket => ("Билет", "Ticket"),
    BlockHotel => ("Бронирование", "Booking"),
    BlockDelivery => ("Место доставки", "Delivery place"),
    BlockVisitors => ("Посетители", "Visitors"),
    BlockDetails => ("Детали заказа", "Order details"),
    BlockPayment => ("Оплата", "Payment"),
    BlockDescription => ("Описание и характеристики", "Description and features"),
    BlockDescriptionEvent => ("Описание мероприятия", "About the event"),
    Collapse => ("Свернуть", "Collapse"),
    Expand => ("Развернуть", "Expand"),
    Item => ("Наименование", "Item"),
    Quantity => ("Кол-во", "Qty"),
    Price => ("Цена", "Price"),
    Total => ("Итого", "Total"),
    Visitor => ("Посетитель", "Visitor"),
    ValidFrom => ("Действует с", "Valid from"),
    ValidTo => ("Действует до", "Valid until"),
    Tariff => ("Тариф", "Tariff"),
    Place => ("Место", "Place"),
    CheckIn => ("Заезд", "Check-in"),
    CheckOut => ("Выезд", "Check-out"),
    Room => ("Номер", "Room"),
    Guests => ("Гости", "Guests"),
    Building => ("Здание", "Building"),
    Floor => ("Этаж", "Floor"),
    Office => ("Помещение", "Room"),
    Note => ("Примечание", "Note"),
    Comment => ("Комментарий", "Comment"),
    Owner => ("Владелец", "Owner"),
    PaymentTotal => ("Сумма заказа", "Order total"),
    PaymentPaid => ("Оплачено", "Paid"),
    PaymentRemainder => ("Осталось оплатить", "Left to pay"),
    PaymentMethod => ("Способ оплаты", "Payment method"),
    Payer => ("Плательщик", "Payer"),
    MethodCard => ("Банковская карта", "Bank card"),
    MethodInvoice => ("По счету", "By invoice"),
    MethodBalance => ("С лицевого счета", "From the account balance"),
    MoreActions => ("Другие действия", "More actions"),
    Chat => ("Чат", "Chat"),
    TabOrder => ("Заказ", "Order"),
    ActionSoon => ("Это действие заработает в ближайшем обновлении.", "This action will work in the next update."),
    CancelNotCancellable => ("Эту услугу нельзя отменить онлайн. Чтобы отменить заказ, напишите в чат заказа.", "This service cannot be cancelled online. To cancel, write in the order's chat."),
    CancelDeadlinePassed => ("Срок онлайн-отмены прошел. Чтобы отменить заказ, напишите в чат заказа.", "The online cancellation deadline has passed. To cancel, write in the order's chat."),
    CancelCheckedIn => ("Вы уже посетили мероприятие, билет нельзя отменить.", "You have already attended the event; the ticket cannot be cancelled."),
    Yes => ("Да", "Yes"),
    No => ("Нет", "No"),
    CloseDialogText => ("Как завершить заказ?", "How should the order be closed?"),
    CloseDone => ("Выполнен", "Done"),
    CloseNotRelevant => ("Неактуален", "No longer needed"),
    CancelDialogTitle => ("Отменить заказ?", "Cancel the order?"),
    CancelTicketDialogTitle => ("Отменить билет?", "Cancel the ticket?"),
    CancelDialogPaid => ("Заказ оплачен: после отмены мы вернем деньги.", "The order is paid: the money will be refunded after cancellation."),
    CancelDialogFree => ("Отмененный заказ нельзя будет восстановить.", "A cancelled order cannot be restored."),
    Sending => ("Отправляем…", "Sending…"),
    ReturnedInviteChat => ("Заказ возвращен в работу, исполнитель получил уведомление. Напишите в чате заказа, что нужно доделать.", "The order is back in work and its executor has been told. Write in the order's chat what is left to do."),
    ConfirmedThanks => ("Спасибо! Заказ выполнен.", "Thank you! The order is done."),
    StatusChanged => ("Статус заказа изменен.", "The order's status has changed."),
    OrderChanged => ("Пока вы смотрели, заказ изменился. Показываем актуальное состояние.", "The order changed while you were looking; here is how it stands now."),
    History => ("История заказа", "Order history"),
    HistoryCreated => ("Заказ создан", "Order placed"),
    HistoryAutoConfirmed => ("Подтвержден автоматически", "Confirmed automatically"),
    HistorySystem => ("Система", "System"),
    SkipToContent => ("Перейти к содержимому", "Skip to content"),
    Close => ("Закрыть", "Close"),
    Notifications => ("Уведомления", "Notifications"),
    UnreadCountLabel => ("непрочитанных", "unread"),
    NoNotifications => ("Уведомлений нет", "No notifications"),
    NoNotificationsHint => ("Здесь появятся изменения ваших заказов.", "Changes to your orders will show up here."),
    MarkAllRead => ("Прочитать все", "Mark all read"),
    NoteStatusChanged => ("Новый статус", "New status"),
    NoteReturnedToWork => ("Заказ возвращен в работу", "Order returned to work"),
    NoteNewOrder => ("Новый заказ", "New order"),
    NoteNewMessage => ("Новое сообщение в чате", "New chat message"),
    Desk => ("Очередь заказов", "Order queue"),
    AllStatuses => ("Все статусы", "All statuses"),
    AllCompanies => ("Все компании", "All companies"),
    FilterCompany => ("Компания", "Company"),
    Customer => ("Заказчик", "Customer"),
    DeskEmpty => ("В очереди нет заказов", "The queue is empty"),
    NewOrdersArrived => ("Пришли новые заказы.", "New orders have come in."),
    ShowThem => ("Показать", "Show"),
    LiveOffline => ("Нет связи: изменения появятся, когда связь вернется.", "Offline: changes will show up when the connection is back."),
    OrderComment => ("Комментарий", "Comment"),
    RequestText => ("Опишите обращение", "Describe your request"),
    PlaceOrder => ("Заказать", "Order"),
    SendRequest => ("Отправить обращение", "Send the request"),
    DescribeRequest => ("Опишите, что нужно сделать", "Describe what needs to be done"),
    CommentLimit => ("Не больше 2000 символов", "At most 2000 characters"),
    ChatEmpty => ("Сообщений пока нет. Напишите, если есть вопрос по заказу.", "No messages yet. Write if you have a question about the order."),
    MessagePlaceholder => ("Сообщение", "Message"),
    Send => ("Отправить", "Send"),
    Attach => ("Прикрепить файл", "Attach a file"),
    MessageSending => ("Отправляется…", "Sending…"),
    MessageNotSent => ("Не отправлено", "Not sent"),
    MessageSent => ("Отправлено", "Sent"),
    RemoveFile => ("Убрать файл", "Remove the file"),
    FileTooBig => ("файл больше допустимого размера", "the file is larger than allowed"),
    TooManyFiles => ("В одном сообщении не больше {n} файлов", "At most {n} files in one message"),
    FileNotSent => ("не отправлен", "not sent"),
    StatusLine => ("Статус заказа изменен", "The order's status changed"),
    LoadOlder => ("Показать ранние сообщения", "Show earlier messages"),
    ImageViewer => ("Просмотр изображения", "Image"),
    Previous => ("Предыдущее", "Previous"),
    Next => ("Следующее", "Next"),
    Download => ("Скачать", "Download"),
    DropToAttach => ("Отпустите, чтобы прикрепить", "Drop to attach"),
    You => ("Вы", "You"),
    StaffName => ("Администратор", "Staff"),
    Discard => ("Удалить", "Discard"),
    ChatHint => ("Enter — отправить, Shift+Enter — новая строка", "Enter sends, Shift+Enter starts a new line"),
    OrderFormSoon => ("Оформление заказа на эту услугу доступно на портале бизнес-центра.", "This service is ordered on the business centre's portal."),
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

pub fn kind_label(kind: Kind, lang: Lang) -> &'static str {
    let (ru, en) = match kind {
        Kind::Service => ("Простая услуга", "Service"),
        Kind::Request => ("Обращение", "Support request"),
        Kind::Booking => ("Бронирование", "Booking"),
        Kind::Goods => ("Заказ товаров", "Goods"),
        Kind::Coworking => ("Коворкинг", "Coworking"),
        Kind::Hotel => ("Отель", "Hotel"),
        Kind::Event => ("Билет на мероприятие", "Event ticket"),
    };
    pick(lang, ru, en)
}

pub fn status_label(status: Status, lang: Lang) -> &'static str {
    let (ru, en) = match status {
        Status::New => ("Новый", "New"),
        Status::InProgress => ("В работе", "In progress"),
        Status::AwaitingConfirmation => (
            "Выполнен. Ожидает подтверждения",
            "Done. Awaiting your confirmation",
        ),
        Status::Done => ("Выполнен", "Done"),
        Status::Cancelled => ("Отменен", "Cancelled"),
        Status::RefundPending => (
            "Отменен. Выполняется возврат",
            "Cancelled. Refund in progress",
        ),
    };
    pick(lang, ru, en)
}

/// The label of an action's button or menu item.
pub fn action_label(action: Action, kind: Kind, lang: Lang) -> &'static str {
    let (ru, en) = match action {
        Action::ConfirmCompletion => ("Подтвердить выполнение заказа", "Confirm the order is done"),
        Action::ReturnToWork => ("Вернуть в работу", "Return to work"),
        Action::Close => ("Закрыть заказ", "Close the order"),
        Action::Cancel if kind == Kind::Event => ("Отменить билет", "Cancel the ticket"),
        Action::Cancel => ("Отменить заказ", "Cancel the order"),
        Action::Repeat => ("Повторить заказ", "Repeat the order"),
        Action::Pay => ("Оплатить", "Pay"),
        Action::Share => ("Поделиться", "Share"),
        Action::TransferTicket => ("Отправить билет", "Send the ticket"),
        Action::ShowQr => ("QR-билета", "Ticket QR code"),
        Action::TakeIntoWork => ("Взять в работу", "Take into work"),
        Action::MarkAwaitingConfirmation => (
            "Выполнен, ждет подтверждения",
            "Done, awaiting confirmation",
        ),
        Action::Complete => ("Выполнить", "Complete"),
        Action::StaffCancel => ("Отменить", "Cancel"),
        Action::CompleteRefund => ("Возврат выполнен", "Refund completed"),
        Action::CheckIn => ("Отметить посещение", "Check in"),
    };
    pick(lang, ru, en)
}

fn pick(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}
