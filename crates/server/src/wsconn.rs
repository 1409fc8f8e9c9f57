//! The two halves of a chat WebSocket: a writer task (hub frames, pings, the close frame) and the reader's next frame with an idle limit.
//!
//! Every way a session ends goes through here, so that the socket is always
//! closed with a close frame and its descriptor and connection slot are given
//! back: the client left (its close frame is answered), sent a frame that is
//! not UTF-8 (1007) or larger than the limit (1009), broke the protocol (1002),
//! stayed silent past the idle limit (1001; browsers answer the server's pings,
//! so only a dead connection is silent), or the hub closed it (too slow, or a
//! newer connection of the same conversation).

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message as WsMessage, WebSocket};
use futures_util::stream::{SplitSink, SplitStream};
use futures_util::{SinkExt, StreamExt};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::hub::ConnRx;

/// Close codes of RFC 6455 section 7.4.1.
pub const NORMAL: u16 = 1000;
pub const GOING_AWAY: u16 = 1001;
pub const PROTOCOL: u16 = 1002;
pub const INVALID_DATA: u16 = 1007;
pub const TOO_BIG: u16 = 1009;

/// The close frame that answers a read error.
pub fn close_for(err: &axum::Error) -> CloseFrame {
    let inner = std::error::Error::source(err).and_then(|e| e.downcast_ref::<tungstenite::Error>());
    let (code, reason) = match inner {
        Some(tungstenite::Error::Utf8(_)) => (INVALID_DATA, "invalid utf-8"),
        Some(tungstenite::Error::Capacity(_)) => (TOO_BIG, "frame too large"),
        _ => (PROTOCOL, "protocol error"),
    };
    CloseFrame {
        code,
        reason: reason.into(),
    }
}

/// What the reader got.
pub enum Next {
    /// A text frame.
    Text(String),
    /// The session is over; the writer sends this close frame (None: the client closed).
    End(Option<CloseFrame>),
}

/// The next text frame; pings, pongs and binary frames are skipped. No frame for
/// `idle` ends the session.
pub async fn next_text(stream: &mut SplitStream<WebSocket>, idle: Duration) -> Next {
    loop {
        match tokio::time::timeout(idle, stream.next()).await {
            Err(_) => {
                return Next::End(Some(CloseFrame {
                    code: GOING_AWAY,
                    reason: "idle".into(),
                }));
            }
            Ok(None) => return Next::End(None),
            Ok(Some(Err(e))) => return Next::End(Some(close_for(&e))),
            Ok(Some(Ok(WsMessage::Text(t)))) => return Next::Text(t.as_str().to_string()),
            Ok(Some(Ok(WsMessage::Close(_)))) => return Next::End(None),
            Ok(Some(Ok(_))) => continue,
        }
    }
}

/// The writer task and the handle that stops it with a close frame.
pub struct Writer {
    pub task: JoinHandle<()>,
    stop: Option<oneshot::Sender<Option<CloseFrame>>>,
}

impl Writer {
    /// Sends `first`, then every frame of `rx`, a ping every `ping`, until stopped.
    pub fn spawn(
        mut sink: SplitSink<WebSocket, WsMessage>,
        first: Vec<String>,
        mut rx: ConnRx,
        ping: Duration,
    ) -> Writer {
        let (stop, mut stopped) = oneshot::channel::<Option<CloseFrame>>();
        let task = tokio::spawn(async move {
            for f in first {
                if sink.send(WsMessage::Text(f.into())).await.is_err() {
                    return;
                }
            }
            let mut tick = tokio::time::interval(ping);
            tick.reset();
            let close = loop {
                tokio::select! {
                    biased;
                    s = &mut stopped => break s.unwrap_or(None),
                    f = rx.rx.recv() => match f {
                        Some(f) => if sink.send(WsMessage::Text(f.as_ref().into())).await.is_err() { return },
                        None => break Some(CloseFrame { code: NORMAL, reason: "".into() }),
                    },
                    () = rx.kill.notified() => break Some(CloseFrame { code: GOING_AWAY, reason: "closed".into() }),
                    _ = tick.tick() => if sink.send(WsMessage::Ping(Default::default())).await.is_err() { return },
                }
            };
            // A client that closed first has its close frame answered by the
            // library; otherwise say why. Bounded: a peer that reads nothing
            // cannot hold the descriptor.
            let _ = tokio::time::timeout(Duration::from_secs(5), async {
                let _ = sink.send(WsMessage::Close(close)).await;
                let _ = sink.close().await;
            })
            .await;
        });
        Writer {
            task,
            stop: Some(stop),
        }
    }

    /// Ends the session: the writer sends `close` (if any) and returns; waits for it.
    pub async fn finish(mut self, close: Option<CloseFrame>) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(close);
        }
        let _ = self.task.await;
    }

    pub fn is_finished(&self) -> bool {
        self.task.is_finished()
    }
}
