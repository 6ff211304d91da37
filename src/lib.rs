//! Kabinet app.
