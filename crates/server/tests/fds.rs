//! Descriptors and connection slots come back after visitor sessions (issue 12, point 1).
//!
//! Its own test binary, so that no other test opens descriptors in this process
//! while it counts `/proc/self/fd`.

#[path = "it/util.rs"]
#[allow(dead_code)]
mod util;

use std::time::Duration;

use util::*;

fn open_fds() -> R<usize> {
    Ok(std::fs::read_dir("/proc/self/fd")?.count())
}

/// Waits until the open descriptors are at most `limit` (closing is asynchronous).
async fn settle(limit: usize) -> R<usize> {
    let mut n = open_fds()?;
    for _ in 0..100 {
        if n <= limit {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        n = open_fds()?;
    }
    Ok(n)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitor_sessions_give_back_their_descriptor_and_slot() -> R {
    let mut config = test_config()?;
    config.limits.max_connections = 8;
    let s = start_with("fds", config).await?;
    let token = visitor_start(s.addr, "fier", "lek").await?;
    // One session first, so that lazily opened files (store readers, log) are open.
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    v.close().await?;
    let before = settle(0).await?;
    let before = settle(before).await?;
    const N: usize = 40;
    for i in 0..N {
        let mut v = Client::visitor(s.addr, &token, 0).await?;
        let state = v.recv().await?;
        assert_eq!(state["t"], "state", "session {i}: {state}");
        v.close().await?;
    }
    let after = settle(before + 2).await?;
    println!("open descriptors: {before} before, {after} after {N} visitor sessions");
    assert!(
        after <= before + 2,
        "{N} sessions left {} descriptors open",
        after - before
    );
    for _ in 0..100 {
        if s.app.connections.available_permits() == 8 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        s.app.connections.available_permits(),
        8,
        "every connection slot is free again"
    );
    // And the next visitor still gets in.
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    assert_eq!(v.recv().await?["t"], "state");
    Ok(())
}
