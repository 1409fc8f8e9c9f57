//! Response headers for every route, the same-origin check, and the staff cookie.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Scripts, styles and connections only from this origin; nothing inline, no frames.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
     connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Name of the staff session cookie. Visitors never get a cookie.
pub const STAFF_COOKIE: &str = "zicht_staff";

/// Adds the security headers to every response.
pub async fn headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut HeaderMap, name: &'static str, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, "content-security-policy", CSP);
    set(h, "cache-control", "no-store");
    set(h, "referrer-policy", "no-referrer");
    set(h, "x-content-type-options", "nosniff");
    set(h, "x-frame-options", "DENY");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "cross-origin-resource-policy", "same-origin");
    set(
        h,
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    );
    res
}

/// True unless the request carries an `Origin` that is not this server: the
/// scheme (`https` when the server sits behind TLS, i.e. `secure_cookies`, else
/// `http`), the host and the port (80 or 443 when absent) must all match the
/// `Host` header. (Browsers send `Origin` on every POST and WebSocket; other
/// clients may omit it.)
///
/// One exception: with `secure_cookies` on a loopback `Host` (127.0.0.0/8,
/// `[::1]`, `localhost`), plain `http` is this server too. zicht itself
/// never speaks TLS, browsers treat loopback as a secure context (they keep
/// Secure cookies there), and `zicht up` serves the default configuration on
/// `http://127.0.0.1`.
pub fn same_origin(headers: &HeaderMap, https: bool) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let Some(host) = headers.get(header::HOST).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if https && is_loopback(host) && origin_matches(origin, host, false) {
        return true;
    }
    origin_matches(origin, host, https)
}

/// Whether a `Host` header names this machine's loopback interface.
fn is_loopback(host: &str) -> bool {
    let Some((name, _)) = authority(host, 80) else {
        return false;
    };
    name == "localhost"
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// `origin` is `scheme://host[:port]` of the `Host` header, for one scheme.
fn origin_matches(origin: &str, host: &str, https: bool) -> bool {
    let (scheme, default_port) = if https { ("https", 443) } else { ("http", 80) };
    let Some(origin_authority) = origin
        .get(..scheme.len() + 3)
        .filter(|p| p.eq_ignore_ascii_case(&format!("{scheme}://")))
        .and_then(|_| origin.get(scheme.len() + 3..))
    else {
        return false;
    };
    match (
        authority(origin_authority, default_port),
        authority(host, default_port),
    ) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// `host[:port]` as (lowercase host, port); None when malformed (a path, user info, a bad port).
fn authority(text: &str, default_port: u16) -> Option<(String, u16)> {
    if text.is_empty() || text.contains(['/', '@', '?', '#', ' ']) {
        return None;
    }
    let (host, port) = if let Some(rest) = text.strip_prefix('[') {
        // [v6]:port
        let (h, after) = rest.split_once(']')?;
        let port = match after {
            "" => default_port,
            p => p.strip_prefix(':')?.parse().ok()?,
        };
        (h, port)
    } else {
        match text.split_once(':') {
            Some((h, p)) => (h, p.parse().ok()?),
            None => (text, default_port),
        }
    };
    if host.is_empty() {
        return None;
    }
    Some((host.to_ascii_lowercase(), port))
}

/// The staff cookie's value, if present.
pub fn staff_cookie(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == STAFF_COOKIE)
        .map(|(_, value)| value.to_string())
}

/// `Set-Cookie` for a new staff session (or, with `max_age` 0, its removal).
pub fn set_staff_cookie(value: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{STAFF_COOKIE}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Strict{}",
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin_must_match_host_when_present() {
        let mut h = HeaderMap::new();
        assert!(same_origin(&h, false));
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h, false));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h, false));
    }

    fn check(origin: &'static str, host: &'static str, https: bool) -> bool {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static(host));
        h.insert(header::ORIGIN, HeaderValue::from_static(origin));
        same_origin(&h, https)
    }

    #[test]
    fn loopback_with_secure_cookies_accepts_plain_http_too() {
        // `zicht up`: the default configuration (secure cookies) on http://127.0.0.1.
        assert!(check("http://127.0.0.1:8080", "127.0.0.1:8080", true));
        assert!(check("http://localhost:8080", "localhost:8080", true));
        assert!(check("http://[::1]:8080", "[::1]:8080", true));
        assert!(check("https://127.0.0.1:8080", "127.0.0.1:8080", true));
        // Still the same host and port, and only on loopback.
        assert!(!check("http://127.0.0.1:8081", "127.0.0.1:8080", true));
        assert!(!check("http://evil.example", "127.0.0.1:8080", true));
        assert!(!check("http://zicht.example", "zicht.example", true));
        assert!(!check("http://10.0.0.1:8080", "10.0.0.1:8080", true));
    }

    #[test]
    fn origin_compares_scheme_host_and_port() {
        // The scheme: https is another origin on a plain-http server, and the reverse.
        assert!(!check("https://127.0.0.1:8080", "127.0.0.1:8080", false));
        assert!(!check("http://zicht.example", "zicht.example", true));
        assert!(check("https://zicht.example", "zicht.example", true));
        assert!(check("HTTPS://Zicht.Example", "zicht.example", true));
        // The port, with the scheme's default when absent.
        assert!(!check("http://127.0.0.1:8081", "127.0.0.1:8080", false));
        assert!(check("http://zicht.example", "zicht.example:80", false));
        assert!(check("https://zicht.example:443", "zicht.example", true));
        assert!(!check("https://zicht.example:8443", "zicht.example", true));
        // The host, not a prefix or suffix of it.
        assert!(!check(
            "http://127.0.0.1:8080.evil",
            "127.0.0.1:8080",
            false
        ));
        assert!(!check(
            "http://evil@127.0.0.1:8080",
            "127.0.0.1:8080",
            false
        ));
        assert!(!check("http://127.0.0.1:8080/x", "127.0.0.1:8080", false));
        assert!(!check("null", "127.0.0.1:8080", false));
        assert!(check("http://[::1]:8080", "[::1]:8080", false));
        assert!(!check("http://[::1]:8080", "[::2]:8080", false));
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; zicht_staff=abc; b=2"),
        );
        assert_eq!(staff_cookie(&h).as_deref(), Some("abc"));
        let c = set_staff_cookie("abc", 60, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
    }
}
