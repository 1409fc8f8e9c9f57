//! The connection's cache of unwrapped data keys stays bounded however many conversations pass through it (soak).

use zicht_store::testdb::{Place, places};
use zicht_store::{Gender, NewConversation, NewMessage, Sender};

type R = Result<(), Box<dyn std::error::Error>>;

#[test]
fn the_data_key_cache_is_bounded_after_many_conversations() -> R {
    for place in places("keycache")? {
        bounded(&place).map_err(|e| format!("{}: {e}", place.label()))?;
    }
    Ok(())
}

fn bounded(place: &Place) -> R {
    let store = place.open(zicht_store::test_vault())?;
    let conn = store.connect()?;
    let n = zicht_store::KEY_CACHE * 3;
    let mut first = None;
    conn.begin()?;
    for i in 0..n {
        let id = conn.create_conversation(&NewConversation {
            public_id: format!("p{i}"),
            token_hash: format!("t{i}").into_bytes(),
            channel: "fier".into(),
            username: format!("bezoeker{i}"),
            age: Some(17),
            gender: Some(Gender::Female),
            lang: "nl".into(),
            created_at: "2026-12-04T18:00:00Z".into(),
        })?;
        conn.append_message(&NewMessage {
            conversation_id: id,
            from: Sender::Visitor,
            counsellor_id: None,
            client_id: "c1".into(),
            at: "2026-12-04T18:00:01Z".into(),
            text: format!("bericht {i}"),
        })?;
        first.get_or_insert(id);
    }
    conn.commit()?;
    assert!(
        conn.cached_keys() <= zicht_store::KEY_CACHE,
        "{} data keys held in memory after {n} conversations",
        conn.cached_keys()
    );
    // An evicted key is unwrapped again when needed.
    let first = first.ok_or("no conversation")?;
    let texts: Vec<String> = conn
        .messages(first, 0, zicht_store::Reader::Visitor)?
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["bericht 0"]);
    drop(conn);
    let _ = std::fs::remove_dir_all(place.dir());
    Ok(())
}
