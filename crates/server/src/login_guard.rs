//! The staff login's defences: a delay per name that doubles with every failure, a global limit on failures, a bound on concurrent password checks, and answers that take as long for unknown names.
//!
//! - Every attempt is counted *before* its password is checked (under one
//!   lock), so parallel requests cannot slip past the delay: after
//!   [`FREE_FAILURES`] failures a name waits 1 s, then 2 s, 4 s, ... up to
//!   [`MAX_DELAY`]. The owner of an account is slowed down, never locked out;
//!   a successful login forgets the failures.
//! - Failed logins over all names together take from a token bucket
//!   (`failed_logins_per_minute`); when it is empty every login waits a moment,
//!   so guessing across many names is slow too.
//! - At most `login_concurrency` argon2 checks run at once (each takes about
//!   19 MiB), so a burst of logins cannot take the memory.
//! - An unknown name is checked against a dummy hash with the same
//!   parameters, so the answer takes as long as for a real account.
//! - The table of names is bounded (`login_table_size`, the oldest unknown
//!   names are forgotten first) and names longer than [`MAX_NAME_CHARS`] are
//!   refused before anything is remembered. Accounts' failures are also kept in
//!   the store (`login_throttle`, by account id), so a restart does not reset
//!   them; names that are not accounts never reach the disk. On PostgreSQL
//!   an account's stored failures are read before each attempt, so the delay
//!   holds across instances too, and the bucket of failures is the one of
//!   all instances in the database (`buckets`; [`LoginGuard::shared`]).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use crate::intake::Rate;

/// Longest account name; longer names are refused before any work.
pub const MAX_NAME_CHARS: usize = 64;
/// Failures without any delay.
pub const FREE_FAILURES: u32 = 3;
/// The longest delay between two attempts for one name.
pub const MAX_DELAY: Duration = Duration::from_secs(300);

/// The delay after `failures` failed logins.
pub fn delay_after(failures: u32) -> Duration {
    if failures < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_FAILURES).min(16);
    Duration::from_secs(1u64 << doublings).min(MAX_DELAY)
}

#[derive(Debug, Clone)]
struct Entry {
    failures: u32,
    last: Instant,
    next: Instant,
    account: bool,
}

/// What the login handler may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Check the password (the attempt is already counted).
    Check,
    /// Try again after this long.
    Wait(Duration),
}

/// The login defences of one server.
pub struct LoginGuard {
    table: Mutex<HashMap<String, Entry>>,
    cap: usize,
    /// The bucket of failures over all names (None: kept by `buckets`).
    failures: Option<Mutex<Rate>>,
    checks: Arc<tokio::sync::Semaphore>,
    dummy: OnceLock<String>,
    running: AtomicUsize,
    /// The most password checks that ran at the same time.
    pub peak: AtomicUsize,
    /// Password checks done (real and dummy).
    pub checked: AtomicU64,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl LoginGuard {
    pub fn new(limits: &crate::config::Limits) -> LoginGuard {
        let per_minute = limits.failed_logins_per_minute;
        LoginGuard {
            table: Mutex::new(HashMap::new()),
            cap: limits.login_table_size.max(1),
            failures: Some(Mutex::new(Rate::new(per_minute, per_minute.div_ceil(4)))),
            checks: Arc::new(tokio::sync::Semaphore::new(limits.login_concurrency.max(1))),
            dummy: OnceLock::new(),
            running: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
            checked: AtomicU64::new(0),
        }
    }

    /// Without a bucket of failures of its own: several instances take
    /// from one in the database (see `buckets::login_attempt`).
    pub fn shared(limits: &crate::config::Limits) -> LoginGuard {
        LoginGuard {
            failures: None,
            ..LoginGuard::new(limits)
        }
    }

    fn take_failure(&self) -> Result<(), Duration> {
        self.failures.as_ref().map_or(Ok(()), |f| lock(f).take())
    }

    fn give_back(&self) {
        if let Some(f) = &self.failures {
            lock(f).give_back();
        }
    }

    /// Loads the failures kept in the store: (name, failures, seconds since the last).
    pub fn restore(&self, rows: impl IntoIterator<Item = (String, u32, u64)>) {
        let now = Instant::now();
        let mut table = lock(&self.table);
        for (name, failures, ago) in rows {
            let ago = Duration::from_secs(ago);
            let last = now.checked_sub(ago).unwrap_or(now);
            let next = now + delay_after(failures).saturating_sub(ago);
            table.insert(
                name,
                Entry {
                    failures,
                    last,
                    next,
                    account: true,
                },
            );
        }
    }

    /// Takes an account's failures as the store has them when they are more
    /// than this server counted (another instance on the same PostgreSQL
    /// database saw them): `ago` seconds since the last.
    pub fn merge(&self, name: &str, failures: u32, ago: u64) {
        let behind = lock(&self.table)
            .get(name)
            .is_none_or(|e| e.failures < failures);
        if behind {
            self.restore([(name.to_string(), failures, ago)]);
        }
    }

    /// Counts an attempt for `name` (an account or not) before its check.
    pub fn admit(&self, name: &str, account: bool) -> Admit {
        let now = Instant::now();
        if let Err(wait) = self.take_failure() {
            return Admit::Wait(wait.max(Duration::from_secs(1)));
        }
        let mut table = lock(&self.table);
        if !table.contains_key(name) && table.len() >= self.cap {
            // Forget the unknown name tried longest ago (accounts are few and stay).
            let oldest = table
                .iter()
                .filter(|(_, e)| !e.account)
                .min_by_key(|(_, e)| e.last)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => {
                    table.remove(&k);
                }
                None => {
                    self.give_back();
                    return Admit::Wait(Duration::from_secs(1));
                }
            }
        }
        let entry = table.entry(name.to_string()).or_insert(Entry {
            failures: 0,
            last: now,
            next: now,
            account,
        });
        entry.account |= account;
        if entry.next > now {
            let wait = entry
                .next
                .saturating_duration_since(now)
                .max(Duration::from_secs(1));
            drop(table);
            self.give_back();
            return Admit::Wait(wait);
        }
        entry.failures += 1;
        entry.last = now;
        entry.next = now + delay_after(entry.failures);
        Admit::Check
    }

    /// The password was right: forget the name's failures.
    pub fn succeeded(&self, name: &str) {
        lock(&self.table).remove(name);
        self.give_back();
    }

    /// The failures now counted for `name` (to keep in the store).
    pub fn failures(&self, name: &str) -> u32 {
        lock(&self.table).get(name).map_or(0, |e| e.failures)
    }

    /// Names remembered now.
    pub fn len(&self) -> usize {
        lock(&self.table).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The longest name remembered, in characters.
    pub fn longest_name(&self) -> usize {
        lock(&self.table)
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(0)
    }

    /// Checks `password` against `phc`, or against a dummy hash when there is
    /// no account; at most `login_concurrency` at once.
    pub async fn verify(&self, password: String, phc: Option<String>) -> bool {
        let Ok(_permit) = self.checks.clone().acquire_owned().await else {
            return false;
        };
        let n = self.running.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(n, Ordering::SeqCst);
        self.checked.fetch_add(1, Ordering::SeqCst);
        // A disabled account is checked against the dummy hash too, so its
        // answer takes as long as any other.
        let phc = phc.filter(|p| p != zicht_store::DISABLED_PASSWORD);
        let real = phc.is_some();
        let phc = match phc {
            Some(p) => p,
            None => self.dummy_hash().await,
        };
        let ok = tokio::task::spawn_blocking(move || crate::verify_password(&password, &phc))
            .await
            .unwrap_or(false);
        self.running.fetch_sub(1, Ordering::SeqCst);
        ok && real
    }

    async fn dummy_hash(&self) -> String {
        if let Some(h) = self.dummy.get() {
            return h.clone();
        }
        let h = tokio::task::spawn_blocking(|| {
            crate::hash_password(&crate::random_token()).unwrap_or_default()
        })
        .await
        .unwrap_or_default();
        self.dummy.get_or_init(|| h).clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(table: usize) -> LoginGuard {
        let mut c = match crate::Config::parse(crate::config::DEFAULT_CONFIG, "default") {
            Ok(c) => c,
            Err(e) => panic!("{e}"),
        };
        c.limits.login_table_size = table;
        c.limits.failed_logins_per_minute = 6000;
        LoginGuard::new(&c.limits)
    }

    #[test]
    fn the_delay_doubles_and_is_capped() {
        assert_eq!(delay_after(0), Duration::ZERO);
        assert_eq!(delay_after(2), Duration::ZERO);
        assert_eq!(delay_after(3), Duration::from_secs(1));
        assert_eq!(delay_after(4), Duration::from_secs(2));
        assert_eq!(delay_after(8), Duration::from_secs(32));
        assert_eq!(delay_after(40), MAX_DELAY);
    }

    #[test]
    fn attempts_are_counted_before_the_check() {
        let g = guard(100);
        let checks = (0..40)
            .filter(|_| g.admit("anna", true) == Admit::Check)
            .count();
        assert_eq!(checks, 3);
        g.succeeded("anna");
        assert_eq!(g.admit("anna", true), Admit::Check);
    }

    #[test]
    fn the_table_forgets_unknown_names_first() {
        let g = guard(5);
        assert_eq!(g.admit("anna", true), Admit::Check);
        for i in 0..50 {
            g.admit(&format!("naam{i}"), false);
        }
        assert_eq!(g.len(), 5);
        assert_eq!(g.failures("anna"), 1, "an account stays");
    }

    #[test]
    fn restored_failures_still_delay() {
        let g = guard(10);
        g.restore([("anna".to_string(), 8, 2)]);
        match g.admit("anna", true) {
            Admit::Wait(d) => assert!(d >= Duration::from_secs(29), "{d:?}"),
            Admit::Check => panic!("restored failures were ignored"),
        }
    }
}
