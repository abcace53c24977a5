//! A deal made straight through the store, for tests of the store's own
//! contracts: "Acme" in Qualifying, owned by `rep1`, USD 1,000.00, made at
//! [`crate::monday_9am`].

use dealbot_storage::{Deal, NewDeal, Store};

/// Makes the deal in `workspace` and returns it as stored.
pub async fn acme_deal(store: &Store, workspace: &str) -> Deal {
    store
        .create_deal(NewDeal {
            platform: "shell".to_string(),
            workspace: workspace.to_string(),
            name: "Acme".to_string(),
            pipeline: "new-business".to_string(),
            stage: "Qualifying".to_string(),
            owner: "rep1".to_string(),
            amount_minor: Some(100_000),
            currency: Some("USD".to_string()),
            close_date: None,
            channel: None,
            private_channel: false,
            created_by: "rep1".to_string(),
            at: crate::monday_9am(),
        })
        .await
        .expect("deal created")
}
