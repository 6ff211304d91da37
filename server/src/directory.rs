//! The people directory the share and transfer dialogs search: every tenant's
//! lower-cased name, company and communities, held in memory in name order, so
//! that a partial-name search reads no rows. It is reloaded when someone
//! registers, and at least every minute (other instances may have registrations).

use std::sync::Arc;
use std::time::Duration;

use kabinet_core::OrgKind;
use rusqlite::Connection;

use crate::error::AppResult;
use crate::storage::people::{self, DirectoryRow};
use crate::storage::users::PersonRow;
use crate::storage::{Store, StoreResult};

/// How long a loaded directory is used before it is read again.
const FRESH_FOR: Duration = Duration::from_secs(60);

/// Where to look for people.
#[derive(Clone, Copy, Debug)]
pub struct PeopleQuery<'a> {
    /// Lower-cased words; each must appear in "first last".
    pub words: &'a [String],
    pub org: Option<(OrgKind, i64)>,
    /// Left out of the answer (the one asking).
    pub except: i64,
    pub limit: usize,
}

struct Entry {
    row: DirectoryRow,
    /// "first last", lower-cased.
    search: String,
}

/// Every tenant, by last name, first name and id.
pub struct Directory {
    entries: Vec<Entry>,
}

impl Directory {
    fn load(c: &Connection) -> StoreResult<Directory> {
        let entries = people::directory(c)?
            .into_iter()
            .map(|row| Entry {
                search: crate::storage::search_text(&[
                    &row.person.first_name,
                    &row.person.last_name,
                ]),
                row,
            })
            .collect();
        Ok(Directory { entries })
    }

    /// The first `limit` people, in name order, whose name has every word.
    pub fn search(&self, q: PeopleQuery<'_>) -> Vec<PersonRow> {
        self.entries
            .iter()
            .filter(|e| e.row.person.id != q.except)
            .filter(|e| match q.org {
                Some((OrgKind::Company, id)) => e.row.company_id == Some(id),
                Some((OrgKind::Community, id)) => e.row.communities.contains(&id),
                None => true,
            })
            .filter(|e| q.words.iter().all(|w| e.search.contains(w.as_str())))
            .take(q.limit)
            .map(|e| e.row.person.clone())
            .collect()
    }
}

/// The loaded directory, shared by every request.
pub struct DirectoryCache {
    cache: moka::sync::Cache<(), Arc<Directory>>,
    /// One load at a time: a burst of searches after a change reads the rows once.
    loading: tokio::sync::Mutex<()>,
}

impl Default for DirectoryCache {
    fn default() -> Self {
        DirectoryCache {
            cache: moka::sync::Cache::builder()
                .max_capacity(1)
                .time_to_live(FRESH_FOR)
                .build(),
            loading: tokio::sync::Mutex::new(()),
        }
    }
}

impl DirectoryCache {
    pub async fn get(&self, store: &Store) -> AppResult<Arc<Directory>> {
        if let Some(d) = self.cache.get(&()) {
            return Ok(d);
        }
        let _one = self.loading.lock().await;
        if let Some(d) = self.cache.get(&()) {
            return Ok(d);
        }
        let d = Arc::new(store.call(|c| Directory::load(c)).await?);
        self.cache.insert((), d.clone());
        Ok(d)
    }

    /// Someone registered: the next search reads the directory again.
    pub fn forget(&self) {
        self.cache.invalidate_all();
    }
}
