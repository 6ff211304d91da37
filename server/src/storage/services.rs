//! The catalogue: services, their settings and their «Дополнительные услуги».

use rusqlite::{params, Connection, OptionalExtension, Row};

use kabinet_core::Kind;

pub use super::details::{BookingDoc, FieldDoc, FormFieldDoc};

use super::{json_column, StoreResult};

#[derive(Clone, Debug)]
pub struct ServiceRow {
    pub id: i64,
    pub kind: Kind,
    pub name: String,
    pub description: String,
    pub characteristics: Vec<FieldDoc>,
    pub price: Option<i64>,
    pub currency: String,
    pub cancellable: bool,
    pub cancel_deadline_hours: Option<u32>,
    pub auto_confirm_hours: u32,
    pub prepayment_percent: Option<u8>,
    pub additional_title: Option<String>,
    /// A simple service's form (the JSON document of `services.form`).
    pub form: Vec<FormFieldDoc>,
    /// A bookable resource's hours.
    pub booking: Option<BookingDoc>,
}

#[derive(Clone, Debug)]
pub struct NewService {
    pub kind: Kind,
    pub name: String,
    pub description: String,
    pub characteristics: Vec<FieldDoc>,
    pub price: Option<i64>,
    pub cancellable: bool,
    pub cancel_deadline_hours: Option<u32>,
    pub auto_confirm_hours: u32,
    pub prepayment_percent: Option<u8>,
    pub additional_title: Option<String>,
    pub form: Vec<FormFieldDoc>,
    pub booking: Option<BookingDoc>,
}

const SELECT: &str = "SELECT s.id, s.kind, s.name, s.description, s.characteristics, s.price,
        s.currency, s.cancellable, s.cancel_deadline_hours, s.auto_confirm_hours,
        s.prepayment_percent, s.additional_title, s.form, s.booking FROM services s";

fn service_row(r: &Row<'_>) -> rusqlite::Result<ServiceRow> {
    Ok(ServiceRow {
        id: r.get("id")?,
        kind: r.get("kind")?,
        name: r.get("name")?,
        description: r.get("description")?,
        characteristics: json_column(r, "characteristics")?,
        price: r.get("price")?,
        currency: r.get("currency")?,
        cancellable: r.get("cancellable")?,
        cancel_deadline_hours: r.get("cancel_deadline_hours")?,
        auto_confirm_hours: r.get("auto_confirm_hours")?,
        prepayment_percent: r.get("prepayment_percent")?,
        additional_title: r.get("additional_title")?,
        form: json_column(r, "form")?,
        booking: r
            .get::<_, Option<String>>("booking")?
            .map(|b| serde_json::from_str(&b))
            .transpose()
            .map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(
                    0,
                    rusqlite::types::Type::Text,
                    Box::new(e),
                )
            })?,
    })
}

pub fn all(c: &Connection) -> StoreResult<Vec<ServiceRow>> {
    let mut stmt = c.prepare_cached(&format!("{SELECT} ORDER BY s.id"))?;
    let rows = stmt.query_map([], service_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn get(c: &Connection, id: i64) -> StoreResult<Option<ServiceRow>> {
    Ok(c.prepare_cached(&format!("{SELECT} WHERE s.id = ?1"))?
        .query_row([id], service_row)
        .optional()?)
}

/// The services of a service's «Дополнительные услуги» block, in their order.
pub fn additional(c: &Connection, id: i64) -> StoreResult<Vec<ServiceRow>> {
    let mut stmt = c.prepare_cached(&format!(
        "{SELECT} JOIN service_additional a ON a.additional_id = s.id
          WHERE a.service_id = ?1 ORDER BY a.position"
    ))?;
    let rows = stmt.query_map([id], service_row)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

pub fn insert(c: &Connection, s: &NewService) -> StoreResult<i64> {
    c.execute(
        "INSERT INTO services (kind, name, description, characteristics, price, cancellable,
                               cancel_deadline_hours, auto_confirm_hours, prepayment_percent, additional_title,
                               form, booking)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            s.kind,
            s.name,
            s.description,
            serde_json::to_string(&s.characteristics)?,
            s.price,
            s.cancellable,
            s.cancel_deadline_hours,
            s.auto_confirm_hours,
            s.prepayment_percent,
            s.additional_title,
            serde_json::to_string(&s.form)?,
            s.booking.map(|b| serde_json::to_string(&b)).transpose()?,
        ],
    )?;
    Ok(c.last_insert_rowid())
}

pub fn link_additional(c: &Connection, service_id: i64, additional: &[i64]) -> StoreResult<()> {
    for (pos, a) in additional.iter().enumerate() {
        c.execute(
            "INSERT INTO service_additional (service_id, additional_id, position) VALUES (?1, ?2, ?3)",
            params![service_id, a, pos as i64],
        )?;
    }
    Ok(())
}

/// Sets a simple service's form.
pub fn set_form(c: &Connection, id: i64, form: &[FormFieldDoc]) -> StoreResult<()> {
    c.execute(
        "UPDATE services SET form = ?2 WHERE id = ?1",
        params![id, serde_json::to_string(form)?],
    )?;
    Ok(())
}

/// Sets a bookable resource's hours.
pub fn set_booking(c: &Connection, id: i64, rules: &BookingDoc) -> StoreResult<()> {
    c.execute(
        "UPDATE services SET booking = ?2 WHERE id = ?1",
        params![id, serde_json::to_string(rules)?],
    )?;
    Ok(())
}
