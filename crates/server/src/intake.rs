//! Limits on new conversations that know nothing about the visitor: a proof of work before the intake and token buckets held in memory.
//!
//! A flood of intakes from one client would fill the waiting queue for
//! everyone. The helpline must not identify visitors, so nothing here is keyed
//! by address, cookie or anything else of the client:
//! - every intake needs a fresh *challenge* (`GET /chat/challenge`) solved by
//!   the browser: an `answer` such that SHA-256 of `challenge:answer` starts
//!   with `bits` zero bits. A challenge carries its own expiry and a MAC under
//!   a key that lives in memory only (on PostgreSQL: a secret every instance
//!   shares, sealed in the store, so a challenge issued by one instance is
//!   checked by another), so the server keeps no list of issued
//!   challenges; a used one is remembered until it expires (at most as many as
//!   the bucket lets through), so one solution opens one conversation;
//! - a global token bucket of new conversations per minute; while it is less
//!   than half full, challenges ask two more bits (four times the work);
//! - a global bucket of visitor messages in *waiting* conversations, so that
//!   fresh conversations cannot multiply the per-conversation message limit.
//!
//! The buckets and the used challenges here are one process's; on PostgreSQL
//! `buckets` keeps them in the database instead, with the same rates.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

/// How long a challenge may be used.
pub const CHALLENGE_TTL: Duration = Duration::from_secs(120);

/// A token bucket: `per_minute` on average, bursts of `burst`.
#[derive(Debug)]
pub struct Rate {
    tokens: f64,
    at: Instant,
    per_minute: f64,
    burst: f64,
}

impl Rate {
    pub fn new(per_minute: u32, burst: u32) -> Rate {
        let burst = f64::from(burst.max(1));
        Rate {
            tokens: burst,
            at: Instant::now(),
            per_minute: f64::from(per_minute),
            burst,
        }
    }

    fn refill(&mut self) {
        let now = Instant::now();
        self.tokens = (self.tokens
            + now.duration_since(self.at).as_secs_f64() * self.per_minute / 60.0)
            .min(self.burst);
        self.at = now;
    }

    /// Takes a token, or says how long until one is there.
    pub fn take(&mut self) -> Result<(), Duration> {
        self.refill();
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            let missing = 1.0 - self.tokens;
            Err(Duration::from_secs_f64(
                missing * 60.0 / self.per_minute.max(1e-9),
            ))
        }
    }

    /// Gives a token back (an attempt that turned out not to count).
    pub fn give_back(&mut self) {
        self.tokens = (self.tokens + 1.0).min(self.burst);
    }

    /// Fill level, 0 to 1.
    pub fn level(&mut self) -> f64 {
        self.refill();
        self.tokens / self.burst
    }
}

/// Why an intake was refused before it reached the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// No, or no valid, solved challenge (the code the page translates).
    Challenge(&'static str),
    /// Too many new conversations right now; try again after this long.
    Busy(Duration),
}

/// A solved challenge as the intake form sends it.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Solution {
    pub challenge: String,
    pub answer: String,
}

/// The intake limits of one server (see the module documentation).
pub struct IntakeGuard {
    key: [u8; 32],
    base_bits: u32,
    new_conversations: Mutex<Rate>,
    waiting_messages: Mutex<Rate>,
    spent: Mutex<HashMap<[u8; 16], Instant>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Leading zero bits of a hash.
pub fn zero_bits(hash: &[u8]) -> u32 {
    let mut n = 0;
    for b in hash {
        if *b == 0 {
            n += 8;
        } else {
            n += b.leading_zeros();
            break;
        }
    }
    n
}

/// The SHA-256 the work is measured on.
pub fn work_hash(challenge: &str, answer: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(challenge.as_bytes());
    h.update(b":");
    h.update(answer.as_bytes());
    h.finalize().into()
}

/// Finds an answer (what the visitor's browser does; tests and load tools use it too).
pub fn solve(challenge: &str, bits: u32) -> String {
    let mut n: u64 = 0;
    loop {
        let answer = n.to_string();
        if zero_bits(&work_hash(challenge, &answer)) >= bits {
            return answer;
        }
        n += 1;
    }
}

impl IntakeGuard {
    /// With a random key of this process's own.
    pub fn new(limits: &crate::config::Limits) -> IntakeGuard {
        IntakeGuard::with_key(limits, rand::random())
    }

    /// With the MAC key `key` (every instance on one PostgreSQL database uses the same).
    pub fn with_key(limits: &crate::config::Limits, key: [u8; 32]) -> IntakeGuard {
        let per_minute = limits.new_conversations_per_minute;
        let waiting = limits.waiting_messages_per_minute;
        IntakeGuard {
            key,
            base_bits: limits.intake_pow_bits,
            new_conversations: Mutex::new(Rate::new(per_minute, per_minute.div_ceil(6))),
            waiting_messages: Mutex::new(Rate::new(waiting, waiting.div_ceil(6))),
            spent: Mutex::new(HashMap::new()),
        }
    }

    fn mac(&self, body: &str) -> String {
        let mut h = Sha256::new();
        h.update(self.key);
        h.update(body.as_bytes());
        crate::hex(&h.finalize()[..16])
    }

    /// A fresh challenge and its difficulty (None when no work is asked).
    pub fn challenge(&self) -> Option<(String, u32)> {
        if self.base_bits == 0 {
            return None;
        }
        let level = lock(&self.new_conversations).level();
        Some(self.issue(level))
    }

    /// The leading zero bits asked without load (0: no work asked).
    pub fn base_bits(&self) -> u32 {
        self.base_bits
    }

    /// A challenge while the new-conversation bucket is `level` full (two
    /// more bits when it is less than half full), and its difficulty.
    pub fn issue(&self, level: f64) -> (String, u32) {
        let busy = level < 0.5;
        let bits = self.base_bits + if busy { 2 } else { 0 };
        let nonce: [u8; 16] = rand::random();
        let expires = jiff::Timestamp::now().as_second()
            + i64::try_from(CHALLENGE_TTL.as_secs()).unwrap_or(120);
        let body = format!("{}.{expires}.{bits}", crate::hex(&nonce));
        let mac = self.mac(&body);
        (format!("{body}.{mac}"), bits)
    }

    /// Checks a solution and takes a token of the new-conversation bucket.
    pub fn admit(&self, solution: Option<&Solution>) -> Result<(), Refused> {
        let now = Instant::now();
        let mut nonce = [0u8; 16];
        if self.base_bits > 0 {
            let s = solution.ok_or(Refused::Challenge("challenge_required"))?;
            nonce = self.check(s)?.0;
            let mut spent = lock(&self.spent);
            spent.retain(|_, until| *until > now);
            if spent.contains_key(&nonce) {
                return Err(Refused::Challenge("challenge_used"));
            }
        }
        lock(&self.new_conversations)
            .take()
            .map_err(Refused::Busy)?;
        if self.base_bits > 0 {
            lock(&self.spent).insert(nonce, now + CHALLENGE_TTL);
        }
        Ok(())
    }

    /// The nonce and expiry (Unix seconds) of a valid, unexpired, solved challenge.
    pub fn check(&self, s: &Solution) -> Result<([u8; 16], i64), Refused> {
        let bad = Refused::Challenge("challenge_invalid");
        if s.challenge.len() > 200 || s.answer.len() > 40 {
            return Err(bad);
        }
        let mut parts = s.challenge.rsplitn(2, '.');
        let (Some(mac), Some(body)) = (parts.next(), parts.next()) else {
            return Err(bad);
        };
        if !crate::console::constant_time_eq(mac.as_bytes(), self.mac(body).as_bytes()) {
            return Err(bad);
        }
        let fields: Vec<&str> = body.split('.').collect();
        let [nonce_hex, expires, bits] = fields.as_slice() else {
            return Err(bad);
        };
        let expires: i64 = expires.parse().map_err(|_| bad)?;
        let bits: u32 = bits.parse().map_err(|_| bad)?;
        if expires < jiff::Timestamp::now().as_second() {
            return Err(Refused::Challenge("challenge_expired"));
        }
        if zero_bits(&work_hash(&s.challenge, &s.answer)) < bits {
            return Err(Refused::Challenge("challenge_unsolved"));
        }
        let mut nonce = [0u8; 16];
        if nonce_hex.len() != 32 {
            return Err(bad);
        }
        for (i, b) in nonce.iter_mut().enumerate() {
            *b = u8::from_str_radix(nonce_hex.get(2 * i..2 * i + 2).ok_or(bad)?, 16)
                .map_err(|_| bad)?;
        }
        Ok((nonce, expires))
    }

    /// May a visitor of a waiting conversation send a message now?
    pub fn waiting_message(&self) -> bool {
        lock(&self.waiting_messages).take().is_ok()
    }

    /// Challenges used and not yet expired (bounded by the bucket).
    pub fn spent_len(&self) -> usize {
        lock(&self.spent).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(bits: u32, per_minute: u32) -> crate::config::Limits {
        let mut c = match crate::Config::parse(crate::config::DEFAULT_CONFIG, "default") {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        c.limits.intake_pow_bits = bits;
        c.limits.new_conversations_per_minute = per_minute;
        c.limits
    }

    #[test]
    fn a_solution_opens_one_conversation_and_must_be_real() {
        let g = IntakeGuard::new(&limits(6, 600));
        let (challenge, bits) = g.challenge().unwrap_or_default();
        assert_eq!(bits, 6);
        assert_eq!(g.admit(None), Err(Refused::Challenge("challenge_required")));
        let answer = solve(&challenge, bits);
        let mut wrong = (0u64..)
            .map(|n| n.to_string())
            .find(|a| zero_bits(&work_hash(&challenge, a)) < bits)
            .unwrap_or_default();
        let unsolved = Solution {
            challenge: challenge.clone(),
            answer: wrong.clone(),
        };
        assert_eq!(
            g.admit(Some(&unsolved)),
            Err(Refused::Challenge("challenge_unsolved"))
        );
        let ok = Solution { challenge, answer };
        assert_eq!(g.admit(Some(&ok)), Ok(()));
        assert_eq!(
            g.admit(Some(&ok)),
            Err(Refused::Challenge("challenge_used"))
        );
        // A forged challenge (easier bits, or another server's key) is refused.
        wrong = "0".into();
        let forged = Solution {
            challenge: format!("{}.9999999999.0.{}", "00".repeat(16), "ab".repeat(16)),
            answer: wrong,
        };
        assert_eq!(
            g.admit(Some(&forged)),
            Err(Refused::Challenge("challenge_invalid"))
        );
    }

    #[test]
    fn the_bucket_refuses_a_flood_and_refills() {
        let g = IntakeGuard::new(&limits(0, 60));
        let admitted = (0..100).filter(|_| g.admit(None).is_ok()).count();
        assert_eq!(admitted, 10, "a burst of a sixth of the minute");
        match g.admit(None) {
            Err(Refused::Busy(wait)) => assert!(wait <= Duration::from_secs(1)),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn zero_bits_counts_leading_zeros() {
        assert_eq!(zero_bits(&[0, 0x10, 0xff]), 11);
        assert_eq!(zero_bits(&[0x80]), 0);
        assert_eq!(zero_bits(&[0, 0]), 16);
    }
}
