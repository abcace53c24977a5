//! Plain HTTP requests to a served app, as an operator's tools would send them.

/// `GET base + path`: the status code and the body.
pub async fn get(base: &str, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{base}{path}"))
        .await
        .unwrap_or_else(|error| panic!("GET {path}: {error}"));
    let status = response.status().as_u16();
    let body = response.text().await.expect("a text body");
    (status, body)
}
