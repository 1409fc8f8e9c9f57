//! The repeat check of case ids in the fast path: an exact set of id hashes in bounded memory, or the cases reader's Bloom filter for files too large for it.
//!
//! The exact set is a table of buckets of sixteen 32-bit fingerprints (one
//! cache line): the bucket comes from the high half of the 64-bit hash of an
//! id, the fingerprint is its low half, so two ids meet only when about 52
//! bits of their hashes agree (one false meeting in about a hundred files of
//! ten million rows). A hash whose bucket is full is kept whole beside the
//! table and those are compared by sorting. Only ids that meet are
//! candidates: the caller reads their lines again and compares the texts,
//! so a file without repeats is read once. The table is sized from the
//! number of rows the first megabyte predicts, at most [`TABLE_BYTES`];
//! a larger file uses the Bloom filter (whose false alarms mean a second
//! pass). Too many full buckets (the prediction was far off) make the set
//! give up, and the caller counts again with the Bloom filter.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicUsize, Ordering};

use zicht_cases::IdFilter;

/// Fingerprints per bucket.
const SLOTS: usize = 16;
/// The most memory of the exact set's table.
const TABLE_BYTES: u64 = 48 << 20;
/// Rows per bucket at the predicted number of rows (a load of 0.81).
const ROWS_PER_BUCKET: u64 = 13;
/// The most hashes kept beside the table (all workers together, 8 MiB).
#[cfg(not(test))]
const MAX_OVERFLOW: usize = 1 << 20;
/// Small in unit tests, so that a test file can make the set give up.
#[cfg(test)]
const MAX_OVERFLOW: usize = 1 << 10;

/// How often an exact set gave up (unit tests check that it happened).
#[cfg(test)]
pub(crate) static GAVE_UP: AtomicUsize = AtomicUsize::new(0);

/// The set of case ids seen so far, shared by the workers.
pub(crate) enum Ids {
    Exact(IdSet),
    Bloom(IdFilter),
}

/// An exact set of id hashes (see the module's description).
pub(crate) struct IdSet {
    slots: Vec<AtomicU32>,
    buckets: u64,
    overflow: AtomicUsize,
    gave_up: AtomicBool,
}

impl Ids {
    /// How many hashes a worker gathers before [`Ids::add`].
    pub(crate) const BATCH: usize = IdFilter::BATCH;

    /// The set for about `rows` ids: exact when its table fits in
    /// [`TABLE_BYTES`] (and `exact`), else the Bloom filter of a file of `file_len` bytes.
    pub(crate) fn new(rows: u64, file_len: u64, exact: bool) -> Ids {
        let buckets = rows.div_ceil(ROWS_PER_BUCKET).max(4);
        if !exact || buckets * (SLOTS as u64) * 4 > TABLE_BYTES {
            return Ids::Bloom(IdFilter::new(file_len));
        }
        let slots = usize::try_from(buckets).unwrap_or(0) * SLOTS;
        Ids::Exact(IdSet {
            slots: (0..slots).map(|_| AtomicU32::new(0)).collect(),
            buckets,
            overflow: AtomicUsize::new(0),
            gave_up: AtomicBool::new(false),
        })
    }

    /// Adds the hashes of `batch` (and empties it): those that may have
    /// been added before go to `candidates`, those kept beside the table to
    /// `overflow`. False when the exact set gave up.
    pub(crate) fn add(
        &self,
        batch: &mut Vec<u64>,
        candidates: &mut Vec<u64>,
        overflow: &mut Vec<u64>,
    ) -> bool {
        match self {
            Ids::Bloom(filter) => {
                filter.add(batch, candidates);
                true
            }
            Ids::Exact(set) => set.add(batch, candidates, overflow),
        }
    }

    /// Whether the exact set gave up (too many full buckets).
    pub(crate) fn gave_up(&self) -> bool {
        match self {
            Ids::Bloom(_) => false,
            Ids::Exact(set) => set.gave_up.load(Ordering::Relaxed),
        }
    }
}

impl IdSet {
    fn add(
        &self,
        batch: &mut Vec<u64>,
        candidates: &mut Vec<u64>,
        overflow: &mut Vec<u64>,
    ) -> bool {
        // Touch every bucket first: the cache misses overlap.
        let mut touch = 0u32;
        for &h in batch.iter() {
            if let Some(s) = self.slots.get(self.bucket(h)) {
                touch ^= s.load(Ordering::Relaxed);
            }
        }
        std::hint::black_box(touch);
        let mut full = 0;
        'ids: for &h in batch.iter() {
            let fp = (h as u32).max(1);
            let at = self.bucket(h);
            let Some(bucket) = self.slots.get(at..at + SLOTS) else {
                continue;
            };
            for slot in bucket {
                let mut v = slot.load(Ordering::Relaxed);
                if v == 0 {
                    // Slots fill in order and are never emptied: a lost race shows the winner's value.
                    match slot.compare_exchange(0, fp, Ordering::Relaxed, Ordering::Relaxed) {
                        Ok(_) => continue 'ids,
                        Err(now) => v = now,
                    }
                }
                if v == fp {
                    candidates.push(h);
                    continue 'ids;
                }
            }
            overflow.push(h);
            full += 1;
        }
        batch.clear();
        if full > 0 && self.overflow.fetch_add(full, Ordering::Relaxed) + full > MAX_OVERFLOW {
            self.gave_up.store(true, Ordering::Relaxed);
            #[cfg(test)]
            GAVE_UP.fetch_add(1, Ordering::Relaxed);
            return false;
        }
        true
    }

    /// The first slot of the bucket of `h`.
    #[inline]
    fn bucket(&self, h: u64) -> usize {
        (((h >> 32) * self.buckets) >> 32) as usize * SLOTS
    }
}

/// The hashes that occur more than once among `overflow` (sorted in place).
pub(crate) fn repeated_hashes(overflow: &mut [u64]) -> Vec<u64> {
    overflow.sort_unstable();
    let mut out: Vec<u64> = overflow
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mix(i: u64) -> u64 {
        let mut h = i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        h ^= h >> 31;
        h.wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 29)
    }

    /// Distinct hashes are never candidates; a repeat always is, in the
    /// table or beside it, also when the buckets overflow.
    #[test]
    fn repeats_and_only_repeats_are_found() {
        for rows in [10u64, 1000, 4000] {
            // Sized for fewer rows: full buckets (below the cap of hashes beside the table).
            for sized in [rows, rows * 3 / 4] {
                let ids = Ids::new(sized, 1 << 20, true);
                assert!(matches!(ids, Ids::Exact(_)));
                let (mut cands, mut over) = (Vec::new(), Vec::new());
                let mut batch: Vec<u64> = (0..rows).map(mix).collect();
                assert!(ids.add(&mut batch, &mut cands, &mut over));
                if sized < rows && rows >= 1000 {
                    assert!(!over.is_empty(), "no full bucket");
                }
                assert!(cands.is_empty() && repeated_hashes(&mut over).is_empty());
                // Every tenth hash again.
                let mut again: Vec<u64> = (0..rows).step_by(10).map(mix).collect();
                let want = again.clone();
                assert!(ids.add(&mut again, &mut cands, &mut over));
                cands.extend(repeated_hashes(&mut over));
                cands.sort_unstable();
                let mut want = want;
                want.sort_unstable();
                assert_eq!(cands, want, "rows {rows}, sized {sized}");
            }
        }
    }

    /// Many distinct ids for the memory: the Bloom filter raises false
    /// alarms (each one a second pass over the file), the exact set none.
    #[test]
    fn no_false_alarms_where_the_bloom_filter_has_them() {
        let rows = 1u64 << 20;
        // The filter of a file of 32 bytes per row (its smallest rows per word).
        for (exact, alarms) in [(false, true), (true, false)] {
            let ids = Ids::new(rows, rows * 8, exact);
            let (mut cands, mut over) = (Vec::new(), Vec::new());
            let mut batch: Vec<u64> = (0..rows).map(mix).collect();
            ids.add(&mut batch, &mut cands, &mut over);
            cands.extend(repeated_hashes(&mut over));
            assert_eq!(!cands.is_empty(), alarms, "exact {exact}: {}", cands.len());
        }
    }

    /// A table far too small gives up rather than growing without bound; a
    /// file too large for the table gets the Bloom filter.
    #[test]
    fn bounded_memory() {
        let ids = Ids::new(4, 1 << 20, true);
        let (mut cands, mut over) = (Vec::new(), Vec::new());
        let mut ok = true;
        for chunk in 0..(MAX_OVERFLOW as u64 / 1000 + 2) {
            // Batches of a thousand: past the cap of hashes beside the table.
            let mut batch: Vec<u64> = (chunk * 1000..(chunk + 1) * 1000).map(mix).collect();
            ok &= ids.add(&mut batch, &mut cands, &mut over);
        }
        assert!(!ok && ids.gave_up());
        assert!(matches!(Ids::new(20_000_000, 3 << 30, true), Ids::Bloom(_)));
        assert!(matches!(Ids::new(10_000_000, 3 << 30, true), Ids::Exact(_)));
    }
}
