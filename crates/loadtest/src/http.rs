//! A minimal keep-alive HTTP/1.1 client for the chat's JSON API (many requests on one socket).

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::LoadError;

/// One keep-alive connection to the server.
pub struct Http {
    s: BufReader<TcpStream>,
    host: String,
}

/// A response: status, headers and body.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Response {
    /// The first header of this name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON when the status is 200; otherwise an error naming `what`.
    pub fn ok_json(self, what: &str) -> Result<serde_json::Value, LoadError> {
        if self.status != 200 {
            return Err(LoadError::Http {
                what: what.to_string(),
                status: self.status,
                body: self.body,
            });
        }
        Ok(serde_json::from_str(&self.body)?)
    }
}

fn bad(what: &str) -> LoadError {
    LoadError::Protocol(format!("bad HTTP response: {what}"))
}

impl Http {
    pub async fn new(addr: &str) -> Result<Http, LoadError> {
        Ok(Http {
            s: BufReader::new(TcpStream::connect(addr).await?),
            host: addr.to_string(),
        })
    }

    /// Sends one request with a JSON body (empty for GET) and reads the
    /// response, which must have a `Content-Length`.
    pub async fn req(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Response, LoadError> {
        let mut req = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
            self.host,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        req.push_str(body);
        self.s.get_mut().write_all(req.as_bytes()).await?;
        let mut line = String::new();
        self.s.read_line(&mut line).await?;
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("status line"))?;
        let mut headers = Vec::new();
        let mut len = 0;
        loop {
            line.clear();
            self.s.read_line(&mut line).await?;
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(": ") {
                if k.eq_ignore_ascii_case("content-length") {
                    len = v.parse().map_err(|_| bad("content-length"))?;
                }
                headers.push((k.to_string(), v.to_string()));
            }
        }
        let mut buf = vec![0; len];
        self.s.read_exact(&mut buf).await?;
        Ok(Response {
            status,
            headers,
            body: String::from_utf8(buf).map_err(|_| bad("body is not UTF-8"))?,
        })
    }
}
