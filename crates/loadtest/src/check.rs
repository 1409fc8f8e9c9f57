//! The crash check: is every message a client saw (acknowledged or shown) in the store, exactly once?

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::{LoadError, Msg, Side};

/// What [`check_store`] found.
#[derive(Debug, Clone, Default)]
pub struct Check {
    /// Distinct messages the clients saw.
    pub seen: usize,
    /// Of those, stored with the same `seq`, sender, client id and text.
    pub found: usize,
    /// Seen, but missing from the store or stored differently.
    pub lost: Vec<Msg>,
    /// Conversations the seen messages belong to.
    pub conversations: usize,
    /// Messages stored in those conversations (seen or not).
    pub stored: usize,
    /// Stored messages that repeat the sender and client id of an earlier one
    /// of their conversation (a re-sent message stored twice).
    pub duplicates: usize,
}

/// Reads the store in `dir` (also while a server runs on it) and compares
/// every message in `seen` (each with its `conv`) with what is stored.
pub fn check_store(dir: &Path, seen: &[Msg]) -> Result<Check, LoadError> {
    let distinct: BTreeSet<&Msg> = seen.iter().collect();
    let store = crate::open_store(dir)?;
    let c = store.connect()?;
    let mut stored: HashMap<&str, HashMap<i64, Msg>> = HashMap::new();
    let mut check = Check {
        seen: distinct.len(),
        ..Check::default()
    };
    for m in &distinct {
        let conv = m
            .conv
            .as_deref()
            .ok_or_else(|| LoadError::Protocol(format!("message {} has no conversation", m.seq)))?;
        if !stored.contains_key(conv) {
            let info = c.conversation(conv)?;
            let mut by_seq = HashMap::new();
            let mut senders = BTreeSet::new();
            if let Some(info) = info {
                for s in c.messages(info.id, 0, zicht_store::Reader::Visitor)? {
                    let from = match s.from {
                        zicht_store::Sender::Visitor => Side::Visitor,
                        zicht_store::Sender::Counsellor => Side::Counsellor,
                    };
                    if !senders.insert((from, s.client_id.clone())) {
                        check.duplicates += 1;
                    }
                    by_seq.insert(
                        s.seq,
                        Msg {
                            conv: Some(conv.to_string()),
                            seq: s.seq,
                            from,
                            cid: s.client_id,
                            text: s.text,
                        },
                    );
                }
            }
            check.stored += by_seq.len();
            stored.insert(conv, by_seq);
        }
        if stored.get(conv).and_then(|s| s.get(&m.seq)) == Some(*m) {
            check.found += 1;
        } else {
            check.lost.push((*m).clone());
        }
    }
    check.conversations = stored.len();
    Ok(check)
}
