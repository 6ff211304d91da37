//! The JSON documents stored in rows: an order's kind-specific blocks
//! (`orders.details`) and labelled fields (forms, characteristics). Storage's own
//! shapes; `views` turns them into API types.

use serde::{Deserialize, Deserializer, Serialize};

use kabinet_core::{FieldType, Unit};

/// A label and its value as stored in JSON: a characteristic of a service or a
/// field of a submitted form.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FieldDoc {
    pub label: String,
    pub value: String,
}

/// The kind-specific blocks of an order, kept as JSON in `orders.details`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OrderDetails {
    #[serde(default)]
    pub items: Vec<ItemDoc>,
    #[serde(default)]
    pub delivery_place: Option<PlaceDoc>,
    #[serde(default)]
    pub hotel: Option<HotelDoc>,
    #[serde(default)]
    pub ticket: Option<TicketDoc>,
    #[serde(default)]
    pub form_fields: Vec<FieldDoc>,
}

/// «Место доставки» of a goods order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceDoc {
    pub building: String,
    pub floor: Option<String>,
    pub room: Option<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ItemDoc {
    pub name: String,
    pub quantity: u32,
    #[serde(deserialize_with = "unit_or_label")]
    pub unit: Unit,
    pub unit_price: i64,
}

/// Databases from before units had names kept the Russian label.
fn unit_or_label<'de, D: Deserializer<'de>>(d: D) -> Result<Unit, D::Error> {
    let s = String::deserialize(d)?;
    Ok(match s.as_str() {
        "шт." => Unit::Piece,
        "ч" => Unit::Hour,
        other => other.parse().map_err(serde::de::Error::custom)?,
    })
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HotelDoc {
    pub check_in: i64,
    pub check_out: i64,
    pub room: String,
    pub guests: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TicketDoc {
    pub valid_from: i64,
    pub valid_to: i64,
    pub tariff: String,
    pub place: Option<String>,
}

/// A field of a simple service's form, as kept in `services.form`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FormFieldDoc {
    pub key: String,
    pub label: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
    pub required: bool,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub min: Option<i64>,
    #[serde(default)]
    pub max: Option<i64>,
}

/// A bookable resource's hours, as kept in `services.booking`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct BookingDoc {
    pub opens_hour: u32,
    pub closes_hour: u32,
    pub max_hours: u32,
}
