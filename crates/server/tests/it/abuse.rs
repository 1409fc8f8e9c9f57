//! The chat under abuse (issue 12): bad frames, parallel logins, floods of intakes, slow clients, throttling.

use futures_util::SinkExt;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};

use crate::util::*;

#[tokio::test]
async fn invalid_utf8_and_oversized_frames_get_a_close_frame() -> R {
    let s = start("badframes").await?;
    let token = visitor_start(s.addr, "fier", "kapot").await?;
    // Invalid UTF-8 in a text frame: 1007.
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    let bad = Frame::message(vec![b'{', 0xff, 0xfe, b'}'], OpCode::Data(Data::Text), true);
    v.raw().send(Message::Frame(bad)).await?;
    assert_eq!(v.close_code().await?, 1007);
    // A frame above the limit: 1009.
    let mut v = Client::visitor(s.addr, &token, 0).await?;
    v.recv().await?;
    let max = zicht_server::visitor::max_frame_bytes(&s.app);
    v.raw()
        .send(Message::Text("x".repeat(max + 1).into()))
        .await?;
    assert_eq!(v.close_code().await?, 1009);
    // Before the hello too.
    let mut v = Client::connect(s.addr, "/chat/ws", &[]).await?;
    let bad = Frame::message(vec![0xc3, 0x28], OpCode::Data(Data::Text), true);
    v.raw().send(Message::Frame(bad)).await?;
    assert_eq!(v.close_code().await?, 1007);
    // A counsellor's socket the same way.
    s.add_user(
        "kim",
        zicht_store::Role::Counsellor,
        "een lang wachtwoord 1",
    )?;
    let kim = login(s.addr, "kim", "een lang wachtwoord 1").await?;
    let mut c = Client::staff(s.addr, &kim).await?;
    c.until(|f| f["t"] == "resumed").await?;
    let bad = Frame::message(vec![b'"', 0xff, b'"'], OpCode::Data(Data::Text), true);
    c.raw().send(Message::Frame(bad)).await?;
    assert_eq!(c.close_code().await?, 1007);
    Ok(())
}
