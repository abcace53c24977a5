//! A database URL fit to be shown: in logs, error messages and command output.
//! A PostgreSQL URL may carry a password in two places, after the user name
//! (`postgres://dealbot:secret@db/deals`) and as a query parameter
//! (`postgres://db/deals?user=dealbot&password=secret`); both are replaced by
//! `***`, and everything else is kept so the operator recognises the URL.

/// What replaces a password.
const HIDDEN: &str = "***";

/// `url` with every password in it replaced by `***`.
pub fn redact_url(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (before_fragment, None),
    };
    let mut shown = redact_user_info(base);
    if let Some(query) = query {
        shown.push('?');
        shown.push_str(&redact_query(query));
    }
    if let Some(fragment) = fragment {
        shown.push('#');
        shown.push_str(fragment);
    }
    shown
}

/// `scheme://user:password@host/path` → `scheme://user:***@host/path`.
fn redact_user_info(base: &str) -> String {
    let Some((scheme, rest)) = base.split_once("://") else {
        return base.to_owned();
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let Some((user_info, host)) = authority.rsplit_once('@') else {
        return base.to_owned();
    };
    match user_info.split_once(':') {
        Some((user, _password)) => format!("{scheme}://{user}:{HIDDEN}@{host}{path}"),
        None => base.to_owned(),
    }
}

/// Each `…password=value` parameter (`password`, `sslpassword`, any case) with
/// its value hidden; the others as they were.
fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|parameter| match parameter.split_once('=') {
            Some((key, _value)) if key.to_ascii_lowercase().contains("password") => {
                format!("{key}={HIDDEN}")
            }
            _ => parameter.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_password_after_the_user_name_is_hidden() {
        assert_eq!(
            redact_url("postgres://dealbot:hunter2@db:5432/deals?sslmode=require"),
            "postgres://dealbot:***@db:5432/deals?sslmode=require"
        );
        assert_eq!(redact_url("mysql://u:secret@h/db"), "mysql://u:***@h/db");
    }

    #[test]
    fn a_password_in_the_query_string_is_hidden() {
        assert_eq!(
            redact_url("postgres://db/deals?user=dealbot&password=hunter2&sslmode=require"),
            "postgres://db/deals?user=dealbot&password=***&sslmode=require"
        );
        assert_eq!(
            redact_url("postgres://a:b@db/deals?PASSWORD=x&sslpassword=y#top"),
            "postgres://a:***@db/deals?PASSWORD=***&sslpassword=***#top"
        );
    }

    #[test]
    fn urls_without_a_password_are_kept() {
        for url in [
            "sqlite://dealbot.db",
            "sqlite://dealbot.db?mode=rwc",
            "postgres://dealbot@db/deals",
            "file.db",
            "postgres://db/deals?passwordless",
        ] {
            assert_eq!(redact_url(url), url);
        }
    }
}
