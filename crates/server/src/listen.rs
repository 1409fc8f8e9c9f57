//! The accept loop: HTTP/1.1 with a header timeout (also the idle timeout of a kept-alive connection), a body timeout, and a cap on open TCP connections.
//!
//! axum's own `serve` sets no timeouts, so a client that sends half a header
//! keeps its socket for ever (slowloris). Here every connection is served by
//! hyper with `header_read_timeout`, request bodies must arrive within
//! `body_timeout_seconds`, and at most `max_tcp_connections` are open at once
//! (more are closed at once, before anything is read). Nothing of the peer
//! is looked at: its address is dropped with the `accept` result.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use bytes::Bytes;
use http_body::{Body as HttpBody, Frame, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

use crate::config::Limits;

/// A request body that fails when it has not fully arrived by its deadline.
struct DeadlineBody {
    inner: Body,
    sleep: Pin<Box<Sleep>>,
}

impl HttpBody for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Poll::Ready(f) = Pin::new(&mut self.inner).poll_frame(cx) {
            return Poll::Ready(f);
        }
        if self.sleep.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "request body too slow",
            )))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// Wraps every request's body in a deadline.
fn with_body_deadline(req: Request<hyper::body::Incoming>, timeout: Duration) -> Request {
    req.map(|b| {
        Body::new(DeadlineBody {
            inner: Body::new(b),
            sleep: Box::pin(tokio::time::sleep_until(Instant::now() + timeout)),
        })
    })
}

/// Serves `router` on `listener` until `shutdown` completes.
pub async fn run(
    listener: TcpListener,
    router: Router,
    limits: &Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let header_timeout = limits.header_timeout();
    let body_timeout = limits.body_timeout();
    let slots = Arc::new(tokio::sync::Semaphore::new(
        limits.max_tcp_connections.max(1),
    ));
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _addr)) => stream,
                Err(e) => {
                    // Out of descriptors or similar: wait rather than spin.
                    crate::log(&format!("accept: {e}"));
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let service = router
            .clone()
            .map_request(move |req| with_body_deadline(req, body_timeout));
        let service = TowerToHyperService::new(service);
        tokio::spawn(async move {
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades();
            let _ = conn.await;
            drop(slot);
        });
    }
}
