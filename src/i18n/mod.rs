//! The one catalogue of UI text. Every key is written with its Russian and English
//! text side by side; the macro will not compile an entry missing either.

use std::fmt;

use kabinet_core::{Action, ErrorBody, ErrorReason, Kind, Status, Unit};

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
    EntryCode => ("Код для входа", "Entry code"),
    QrHint => ("Покажите код на входе", "Show this code at the entrance"),
    QrImage => ("QR-код билета", "The ticket's QR code"),
    QrOffline => ("Нет связи: показан сохранённый код", "Offline: showing the saved code"),
    QrUnavailable => ("Билет не найден", "Ticket not found"),
    AttendedEvent => ("Вы посетили мероприятие", "You attended the event"),
    CheckinApp => ("Вход на мероприятия", "Event check-in"),
    ErrAnnulTooLate => ("Отметку можно отменить только в течение 10 минут.", "A check-in can be undone within 10 minutes only."),
    ErrScanIdTaken => ("Этот номер сканирования занят другим устройством.", "This scan id belongs to another device."),
    ErrNotHolder => ("Код для входа есть только у того, кто держит билет.", "Only the ticket's holder has its entry code."),
    HistoryAnnulCheckIn => ("Отметка о посещении отменена", "Check-in undone"),
    ErrSlotTaken => ("Это время уже заняли. Выберите другое.", "This time has just been taken. Choose another."),
    ErrSoldOut => ("Мест больше нет. Выберите другой вариант.", "Nothing is left. Choose another option."),
    ErrInPast => ("Это время уже прошло.", "This time has passed."),
    ErrProviderUnavailable => ("Платежная система не отвечает. Попробуйте еще раз через минуту.", "The payment system does not answer. Try again in a minute."),
    ErrPaymentMismatch => ("Платеж не совпадает с заказом.", "The payment does not match the order."),
    HistoryPaymentReceived => ("Получена оплата", "Payment received"),
    HistoryRefundFailed => ("Возврат не прошел", "Refund failed"),
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
    FloorN => ("этаж {n}", "floor {n}"),
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
    CancelTicketDialogPaid => ("Билет оплачен: после отмены мы вернем деньги.", "The ticket is paid: the money will be refunded after cancellation."),
    CancelTicketDialogFree => ("Отмененный билет нельзя будет восстановить.", "A cancelled ticket cannot be restored."),
    Sending => ("Отправляем…", "Sending…"),
    ReturnedInviteChat => ("Заказ возвращен в работу, исполнитель получил уведомление. Напишите в чате заказа, что нужно доделать.", "The order is back in work and its executor has been told. Write in the order's chat what is left to do."),
    ConfirmedThanks => ("Спасибо! Заказ выполнен.", "Thank you! The order is done."),
    StatusChanged => ("Статус заказа изменен.", "The order's status has changed."),
    OrderChanged => ("Пока вы смотрели, заказ изменился. Показываем актуальное состояние.", "The order changed while you were looking; here is how it stands now."),
    History => ("История заказа", "Order history"),
    HistoryCreated => ("Заказ создан", "Order placed"),
    AdditionalServices => ("Дополнительные услуги", "Additional services"),
    HistoryAutoConfirmed => ("Подтвержден автоматически", "Confirmed automatically"),
    HistorySystem => ("Система", "System"),
    SkipToContent => ("Перейти к содержимому", "Skip to content"),
    Close => ("Закрыть", "Close"),
    Notifications => ("Уведомления", "Notifications"),
    UnreadCountLabel => ("непрочитанное", "unread"),
    UnreadFew => ("непрочитанных", "unread"),
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
    StatusLine => ("Статус заказа изменен", "The order's status changed"),
    LoadOlder => ("Показать ранние сообщения", "Show earlier messages"),
    Previous => ("Предыдущее", "Previous"),
    Next => ("Следующее", "Next"),
    Download => ("Скачать", "Download"),
    DropToAttach => ("Отпустите, чтобы прикрепить", "Drop to attach"),
    You => ("Вы", "You"),
    StaffName => ("Администратор", "Staff"),
    Discard => ("Удалить", "Discard"),
    ChatHint => ("Enter — отправить, Shift+Enter — новая строка", "Enter sends, Shift+Enter starts a new line"),
    ServiceNotFound => ("Услуга не найдена", "Service not found"),
    NotFound => ("Не найдено.", "Not found."),
    Back => ("Назад", "Back"),
    EventTickets => ("Билеты на мероприятия", "Event tickets"),
    ServiceDate => ("Дата оказания", "Service date"),
    WaitingForYou => ("Ждет вашего подтверждения", "Waiting for your confirmation"),
    FilterAwaiting => ("Ждут подтверждения", "To confirm"),
    AutoConfirmAt => ("Подтвердится автоматически {date}", "Will be confirmed automatically on {date}"),
    NowStatus => ("Сейчас: {status}", "Now: {status}"),
    NewMessagesOne => ("{n} новое сообщение", "{n} new message"),
    NewMessagesFew => ("{n} новых сообщения", "{n} new messages"),
    NewMessagesMany => ("{n} новых сообщений", "{n} new messages"),
    UnitPiece => ("шт.", "pcs"),
    UnitHour => ("ч", "h"),
    UnitDay => ("сут.", "days"),
    UnitPortion => ("порц.", "portions"),
    NewMessagesBelow => ("Новые сообщения ↓", "New messages ↓"),
    ShowFull => ("Показать полностью", "Show in full"),
    MessageTooLong => ("Сообщение длиннее {n} символов: сократите его или разделите на несколько.", "The message is longer than {n} characters: shorten it or split it in several."),
    CharCount => ("Символов: {n} из {max}", "Characters: {n} of {max}"),
    RemoveToSend => ("Уберите файл, чтобы отправить сообщение.", "Remove the file to send the message."),
    ChatOffline => ("Нет связи. Написанное не пропадет: сообщения отправятся, когда связь вернется.", "Offline. Nothing you write is lost: messages go out when the connection is back."),
    TitleSignIn => ("Вход", "Sign in"),
    ErrMalformed => ("Сервер не понял запрос. Обновите страницу и повторите.", "The server could not read the request. Reload the page and try again."),
    ErrForbidden => ("Недостаточно прав для этого действия.", "You do not have the rights to do this."),
    ErrMethod => ("Это действие недоступно.", "This action is not available."),
    ErrStale => ("Пока вы смотрели, заказ изменился: сейчас он «{status}». Показываем актуальное состояние.", "The order changed while you were looking: it is now «{status}». Here is how it stands."),
    ErrNotAllowedNow => ("Сейчас это действие недоступно: заказ уже в другом статусе.", "This action is not available in the order's current status."),
    ErrNotForKind => ("Для такого заказа это действие недоступно.", "This action does not apply to this kind of order."),
    ErrNotYours => ("Это действие выполняет другая сторона заказа.", "This action is for the other side of the order."),
    ErrCheckedIn => ("Посетитель уже отмечен на мероприятии.", "The visitor has already been checked in."),
    ErrNothingToPay => ("Оплачивать нечего: заказ оплачен полностью.", "There is nothing left to pay."),
    ErrKeyReused => ("Этот запрос уже отправлялся с другими данными. Обновите страницу и повторите.", "This request was already sent with other data. Reload the page and try again."),
    ErrMessageIdTaken => ("Сообщение не удалось сохранить. Удалите его и напишите снова.", "The message could not be stored. Discard it and write it again."),
    ErrTooLarge => ("Слишком большой объем данных (не больше {limit}).", "Too much data (at most {limit})."),
    ErrFileType => ("такой тип файла не принимается", "this type of file is not accepted"),
    ErrFileEmpty => ("файл пустой", "the file is empty"),
    ErrUploadMissing => ("Файл не загружен или устарел: прикрепите его снова.", "A file was not uploaded or has expired: attach it again."),
    ErrRequired => ("Заполните это поле.", "Fill in this field."),
    ErrTooLong => ("Не больше {n} символов.", "At most {n} characters."),
    ErrInvalid => ("Недопустимое значение.", "This value is not accepted."),
    ErrEmailFormat => ("Введите адрес вида name@example.com.", "Enter an address like name@example.com."),
    ErrRateLimited => ("Слишком много попыток. Подождите немного и повторите.", "Too many attempts. Wait a little and try again."),
    ErrInternal => ("Ошибка на сервере. Повторите чуть позже.", "Something went wrong on the server. Try again a little later."),
    ErrRequestId => ("Код для поддержки: {id}", "Code for support: {id}"),
    // Sharing and tickets (order view)
    ErrTooShort => ("Не меньше {n} символов.", "At least {n} characters."),
    ErrEmailTaken => ("Этот адрес эл. почты уже зарегистрирован. Войдите или укажите другой.", "This e-mail address is already registered. Sign in or use another one."),
    ErrUnknownUser => ("Такого пользователя нет. Выберите другого.", "There is no such user. Pick someone else."),
    ErrLinkNotFound => ("Ссылка не найдена. Проверьте, что она скопирована целиком.", "The link was not found. Check that it was copied in full."),
    ErrLinkRevoked => ("Ссылка удалена: по ней больше нельзя присоединиться.", "The link has been deleted: it can no longer be used to join."),
    ErrLinkExpired => ("Срок действия ссылки истек.", "The link has expired."),
    ErrLinkUsed => ("Билет уже передан: по этой ссылке его больше не получить.", "The ticket has been passed on already: this link no longer gives it."),
    ErrOwnLink => ("Это ваша собственная ссылка: отправьте ее тому, с кем хотите поделиться.", "This is your own link: send it to the person you want to share with."),
    ErrAlreadyJoined => ("У вас уже есть доступ к этому бронированию.", "You already have access to this booking."),
    ErrAlreadyHolder => ("Билет уже у этого посетителя.", "This person already holds the ticket."),
    ErrAccessRemoved => ("Владелец бронирования закрыл вам доступ. Если это ошибка, напишите ему.", "The booking's owner took your access away. If this is a mistake, ask them."),
    NoteAccessGranted => ("Вам открыт доступ в помещение", "You have been given access to a room"),
    NoteTicketReceived => ("Вам передан билет", "A ticket has been passed to you"),
    NoteTicketPassedOn => ("Билет передан", "Ticket passed on"),
    HistoryShareAccess => ("Открыт доступ", "Access given"),
    HistoryRemoveVisitor => ("Закрыт доступ", "Access removed"),
    HistoryTransferTicket => ("Передан билет", "Ticket passed on"),
    ShareTitle => ("Поделиться доступом", "Share access"),
    ShareByLink => ("По ссылке", "By link"),
    ShareLinkHint => ("Отправьте ссылку в мессенджере или по почте. Незарегистрированному пользователю будет предложено зарегистрироваться, зарегистрированный подтвердит доступ.", "Send the link by messenger or e-mail. Someone not registered yet will be asked to register; a registered user confirms the access."),
    CreateLink => ("Создать ссылку", "Create a link"),
    CopyLink => ("Скопировать ссылку", "Copy the link"),
    DeleteLink => ("Удалить", "Delete"),
    LinkCopied => ("Ссылка скопирована", "Link copied"),
    CopyByHand => ("Скопировать автоматически не получилось. Скопируйте ссылку вручную:", "The link could not be copied automatically. Copy it by hand:"),
    LinkWorksUntil => ("Ссылка действует до", "The link works until"),
    DeleteLinkQuestion => ("Удалить ссылку? Присоединиться по ней больше не получится. Те, кто уже присоединился, сохранят доступ.", "Delete the link? Nobody new will be able to join through it. Those who already joined keep their access."),
    Cancel => ("Отмена", "Cancel"),
    SharePickPeople => ("Выбрать пользователей", "Pick people"),
    OrgsField => ("Сообщества и компании", "Communities and companies"),
    OrgsPlaceholder => ("Название компании или сообщества", "Company or community name"),
    OrgCommunity => ("Сообщество", "Community"),
    UserField => ("Пользователь", "User"),
    UserPlaceholder => ("Имя или фамилия", "First or last name"),
    TypeMore => ("Введите не меньше {n} символов", "Type at least {n} characters"),
    Searching => ("Ищем…", "Searching…"),
    RemovePick => ("Убрать: {name}", "Remove: {name}"),
    Save => ("Сохранить", "Save"),
    Saving => ("Сохраняем…", "Saving…"),
    AccessGiven => ("Доступ открыт", "Access given"),
    AccessRemoved => ("Доступ закрыт", "Access removed"),
    RemoveAccess => ("Убрать доступ: {name}", "Remove access: {name}"),
    RemoveAccessTitle => ("Убрать доступ у посетителя?", "Remove the visitor's access?"),
    RemoveAccessText => ("{name} больше не сможет пройти в помещение по этому бронированию.", "{name} will no longer be able to enter the room for this booking."),
    RemoveAccessYes => ("Убрать доступ", "Remove access"),
    TransferByLink => ("Незарегистрированному пользователю", "Someone not registered yet"),
    TransferLinkHint => ("Отправьте ссылку в мессенджере или по почте. Ссылка действует один раз: билет получит тот, кто первым зарегистрируется или войдет по ней и подтвердит.", "Send the link by messenger or e-mail. It works once: the ticket goes to the first person who registers or signs in through it and confirms."),
    NewLink => ("Создать новую ссылку", "Create a new link"),
    RenewLinkQuestion => ("Создать новую ссылку? Старая ссылка перестанет работать.", "Create a new link? The old one will stop working."),
    TransferToUser => ("Зарегистрированному пользователю", "A registered user"),
    TicketWillGo => ("Билет получит: {name}", "The ticket will go to: {name}"),
    // Pages: calendar, bookings, invites, registration
    MyCalendar => ("Мой календарь", "My calendar"),
    MyBookings => ("Мои бронирования", "My bookings"),
    TitleRegister => ("Регистрация", "Sign up"),
    RegisterTitle => ("Регистрация в кабинете", "Create your account"),
    FirstName => ("Имя", "First name"),
    LastName => ("Фамилия", "Last name"),
    Register => ("Зарегистрироваться", "Sign up"),
    Registering => ("Регистрируем…", "Signing up…"),
    HaveAccount => ("Уже есть аккаунт?", "Already have an account?"),
    NoAccount => ("Нет аккаунта?", "No account yet?"),
    TitleInvite => ("Приглашение", "Invitation"),
    InviteShare => ("{name} делится с вами доступом в помещение", "{name} is sharing access to a room with you"),
    InviteTransfer => ("{name} передаёт вам билет в коворкинг", "{name} is passing a coworking ticket on to you"),
    InviteYouShare => ("Ваша ссылка на доступ в помещение", "Your link to access a room"),
    InviteYouTransfer => ("Ваша ссылка на билет в коворкинг", "Your link to a coworking ticket"),
    DateAndTime => ("Дата и время", "Date and time"),
    DateOnly => ("Дата", "Date"),
    InviteValidUntil => ("Ссылка действует до {date}", "The link works until {date}"),
    InviteSignInFirst => ("Чтобы принять приглашение, войдите или зарегистрируйтесь.", "Sign in or sign up to accept the invitation."),
    Confirm => ("Подтвердить", "Confirm"),
    AcceptTicket => ("Принять билет", "Accept the ticket"),
    Accepting => ("Принимаем…", "Accepting…"),
    InviteOwnBooking => ("Это ваше бронирование", "This is your booking"),
    InviteOwnTicket => ("Это ваш билет", "This is your ticket"),
    InviteJoined => ("У вас уже есть доступ", "You already have access"),
    InviteHolder => ("Билет уже у вас", "The ticket is already yours"),
    InviteStaff => ("Служебные учетные записи не принимают бронирования и билеты. Войдите как арендатор.", "Staff accounts do not take bookings or tickets. Sign in with a tenant account."),
    LinkNotFound => ("Ссылка не найдена", "Link not found"),
    LinkRevoked => ("Ссылка удалена владельцем", "The owner has deleted the link"),
    LinkExpired => ("Срок действия ссылки истёк", "The link has expired"),
    LinkUsed => ("Билет уже передан другому человеку", "The ticket has already gone to someone else"),
    LinkDeadHint => ("Попросите прислать новую ссылку.", "Ask for a new link."),
    PrevWeek => ("Предыдущая неделя", "Previous week"),
    NextWeek => ("Следующая неделя", "Next week"),
    Today => ("Сегодня", "Today"),
    WeekEmpty => ("На этой неделе ничего нет", "Nothing this week"),
    RoomAccess => ("Доступ в помещение", "Room access"),
    TicketToYou => ("Билет передан вам", "Ticket passed to you"),
    TicketPassedTo => ("Билет передан: {name}", "Ticket passed on to {name}"),
    AccessAdded => ("Готово: доступ в помещение добавлен в ваш календарь.", "Done: the room access is in your calendar now."),
    TicketAdded => ("Готово: билет теперь у вас.", "Done: the ticket is yours now."),
    Upcoming => ("Предстоящие", "Upcoming"),
    Past => ("Прошедшие", "Past"),
    NoBookings => ("Бронирований пока нет", "No bookings yet"),
    NoBookingsHint => ("Здесь появятся ваши бронирования и билеты, а также те, которыми с вами поделились.", "Your bookings and tickets, and those shared with you, will show up here."),
    NoUpcoming => ("Предстоящих бронирований нет", "No upcoming bookings"),
    // Ordering and paying
    ErrPickDate => ("Выберите дату в пределах доступных.", "Choose a date within the available ones."),
    ErrPickTime => ("Выберите время начала.", "Choose a start time."),
    ErrPickItems => ("Выберите хотя бы один товар.", "Choose at least one item."),
    ErrPickOffer => ("Выберите один из вариантов.", "Choose one of the options."),
    ErrTooLongPlace => ("Не больше 200 символов.", "At most 200 characters."),
    ErrDatesOrder => ("Дата окончания раньше даты начала.", "The last date is before the first."),
    ErrTooLongStay => ("Слишком долгий срок: выберите даты ближе.", "Too long: choose closer dates."),
    RepeatOf => ("Повтор заказа № {n}", "Repeat of order no. {n}"),
    RepeatMissing => ("Больше не продаются и не включены в заказ: {items}", "No longer sold and left out: {items}"),
    StartTime => ("Время начала", "Start time"),
    SlotTaken => ("занято", "taken"),
    NoSlots => ("В этот день нет свободного времени. Выберите другой день.", "Nothing is free that day. Choose another day."),
    HoursLabel => ("Продолжительность, ч", "Duration, hours"),
    Less => ("Меньше: {name}", "Fewer: {name}"),
    More => ("Больше: {name}", "More: {name}"),
    QuantityOf => ("Количество: {name}", "Quantity: {name}"),
    OtherPlace => ("Другое место", "Another place"),
    SavePlaceForCompany => ("Сохранить для компании", "Save for the company"),
    WantedDate => ("Желаемая дата", "Preferred date"),
    WantedTime => ("Желаемое время", "Preferred time"),
    DateFrom => ("Первый день", "First day"),
    DateTo => ("Последний день", "Last day"),
    CoworkingVisitor => ("Билет оформляется на вас: вы посетитель. Передать его можно после оформления.", "The ticket is yours: you are the visitor. You can pass it on later."),
    RoomType => ("Тип номера", "Room type"),
    GuestN => ("Гость {n}", "Guest {n}"),
    AddGuest => ("Добавить гостя", "Add a guest"),
    RemoveGuest => ("Убрать гостя {n}", "Remove guest {n}"),
    EventDate => ("Дата мероприятия", "Event date"),
    TicketType => ("Тип билета", "Ticket type"),
    LeftN => ("осталось: {n}", "left: {n}"),
    SoldOutShort => ("мест нет", "sold out"),
    ChooseOption => ("Выберите…", "Choose…"),
    ChooseFile => ("Выбрать файл", "Choose a file"),
    Attachments => ("Вложения", "Attachments"),
    Uploading => ("Загружаем файл…", "Uploading the file…"),
    PriceLater => ("Цена появится, когда вы сделаете выбор.", "The price shows once you have chosen."),
    Prepayment => ("Предоплата {p}%", "Prepayment {p}%"),
    DueNow => ("К оплате сейчас", "To pay now"),
    OrderAndPay => ("Заказать и оплатить", "Order and pay"),
    GoingToPay => ("Переходим к оплате…", "Going to payment…"),
    PayFailedAfterOrder => ("Оплата не началась. Нажмите «Оплатить» еще раз.", "The payment did not start. Press «Pay» again."),
    PaymentProcessing => ("Платеж обрабатывается", "The payment is being processed"),
    PaymentFailed => ("Оплата не прошла", "The payment did not go through"),
    RefundPending => ("Выполняется возврат", "Refund in progress"),
    RefundDone => ("Деньги возвращены", "The money has been refunded"),
    RefundFailedUser => ("Возврат не прошел — мы вернем деньги вручную", "The refund failed — we will return the money by hand"),
    RefundFailedMark => ("Возврат не прошел", "Refund failed"),
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

/// The short unit of an order line («шт.», «ч»).
pub fn unit_label(unit: Unit, lang: Lang) -> &'static str {
    match unit {
        Unit::Piece => T::UnitPiece,
        Unit::Hour => T::UnitHour,
        Unit::Day => T::UnitDay,
        Unit::Portion => T::UnitPortion,
    }
    .text(lang)
}

/// Which of Russian's three plural forms `n` takes: 0 one («1 сообщение»),
/// 1 few («3 сообщения»), 2 many («5 сообщений»).
pub fn plural_form_ru(n: u64) -> usize {
    let (d10, d100) = (n % 10, n % 100);
    if d10 == 1 && d100 != 11 {
        0
    } else if (2..=4).contains(&d10) && !(12..=14).contains(&d100) {
        1
    } else {
        2
    }
}

/// "3 new messages" / «3 новых сообщения».
pub fn new_messages(n: u32, lang: Lang) -> String {
    let key = match lang {
        Lang::Ru => {
            [T::NewMessagesOne, T::NewMessagesFew, T::NewMessagesMany][plural_form_ru(n as u64)]
        }
        Lang::En if n == 1 => T::NewMessagesOne,
        Lang::En => T::NewMessagesMany,
    };
    key.text(lang).replace("{n}", &n.to_string())
}

/// «3 непрочитанных» / "3 unread": the bell's count as a screen reader hears it.
pub fn unread_count(n: u32, lang: Lang) -> String {
    let key = match lang {
        Lang::Ru if plural_form_ru(n as u64) == 0 => T::UnreadCountLabel,
        _ => T::UnreadFew,
    };
    format!("{n} {}", key.text(lang))
}

/// Something to tell the user, kept as data until it is shown, so that it is
/// worded in the language of the moment (a switch rewords it).
#[derive(Clone, Debug, PartialEq)]
pub enum Msg {
    Key(T),
    Api(ApiError),
    /// Refused before upload: over the size limit (bytes).
    FileTooBig {
        name: String,
        limit: u64,
    },
    TooManyFiles(u32),
}

/// How a 404 should be worded where it happened.
pub type NotFoundText = T;

impl Msg {
    /// The text in `lang`; `bytes` words a size (through Intl in the browser).
    pub fn word(&self, lang: Lang, bytes: &dyn Fn(u64) -> String) -> String {
        match self {
            Msg::Key(t) => t.text(lang).to_string(),
            Msg::Api(e) => error_words(e, lang, bytes, T::OrderNotFound),
            Msg::FileTooBig { name, limit } => {
                format!("«{name}»: {} ({})", T::FileTooBig.text(lang), bytes(*limit))
            }
            Msg::TooManyFiles(n) => T::TooManyFiles.text(lang).replace("{n}", &n.to_string()),
        }
    }
}

/// What to tell the user about a failed request, in `lang`: network and decode
/// failures in their own words, HTTP ones from the server's reason (never its
/// English message). `not_found` words a 404 for what was asked for.
pub fn error_words(
    e: &ApiError,
    lang: Lang,
    bytes: &dyn Fn(u64) -> String,
    not_found: NotFoundText,
) -> String {
    match e {
        ApiError::Network(_) => T::ErrorNetwork.text(lang).to_string(),
        ApiError::Decode(_) => T::ErrorDecode.text(lang).to_string(),
        ApiError::Http { body, .. } => reason_words(body, lang, bytes, not_found),
    }
}

/// The server's reason, worded from the catalogue with the facts the body gives.
pub fn reason_words(
    body: &ErrorBody,
    lang: Lang,
    bytes: &dyn Fn(u64) -> String,
    not_found: NotFoundText,
) -> String {
    let t = |k: T| k.text(lang).to_string();
    let file = |what: T| match &body.file_name {
        Some(name) => format!("«{name}»: {}", what.text(lang)),
        // Without a name the phrase starts the sentence.
        None => {
            let text = what.text(lang);
            let mut chars = text.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
                .unwrap_or_default()
        }
    };
    let limit = body.limit.unwrap_or(0);
    match body.reason {
        ErrorReason::MalformedBody | ErrorReason::MalformedRequest => t(T::ErrMalformed),
        ErrorReason::SignInRequired => t(T::SessionExpired),
        ErrorReason::BadCredentials => t(T::WrongCredentials),
        ErrorReason::Forbidden => t(T::ErrForbidden),
        ErrorReason::NotFound => t(not_found),
        ErrorReason::MethodNotAllowed => t(T::ErrMethod),
        ErrorReason::StaleVersion => match body.status {
            Some(s) => T::ErrStale
                .text(lang)
                .replace("{status}", status_label(s, lang)),
            None => t(T::OrderChanged),
        },
        ErrorReason::NotAllowedNow => t(T::ErrNotAllowedNow),
        ErrorReason::NotForKind => t(T::ErrNotForKind),
        ErrorReason::NotYours => t(T::ErrNotYours),
        ErrorReason::NotCancellable => t(T::CancelNotCancellable),
        ErrorReason::CancelDeadlinePassed => t(T::CancelDeadlinePassed),
        ErrorReason::CheckedIn => t(T::ErrCheckedIn),
        ErrorReason::NothingToPay => t(T::ErrNothingToPay),
        ErrorReason::KeyReused => t(T::ErrKeyReused),
        ErrorReason::MessageIdTaken => t(T::ErrMessageIdTaken),
        ErrorReason::TooLarge => match &body.file_name {
            Some(name) => format!("«{name}»: {} ({})", T::FileTooBig.text(lang), bytes(limit)),
            None => T::ErrTooLarge.text(lang).replace("{limit}", &bytes(limit)),
        },
        ErrorReason::TooManyFiles => T::TooManyFiles
            .text(lang)
            .replace("{n}", &limit.to_string()),
        ErrorReason::FileTypeRefused => file(T::ErrFileType),
        ErrorReason::FileEmpty => file(T::ErrFileEmpty),
        ErrorReason::UploadMissing => t(T::ErrUploadMissing),
        ErrorReason::Required => t(T::ErrRequired),
        ErrorReason::TooLong => T::ErrTooLong.text(lang).replace("{n}", &limit.to_string()),
        ErrorReason::Invalid => t(T::ErrInvalid),
        ErrorReason::RateLimited => t(T::ErrRateLimited),
        ErrorReason::TooShort => T::ErrTooShort.text(lang).replace("{n}", &limit.to_string()),
        ErrorReason::EmailTaken => t(T::ErrEmailTaken),
        ErrorReason::UnknownUser => t(T::ErrUnknownUser),
        ErrorReason::LinkNotFound => t(T::ErrLinkNotFound),
        ErrorReason::LinkRevoked => t(T::ErrLinkRevoked),
        ErrorReason::LinkExpired => t(T::ErrLinkExpired),
        ErrorReason::LinkUsed => t(T::ErrLinkUsed),
        ErrorReason::OwnLink => t(T::ErrOwnLink),
        ErrorReason::AlreadyJoined => t(T::ErrAlreadyJoined),
        ErrorReason::AlreadyHolder => t(T::ErrAlreadyHolder),
        ErrorReason::AccessRemoved => t(T::ErrAccessRemoved),
        ErrorReason::AnnulTooLate => t(T::ErrAnnulTooLate),
        ErrorReason::ScanIdTaken => t(T::ErrScanIdTaken),
        ErrorReason::NotHolder => t(T::ErrNotHolder),
        ErrorReason::SlotTaken => t(T::ErrSlotTaken),
        ErrorReason::SoldOut => t(T::ErrSoldOut),
        ErrorReason::InPast => t(T::ErrInPast),
        ErrorReason::ProviderUnavailable => t(T::ErrProviderUnavailable),
        ErrorReason::BadSignature | ErrorReason::LaunchTokenRefused => t(T::ErrForbidden),
        ErrorReason::PaymentMismatch => t(T::ErrPaymentMismatch),
        ErrorReason::Internal => match &body.request_id {
            Some(id) => format!(
                "{} {}",
                T::ErrInternal.text(lang),
                T::ErrRequestId.text(lang).replace("{id}", id)
            ),
            None => t(T::ErrInternal),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb(n: u64) -> String {
        format!("{} KB", n / 1024)
    }

    fn body(reason: ErrorReason) -> ErrorBody {
        match ApiError::reason_only(409, reason) {
            ApiError::Http { body, .. } => body,
            _ => unreachable!(),
        }
    }

    #[test]
    fn every_key_has_both_languages() {
        for key in T::ALL {
            assert!(!key.text(Lang::Ru).is_empty(), "{key:?}");
            assert!(!key.text(Lang::En).is_empty(), "{key:?}");
        }
    }

    #[test]
    fn every_reason_is_worded_in_both_languages_never_with_the_servers_sentence() {
        for reason in ErrorReason::ALL {
            let mut b = body(reason);
            b.message = "SERVER SENTENCE".into();
            for lang in [Lang::Ru, Lang::En] {
                let text = reason_words(&b, lang, &kb, T::OrderNotFound);
                assert!(!text.is_empty(), "{reason:?}");
                assert!(!text.contains("SERVER"), "{reason:?}: {text}");
                assert!(
                    !text.contains('{'),
                    "{reason:?}: a placeholder left: {text}"
                );
            }
        }
    }

    #[test]
    fn reasons_use_the_facts_the_body_gives() {
        let mut b = body(ErrorReason::FileTypeRefused);
        b.file_name = Some("setup.exe".into());
        assert_eq!(
            reason_words(&b, Lang::Ru, &kb, T::NotFound),
            "«setup.exe»: такой тип файла не принимается"
        );
        let mut b = body(ErrorReason::StaleVersion);
        b.status = Some(Status::Done);
        let text = reason_words(&b, Lang::Ru, &kb, T::NotFound);
        assert!(
            text.contains("заказ изменился") && text.contains("«Выполнен»"),
            "{text}"
        );
        let mut b = body(ErrorReason::TooLarge);
        b.limit = Some(2048);
        b.file_name = Some("big.png".into());
        assert_eq!(
            reason_words(&b, Lang::En, &kb, T::NotFound),
            "«big.png»: the file is larger than allowed (2 KB)"
        );
        let mut b = body(ErrorReason::Internal);
        b.request_id = Some("r-42".into());
        assert!(reason_words(&b, Lang::En, &kb, T::NotFound).contains("r-42"));
        assert_eq!(
            error_words(
                &ApiError::reason_only(404, ErrorReason::NotFound),
                Lang::Ru,
                &kb,
                T::ServiceNotFound
            ),
            "Услуга не найдена"
        );
        assert_eq!(
            error_words(&ApiError::Network("x".into()), Lang::En, &kb, T::NotFound),
            T::ErrorNetwork.text(Lang::En)
        );
    }

    #[test]
    fn counts_take_the_right_plural() {
        assert_eq!(new_messages(1, Lang::Ru), "1 новое сообщение");
        assert_eq!(new_messages(3, Lang::Ru), "3 новых сообщения");
        assert_eq!(new_messages(5, Lang::Ru), "5 новых сообщений");
        assert_eq!(new_messages(11, Lang::Ru), "11 новых сообщений");
        assert_eq!(new_messages(21, Lang::Ru), "21 новое сообщение");
        assert_eq!(new_messages(22, Lang::Ru), "22 новых сообщения");
        assert_eq!(new_messages(1, Lang::En), "1 new message");
        assert_eq!(new_messages(3, Lang::En), "3 new messages");
    }

    #[test]
    fn units_follow_the_language() {
        assert_eq!(unit_label(Unit::Hour, Lang::Ru), "ч");
        assert_eq!(unit_label(Unit::Piece, Lang::Ru), "шт.");
        assert_eq!(unit_label(Unit::Piece, Lang::En), "pcs");
        for u in Unit::ALL {
            assert_ne!(unit_label(u, Lang::Ru), unit_label(u, Lang::En));
        }
    }

    #[test]
    fn a_message_is_worded_when_shown() {
        let m = Msg::FileTooBig {
            name: "a.png".into(),
            limit: 1024,
        };
        assert!(m.word(Lang::Ru, &kb).contains("больше допустимого"));
        assert!(m.word(Lang::En, &kb).contains("larger than allowed"));
        assert_eq!(
            Msg::TooManyFiles(10).word(Lang::Ru, &kb),
            "В одном сообщении не больше 10 файлов"
        );
    }
}
