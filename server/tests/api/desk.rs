//! Black-box tests of the desk: who may use it (staff, and the event manager for
//! event tickets), and its filters.

use std::collections::HashSet;

use crate::common::{assert_error, TestServer};

#[tokio::test]
async fn tenants_never_reach_the_desk() {
    let s = TestServer::demo(0).await;
    for email in ["anna@alfa.example", "vera@beta.example"] {
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
    assert_eq!(items.len(), 39 + 6, "anna's and the others'");
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
    assert_eq!(only.len(), 3);
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

#[tokio::test]
async fn the_event_manager_sees_event_tickets_only() {
    let s = TestServer::demo(0).await;
    let t = s.login("events@kabinet.example").await;
    let (st, page) = s.get(&t, "/api/desk/orders?limit=100").await;
    assert_eq!(st, 200, "{page}");
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty());
    assert!(
        items.iter().all(|r| r["order"]["kind"] == "event"),
        "{page}"
    );
    // Asking for another kind finds nothing rather than widening the scope.
    let (_, page) = s.get(&t, "/api/desk/orders?kind=goods").await;
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    // Each ticket opens; another kind of order is still 404 for them.
    let id = items[0]["order"]["id"].as_i64().unwrap();
    let (st, v) = s.get(&t, &format!("/api/orders/{id}")).await;
    assert_eq!(st, 200);
    assert_eq!(v["kind"], "event");
    let staff = s.login("staff@kabinet.example").await;
    let (_, all) = s.get(&staff, "/api/desk/orders?kind=goods&limit=1").await;
    let goods = all["items"][0]["order"]["id"].as_i64().unwrap();
    let (st, _) = s.get(&t, &format!("/api/orders/{goods}")).await;
    assert_eq!(st, 404);
    // And they have no chat on event tickets.
    let (st, _) = s.get(&t, &format!("/api/orders/{id}/messages")).await;
    assert_eq!(st, 404);
}

#[tokio::test]
async fn the_desk_finds_orders_by_the_person_who_placed_them() {
    let s = TestServer::demo(0).await;
    let t = s.login("staff@kabinet.example").await;
    let (st, page) = s
        .get(
            &t,
            "/api/desk/orders?q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0&limit=100",
        )
        .await;
    assert_eq!(st, 200);
    let items = page["items"].as_array().unwrap();
    assert!(!items.is_empty(), "«иванова» finds anna's orders");
    assert!(
        items.iter().all(|r| r["owner"]["name"] == "Анна Иванова"),
        "{page}"
    );
    // A tenant's own search stays on their orders' numbers and services.
    let anna = s.login("anna@alfa.example").await;
    let (_, own) = s
        .get(
            &anna,
            "/api/orders?q=%D0%B8%D0%B2%D0%B0%D0%BD%D0%BE%D0%B2%D0%B0",
        )
        .await;
    assert_eq!(own["items"].as_array().unwrap().len(), 0);
}
