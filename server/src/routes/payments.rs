//! Paying online: starting a payment of an order, the providers' webhooks, and the
//! built-in test provider's pay page (`/testpay/{id}`, plain HTML outside the API).

use axum::body::Bytes;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use kabinet_core::{ErrorBody, PaymentStart};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::auth::AuthUser;
use crate::domain;
use crate::error::{AppError, AppJson, AppPath, AppResult};
use crate::payments::test_provider::{self, Card, Choice};
use crate::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(payments_create))
        .routes(routes!(payments_webhook))
}

/// The test provider's pages (merged at the root, not under `/api`).
pub fn pages() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(testpay_page, testpay_decide))
}

/// Starts paying what is due on the caller's order: the prepayment while nothing
/// is paid, then the remainder. Answers the provider's page to send the browser
/// to; it brings the user back to the order. An open payment of the same amount
/// is answered again (one open payment per order).
#[utoipa::path(post, path = "/orders/{id}/payments", tag = "payments",
    params(("id" = i64, Path, description = "Order id")), security(("bearer" = [])),
    responses((status = 201, body = PaymentStart), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody, description = "Not the order's owner"),
              (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody, description = "`nothing_to_pay`, or not in a status that is paid"),
              (status = 503, body = ErrorBody, description = "`provider_unavailable`; see Retry-After")))]
pub async fn payments_create(
    State(state): State<AppState>,
    auth: AuthUser,
    AppPath(id): AppPath<i64>,
) -> AppResult<(StatusCode, AppJson<PaymentStart>)> {
    let now = state.clock.now();
    let start = domain::payments::start(&state.store, &state.payments, now, &auth.user, id).await?;
    Ok((StatusCode::CREATED, AppJson(start)))
}

/// A payment provider's webhook (`test` or `yookassa`, whichever the server uses).
/// The test provider's is trusted only with a valid signature (headers
/// `X-Testpay-Timestamp` and `X-Testpay-Signature`); YooKassa's only after its
/// object is fetched again from the API.
#[utoipa::path(post, path = "/payments/webhook/{provider}", tag = "payments",
    params(("provider" = String, Path, description = "`test` or `yookassa`")),
    request_body(content = String, description = "The provider's notification, as sent"),
    responses((status = 200, description = "Taken (also when it changed nothing)"),
              (status = 400, body = ErrorBody, description = "Not a notification this server reads"),
              (status = 401, body = ErrorBody, description = "`bad_signature`"),
              (status = 404, body = ErrorBody, description = "Not this server's provider"),
              (status = 422, body = ErrorBody, description = "`payment_mismatch`: not one of our payments (logged)"),
              (status = 503, body = ErrorBody, description = "The provider did not answer the re-fetch")))]
pub async fn payments_webhook(
    State(state): State<AppState>,
    AppPath(provider): AppPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<StatusCode> {
    let now = state.clock.now();
    domain::payments::webhook(
        &state.store,
        &state.hub,
        &state.payments,
        now,
        &provider,
        &headers,
        &body,
    )
    .await?;
    Ok(StatusCode::OK)
}

/// What the test pay page posts.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TestPayForm {
    /// `pay` («Оплатить»), `decline` («Отклонить») or `cancel` («Отмена»).
    #[schema(value_type = String)]
    pub choice: Choice,
    /// The test card: `4111111111111111` (refunds succeed, the default) or
    /// `4000000000000002` (refunds are refused).
    #[schema(value_type = Option<String>)]
    pub card: Option<Card>,
}

fn page_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Html("<!doctype html><meta charset=\"utf-8\"><p>Платеж не найден. Payment not found.</p>"),
    )
        .into_response()
}

/// The test provider's pay page: the shop, the amount, what is paid for, the test
/// card and «Оплатить» / «Отклонить» / «Отмена»; a finished payment shows its
/// outcome instead.
#[utoipa::path(get, path = "/testpay/{id}", tag = "payments",
    params(("id" = String, Path, description = "The test provider's payment id")),
    responses((status = 200, description = "The page", content_type = "text/html", body = String),
              (status = 404, description = "No such payment (or another provider is used)", content_type = "text/html", body = String)))]
pub async fn testpay_page(State(state): State<AppState>, AppPath(id): AppPath<String>) -> Response {
    match state.payments.test.as_ref().and_then(|t| t.payment(&id)) {
        Some(p) => Html(test_provider::page_html(&p)).into_response(),
        None => page_not_found(),
    }
}

/// The user's choice on the pay page: the payment succeeds or is canceled, the
/// test provider sends Kabinet its signed webhook and waits for the answer, and
/// the browser is sent back to the order (303).
#[utoipa::path(post, path = "/testpay/{id}", tag = "payments",
    params(("id" = String, Path, description = "The test provider's payment id")),
    request_body(content = TestPayForm, content_type = "application/x-www-form-urlencoded"),
    responses((status = 303, description = "Back to the order"),
              (status = 404, description = "No such payment", content_type = "text/html", body = String),
              (status = 422, body = ErrorBody, description = "Not a choice of the page")))]
pub async fn testpay_decide(
    State(state): State<AppState>,
    AppPath(id): AppPath<String>,
    form: Result<Form<TestPayForm>, axum::extract::rejection::FormRejection>,
) -> Response {
    let Some(test) = state.payments.test.clone() else {
        return page_not_found();
    };
    let Ok(Form(form)) = form else {
        return AppError::invalid("choice", "Choose pay, decline or cancel").into_response();
    };
    let card = form.card.unwrap_or(Card::RefundOk);
    let Some((payment, changed)) = test.decide(&id, form.choice, card) else {
        return page_not_found();
    };
    if changed {
        let body = test_provider::TestProvider::payment_webhook(&payment);
        match test.deliver(&body).await {
            Ok(200) => {}
            Ok(status) => tracing::warn!(status, "Kabinet refused the test payment webhook"),
            Err(e) => tracing::warn!(error = %e, "the test payment webhook failed"),
        }
    }
    Redirect::to(&payment.return_url).into_response()
}
