//! Black-box tests of the staff desk: who may use it, and its filters.

mod common;

use std::collections::HashSet;

use common::{assert_error, TestServer};

#[tokio::test]
async fn only_staff_reach_the_desk() {
    let s = TestServer::demo(0).await;
    for email in [
        "anna@alfa.example",
        "vera@beta.example",
        "events@kabinet.example",
    ] {
        let t = s.login(email).await;
        for path in ["/api/desk/orders", "/api/desk/companies"] {
            let (st, body) = s.get(&t, path).await;
            assert_eq!(st, 403, "{email} {path}");
            assert_error(&body, "forbidden");
        }
    }
    for path in ["/api/desk/orders", "/api/desk/companies"] {
        let (st, _) = s.get("", path).await;
        assert_eq!(st, 401, "{path}");
    }
}

#[tokio::test]
async fn the_company_filter_offers_every_company_and_filters_by_it() {
    let s = TestServer::demo(0).await;
    let t = s.login("staff@kabinet.example").await;
    let (st, companies) = s.get(&t, "/api/desk/companies").await;
    assert_eq!(st, 200);
    let names: Vec<&str> = companies
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"Альфа") && names.contains(&"Бета"),
        "{names:?}"
    );
    let beta = companies
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "Бета")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (_, page) = s
        .get(&t, &format!("/api/desk/orders?company={beta}&limit=100"))
        .await;
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|i| i["owner"]["company"] == "Бета"),
        "{items:?}"
    );
}

#[tokio::test]
async fn the_queue_holds_everyones_orders_with_their_owners_and_filters() {
    let s = TestServer::demo(0).await;
    let t = s.login("staff@kabinet.example").await;
    let (st, page) = s.get(&t, "/api/desk/orders?limit=100").await;
    assert_eq!(st, 200);
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 39 + 4, "anna's and the others'");
    let owners: HashSet<&str> = items
        .iter()
        .map(|i| i["owner"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        owners,
        HashSet::from(["Анна Иванова", "Борис Петров", "Вера Сидорова"])
    );

    // One company: vera's «Бета».
    assert!(items.iter().any(|i| i["owner"]["company"] == "Бета"));
    let (_, me) = s.get(&s.login("vera@beta.example").await, "/api/me").await;
    let company = me["company"]["id"].as_i64().unwrap();
    let (_, only) = s
        .get(&t, &format!("/api/desk/orders?company={company}"))
        .await;
    let only = only["items"].as_array().unwrap();
    assert_eq!(only.len(), 2);
    assert!(only.iter().all(|i| i["owner"]["company"] == "Бета"));

    // Status, kind and text together.
    let (_, f) = s
        .get(&t, "/api/desk/orders?status=new&kind=goods&q=кофе")
        .await;
    let f = f["items"].as_array().unwrap();
    assert!(f.len() >= 2, "anna's and boris's new coffee orders");
    assert!(f
        .iter()
        .all(|i| i["order"]["status"] == "new" && i["order"]["kind"] == "goods"));

    let (st, body) = s.get(&t, "/api/desk/orders?company=alfa").await;
    assert_eq!((st, body["field"].as_str()), (422, Some("company")));
}
