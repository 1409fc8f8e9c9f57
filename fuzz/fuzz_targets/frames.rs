//! Fuzz target: the chat's WebSocket text frames as the visitor and console sessions read them (`parse_frame`, `parse_staff_frame`), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The WebSocket layer hands over text frames only as UTF-8 (others are closed with 1007).
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for max in [0, 5, 2000] {
        if let Ok(zicht_server::visitor::ClientFrame::Msg { text, cid }) =
            zicht_server::visitor::parse_frame(text, max)
        {
            assert!(text.chars().count() <= max && !text.trim().is_empty());
            assert!(!cid.is_empty() && cid.len() <= 64);
        }
        let _ = zicht_server::console::parse_staff_frame(text, max);
    }
});
