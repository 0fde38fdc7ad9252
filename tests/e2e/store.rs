//! The store's write semantics against moto's DynamoDB.

use enrich_tests::TestStack;
use platform::TenantId;
use serde::{Deserialize, Serialize};
use store::keys::{self, Unique};
use store::PageParams;
use store::{PutMode, Record, StoreError, TxOp};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Doc {
    id: String,
    version: u64,
    text: String,
}

fn doc(id: &str, version: u64) -> Doc {
    Doc {
        id: id.into(),
        version,
        text: format!("v{version}"),
    }
}

#[tokio::test]
async fn create_only_puts_refuse_duplicates_and_versions_guard_updates() {
    let t = TestStack::start().await;
    let store = &t.state().store;
    let tenant = TenantId::new();
    let key = keys::scratch_item(&tenant, "d1");
    store
        .put(
            &Record::new("doc", key.clone(), &doc("d1", 1)),
            PutMode::IfAbsent,
        )
        .await
        .unwrap();
    let again = store
        .put(
            &Record::new("doc", key.clone(), &doc("d1", 1)),
            PutMode::IfAbsent,
        )
        .await;
    assert!(matches!(again, Err(StoreError::AlreadyExists)), "{again:?}");

    store
        .put(
            &Record::new("doc", key.clone(), &doc("d1", 2)),
            PutMode::IfVersion(1),
        )
        .await
        .unwrap();
    // A writer still holding version 1 loses.
    let stale = store
        .put(
            &Record::new("doc", key.clone(), &doc("d1", 2)),
            PutMode::IfVersion(1),
        )
        .await;
    assert!(
        matches!(stale, Err(StoreError::ConditionFailed)),
        "{stale:?}"
    );
    assert_eq!(store.get::<Doc>(&key).await.unwrap(), Some(doc("d1", 2)));
}

#[tokio::test]
async fn concurrent_creates_have_exactly_one_winner() {
    let t = TestStack::start().await;
    let store = t.state().store.clone();
    let tenant = TenantId::new();
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (store, tenant) = (store.clone(), tenant.clone());
        tasks.push(tokio::spawn(async move {
            let d = doc("same", i);
            store
                .put(
                    &Record::new("doc", keys::scratch_item(&tenant, "same"), &d),
                    PutMode::IfAbsent,
                )
                .await
        }));
    }
    let mut ok = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(()) => ok += 1,
            Err(StoreError::AlreadyExists) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(ok, 1);
}

#[tokio::test]
async fn transaction_reports_which_action_failed_and_writes_nothing() {
    let t = TestStack::start().await;
    let store = &t.state().store;
    let (a, b) = (TenantId::new(), TenantId::new());
    let marker = |tenant: &TenantId| {
        #[derive(Serialize)]
        struct Owner<'a> {
            tenant: &'a str,
        }
        Record::new(
            "unique",
            keys::unique(Unique::Email, "ana@example.com"),
            &Owner {
                tenant: tenant.as_str(),
            },
        )
        .to_item()
        .unwrap()
    };
    let doc_item = |tenant: &TenantId| {
        Record::new("doc", keys::scratch_item(tenant, "x"), &doc("x", 1))
            .to_item()
            .unwrap()
    };
    store
        .transact(vec![
            TxOp::Put {
                item: doc_item(&a),
                mode: PutMode::IfAbsent,
            },
            TxOp::Put {
                item: marker(&a),
                mode: PutMode::IfAbsent,
            },
        ])
        .await
        .unwrap();
    let err = store
        .transact(vec![
            TxOp::Put {
                item: doc_item(&b),
                mode: PutMode::IfAbsent,
            },
            TxOp::Put {
                item: marker(&b),
                mode: PutMode::IfAbsent,
            },
        ])
        .await
        .unwrap_err();
    assert_eq!(err.failed_action(), Some(1), "{err:?}");
    // All or nothing: tenant b's document was not written.
    assert_eq!(
        store
            .get::<Doc>(&keys::scratch_item(&b, "x"))
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn expired_items_are_hidden_from_reads_and_lists() {
    let t = TestStack::start().await;
    let state = t.state();
    let tenant = TenantId::new();
    let past = time::OffsetDateTime::now_utc().unix_timestamp() - 10;
    let future = past + 3600;
    let gone = keys::scratch_item(&tenant, "gone");
    let live = keys::scratch_item(&tenant, "live");
    state
        .store
        .put(
            &Record::new("doc", gone.clone(), &doc("gone", 1)).expiring_at(past),
            PutMode::Overwrite,
        )
        .await
        .unwrap();
    state
        .store
        .put(
            &Record::new("doc", live.clone(), &doc("live", 1)).expiring_at(future),
            PutMode::Overwrite,
        )
        .await
        .unwrap();
    assert_eq!(state.store.get::<Doc>(&gone).await.unwrap(), None);
    assert!(state.store.get::<Doc>(&live).await.unwrap().is_some());
    let codec = state.cursor_codec().await.unwrap();
    let page = state
        .store
        .query::<Doc>(
            &tenant,
            &keys::scratch_items(&tenant),
            &PageParams {
                limit: 10,
                cursor: None,
            },
            codec,
        )
        .await
        .unwrap();
    assert_eq!(
        page.items.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(),
        vec!["live"]
    );
}

#[tokio::test]
async fn batch_put_writes_every_item_in_chunks() {
    let t = TestStack::start().await;
    let state = t.state();
    let tenant = TenantId::new();
    let items = (0..60)
        .map(|i| {
            Record::new(
                "doc",
                keys::scratch_item(&tenant, &format!("{i:03}")),
                &doc(&format!("{i:03}"), 1),
            )
            .to_item()
            .unwrap()
        })
        .collect();
    t.stack.calls.reset();
    state.store.batch_put(items).await.unwrap();
    // 60 items = 3 requests of at most 25.
    assert_eq!(
        t.stack.calls.snapshot().get("DynamoDB.BatchWriteItem"),
        Some(&3)
    );
    let codec = state.cursor_codec().await.unwrap();
    let page = state
        .store
        .query::<Doc>(
            &tenant,
            &keys::scratch_items(&tenant),
            &PageParams {
                limit: 100,
                cursor: None,
            },
            codec,
        )
        .await
        .unwrap();
    assert_eq!(page.items.len(), 60);
    assert!(page.next_cursor.is_none());
}
