//! IndexedDB, the one storage a service worker and a page share, through
//! the `idb` crate: one object store of texts by key, read and written as
//! localStorage is, but asynchronously. Every call answers, whatever the
//! browser does: a database that cannot be opened reads as empty and
//! refuses writes.

use idb::{
    Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode, TransactionResult,
};
use wasm_bindgen::JsValue;

const DATABASE: &str = "encore";
const RECORDS: &str = "records";

async fn open() -> Option<Database> {
    // `indexedDB` of the page or of the worker, whichever runs this.
    let mut request = Factory::new().ok()?.open(DATABASE, Some(1)).ok()?;
    request.on_upgrade_needed(|event| {
        if let Ok(database) = event.database() {
            let _ = database.create_object_store(RECORDS, ObjectStoreParams::new());
        }
    });
    request.await.ok()
}

/// The text stored under `key`, if any.
pub async fn read(key: &str) -> Option<String> {
    let database = open().await?;
    let value = async {
        let transaction = database
            .transaction(&[RECORDS], TransactionMode::ReadOnly)
            .ok()?;
        let store = transaction.object_store(RECORDS).ok()?;
        store.get(JsValue::from_str(key)).ok()?.await.ok()?
    }
    .await;
    database.close();
    value?.as_string()
}

/// What a write does with a key.
pub enum Change<'a> {
    Put(&'a str, String),
    Remove(&'a str),
}

/// Makes every change, all or none; whether they were made.
pub async fn write(changes: Vec<Change<'_>>) -> bool {
    let Some(database) = open().await else {
        return false;
    };
    let written = async {
        let transaction = database
            .transaction(&[RECORDS], TransactionMode::ReadWrite)
            .ok()?;
        let store = transaction.object_store(RECORDS).ok()?;
        for change in changes {
            // Requests go out as they are made; the transaction's end says
            // whether all of them were done.
            let queued = match change {
                Change::Put(key, text) => store
                    .put(&JsValue::from_str(&text), Some(&JsValue::from_str(key)))
                    .is_ok(),
                Change::Remove(key) => store.delete(JsValue::from_str(key)).is_ok(),
            };
            if !queued {
                let _ = transaction.abort();
                return None;
            }
        }
        Some(transaction.await.ok()? == TransactionResult::Committed)
    }
    .await;
    database.close();
    written == Some(true)
}
