//! Finding people to share a booking with or pass a ticket to, and the companies
//! and communities that narrow the search: what a query must be, and what is
//! answered (tenants only, name and company, at most 20, never the one asking).

use kabinet_core::{Org, OrgKind, SEARCH_LIMIT, SEARCH_MIN_CHARS};

use crate::directory::{DirectoryCache, PeopleQuery};
use crate::error::{AppError, AppResult};
use crate::storage::people;
use crate::storage::users::PersonRow;
use crate::storage::Store;

/// The longest search text read.
const QUERY_MAX: usize = 100;
/// A handful of words is plenty for a name; more only slows the search.
const WORDS_MAX: usize = 4;

/// The lower-cased words of a search. Words shorter than `min` are dropped (an
/// initial after a name), and at least one word must have `min` characters, so
/// that «а е» cannot list everyone.
fn words(q: Option<&str>, min: usize) -> AppResult<Vec<String>> {
    let q = q.unwrap_or("").trim();
    if q.chars().count() > QUERY_MAX {
        return Err(AppError::too_long("q", QUERY_MAX));
    }
    let words: Vec<String> = q
        .to_lowercase()
        .split_whitespace()
        .filter(|w| w.chars().count() >= min)
        .take(WORDS_MAX)
        .map(str::to_string)
        .collect();
    if min > 0 && words.is_empty() {
        return Err(AppError::too_short("q", min));
    }
    Ok(words)
}

/// Registered tenants by partial first or last name (case-insensitive, Cyrillic
/// too), optionally in one company or community (`org` as `company:3`).
pub async fn find_people(
    store: &Store,
    directory: &DirectoryCache,
    asking: i64,
    q: Option<&str>,
    org: Option<&str>,
) -> AppResult<Vec<PersonRow>> {
    let words = words(q, SEARCH_MIN_CHARS)?;
    let org: Option<(OrgKind, i64)> = match org.map(str::trim).filter(|o| !o.is_empty()) {
        Some(o) => Some(Org::parse_key(o).ok_or_else(|| {
            AppError::invalid(
                "org",
                "Give a company or community as company:ID or community:ID",
            )
        })?),
        None => None,
    };
    let directory = directory.get(store).await?;
    Ok(directory.search(PeopleQuery {
        words: &words,
        org,
        except: asking,
        limit: SEARCH_LIMIT,
    }))
}

/// Companies and communities by partial name; an empty query lists the first 20.
pub async fn find_orgs(store: &Store, q: Option<&str>) -> AppResult<Vec<Org>> {
    let words = words(q, 0)?;
    let all = store.call(|c| people::orgs(c)).await?;
    Ok(all
        .into_iter()
        .filter(|(_, _, name)| {
            let name = name.to_lowercase();
            words.iter().all(|w| name.contains(w.as_str()))
        })
        .take(SEARCH_LIMIT)
        .map(|(kind, id, name)| Org { kind, id, name })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_words_are_dropped_but_one_must_be_long_enough() {
        assert_eq!(words(Some("Анна И"), 2).unwrap(), ["анна"]);
        assert!(words(Some("а е"), 2).is_err());
        assert!(words(Some(" "), 2).is_err());
        assert_eq!(words(Some(""), 0).unwrap(), Vec::<String>::new());
    }
}
