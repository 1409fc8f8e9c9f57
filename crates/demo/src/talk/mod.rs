//! Transcripts: a synthetic Dutch chat for every conversation of every case.

use zicht_conversations::Conversation;

use crate::Case;

/// One conversation per linked conversation of every case.
pub fn conversations(_cases: &[Case], _seed: u64) -> Vec<Conversation> {
    Vec::new()
}
