//! Fuzz target: the `conversations.jsonl` reader on any bytes, never a panic; problems capped, no raw control bytes in messages.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match zicht_conversations::read_jsonl(data, "fuzz.jsonl") {
        Ok(conversations) => {
            for c in &conversations {
                let _ = serde_json::to_string(c);
            }
        }
        Err(zicht_conversations::ReadError::Invalid { errors, .. }) => {
            assert!(errors.len() <= zicht_conversations::ERROR_CAP);
            for e in &errors {
                let text = format!("{e} {}", e.to_dutch());
                assert!(!text.chars().any(char::is_control), "{text:?}");
            }
        }
        Err(_) => {}
    }
});
