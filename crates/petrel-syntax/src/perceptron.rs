//! Averaged multi-class perceptron over hashed features.
//!
//! Features are 64-bit hashes built by [`feat`]; there is no feature vocabulary to store. Training
//! ([`Trainer`]) keeps a dense row of weights per feature seen, with lazy averaging (each weight
//! remembers when it last changed). [`Trainer::finish`] averages, drops near-zero weights and
//! quantises the rest to 16 bits, giving a compact [`Weights`] table: an open-addressing hash
//! table from feature to a short list of (class, weight) pairs. Scoring adds those lists up.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::{ModelError, Reader, Writer};

/// Mixes a value into a hash (the splitmix64 finaliser): cheap and well spread.
#[inline]
pub fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// FNV-1a of a string: stable across runs and platforms (models store these hashes).
#[inline]
pub fn hash_str(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A feature: a template number and up to three values.
#[inline]
pub fn feat(template: u32, a: u64, b: u64, c: u64) -> u64 {
    let h = mix((template as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ a);
    let h = mix(h ^ b.rotate_left(17));
    mix(h ^ c.rotate_left(41))
}

/// Feature hashes are already uniform: hash maps keyed by them need no further hashing.
#[derive(Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("IdHasher only hashes u64 keys")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Training state of one classifier.
pub struct Trainer {
    classes: usize,
    rows: IdMap<u32>,
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    time: u32,
}

impl Trainer {
    pub fn new(classes: usize) -> Self {
        assert!(classes > 0 && classes <= 255, "1..=255 classes");
        Trainer {
            classes,
            rows: IdMap::default(),
            weights: Vec::new(),
            totals: Vec::new(),
            stamps: Vec::new(),
            time: 0,
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Current (not averaged) scores.
    pub fn scores(&self, features: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        for f in features {
            if let Some(&r) = self.rows.get(f) {
                let row = &self.weights[r as usize * self.classes..][..self.classes];
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w;
                }
            }
        }
    }

    /// One training instance has been seen (advances the averaging clock).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Rewards `good` and penalises `bad` on these features.
    pub fn update(&mut self, features: &[u64], good: usize, bad: usize) {
        if good == bad {
            return;
        }
        for f in features {
            let r = match self.rows.get(f) {
                Some(&r) => r as usize,
                None => {
                    let r = self.rows.len();
                    self.rows.insert(*f, r as u32);
                    self.weights.extend(std::iter::repeat_n(0.0, self.classes));
                    self.totals.extend(std::iter::repeat_n(0.0, self.classes));
                    self.stamps.extend(std::iter::repeat_n(0, self.classes));
                    r
                }
            };
            for (class, delta) in [(good, 1.0f32), (bad, -1.0)] {
                let i = r * self.classes + class;
                self.totals[i] += (self.time - self.stamps[i]) as f64 * self.weights[i] as f64;
                self.stamps[i] = self.time;
                self.weights[i] += delta;
            }
        }
    }

    /// The averaged weight of row `r`, class `c`.
    fn average(&self, r: usize, c: usize) -> f32 {
        let i = r * self.classes + c;
        let total = self.totals[i] + (self.time - self.stamps[i]) as f64 * self.weights[i] as f64;
        (total / self.time.max(1) as f64) as f32
    }

    /// Averages the weights, drops those whose magnitude is below `prune` and quantises.
    pub fn finish(&self, prune: f32) -> Weights {
        Trainer::finish_mixed(&[self], prune)
    }

    /// Mixes several trainers of the same classes (trained on other seeds): each weight is
    /// the mean of their averaged weights. Then prunes and quantises as [`Trainer::finish`].
    pub fn finish_mixed(trainers: &[&Trainer], prune: f32) -> Weights {
        let classes = trainers[0].classes;
        assert!(
            trainers.iter().all(|t| t.classes == classes),
            "same classes"
        );
        let share = 1.0 / trainers.len() as f32;
        let mut keys: Vec<u64> = trainers
            .iter()
            .flat_map(|t| t.rows.keys().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut kept: Vec<(u64, Vec<(u8, f32)>)> = Vec::new();
        let mut max_abs = 0f32;
        let mut sums = vec![0f32; classes];
        for key in keys {
            sums.iter_mut().for_each(|x| *x = 0.0);
            for t in trainers {
                if let Some(&r) = t.rows.get(&key) {
                    for (c, x) in sums.iter_mut().enumerate() {
                        *x += t.average(r as usize, c) * share;
                    }
                }
            }
            let mut row = Vec::new();
            for (c, &avg) in sums.iter().enumerate() {
                if avg.abs() >= prune && avg != 0.0 {
                    max_abs = max_abs.max(avg.abs());
                    row.push((c as u8, avg));
                }
            }
            if !row.is_empty() {
                kept.push((key, row));
            }
        }
        let scale = if max_abs > 0.0 {
            max_abs / 32767.0
        } else {
            1.0
        };
        Weights::from_rows(classes, scale, kept)
    }
}

/// Compact, read-only weights: feature -> (class, weight) pairs.
///
/// Laid out for the cache, since scoring is mostly waiting for memory. With many classes (tags,
/// labels): one 8-byte slot per feature (a 32-bit fingerprint and where its entries start) in an
/// open-addressing table, and 4-byte entries (a 16-bit quantised weight, the class, and a
/// last-entry bit), so a feature costs two cache misses. A feature with weights for at least
/// a quarter of the classes (the bias, common tags and words) keeps a full row of 16-bit
/// weights instead, in a table of its own: at most twice the bytes of its entry list, and
/// added with vector instructions rather than one class at a time.
/// With at most [`DENSE_CLASSES`] classes
/// (the parser's transitions) the weights sit in an 8-byte slot with a 16-bit fingerprint: one
/// miss per feature, and half the memory of 16-byte slots, so more of the table stays in cache.
/// (A 16-bit fingerprint lets an unseen feature borrow another's weights about once in 30,000
/// probes; the full fingerprints are kept aside, cold, for building and writing the table.)
#[derive(Debug, Clone)]
pub struct Weights {
    classes: usize,
    scale: f32,
    /// 0 is empty; otherwise fingerprint << 32 | where its weights start: the first entry,
    /// or with [`FULL`] set the start of its row in `full`. Empty when the table is dense.
    slots: Table<u64>,
    entries: Table<u32>,
    /// Full rows: a weight for every class, `classes` apart.
    full: Table<i16>,
    /// The dense table (same positions as `slots` would have); empty when the table is sparse.
    dense: Table<DenseSlot>,
    /// Full 32-bit fingerprints of the dense table's slots (0 = empty).
    dense_fp: Vec<u32>,
    features: usize,
}

/// Features whose slots are requested ahead of the one being added (dense tables): enough to
/// keep the memory system busy, few enough that the requests do not queue.
const AHEAD: usize = 12;

/// Classes up to which a table keeps its weights inline.
pub const DENSE_CLASSES: usize = 3;

/// One feature of a dense table: short fingerprint (0 = empty) and a weight per class; 8 bytes,
/// so eight share a cache line and none straddles two.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(8))]
struct DenseSlot {
    fp: u16,
    w: [i16; DENSE_CLASSES],
}

/// The dense table's short fingerprint, derived from the full one (which has bit 0 set).
#[inline]
fn short_fp(fp: u64) -> u16 {
    ((fp >> 16) | 1) as u16
}

const LAST: u32 = 1 << 31;

/// Set in a slot's start when the feature's weights are a full row.
const FULL: u32 = 1 << 31;

/// One feature's weights as stored: (class, quantised weight) for its non-zero classes.
type QuantisedRow = Vec<(u8, i16)>;

/// Asks the CPU to start loading a cache line; a hint that never faults.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` only hints the cache; SSE is part of the x86_64 baseline, and the
    // pointer comes from a reference, so it is valid.
    unsafe {
        std::arch::x86_64::_mm_prefetch(x as *const T as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Huge pages are this big (x86_64 and aarch64 Linux with 4 KB base pages).
const HUGE_PAGE: usize = 2 << 20;

/// A weight table whose first element sits on a huge-page boundary, and whose memory the kernel
/// is asked to back with huge pages, when it is big enough for that to matter.
///
/// Scoring reads a few dozen random slots of tables of several megabytes per word; with 4 KB
/// pages nearly every one of those reads also misses the TLB. The buffer is over-allocated by up
/// to one huge page so that the table can start on a boundary (a `Vec` cannot be allocated
/// aligned and still be freed correctly); it derefs to the table alone.
#[derive(Debug, Clone, Default)]
struct Table<T> {
    buf: Vec<T>,
    start: usize,
}

impl<T: Copy + Default> Table<T> {
    /// An empty table with room for `n` elements (`push` past that still works, unaligned).
    fn with_capacity(n: usize) -> Table<T> {
        let size = std::mem::size_of::<T>().max(1);
        if n * size < HUGE_PAGE {
            return Table {
                buf: Vec::with_capacity(n),
                start: 0,
            };
        }
        let mut buf = Vec::with_capacity(n + HUGE_PAGE / size);
        let addr = buf.as_ptr() as usize;
        let start = (addr.next_multiple_of(HUGE_PAGE) - addr).div_ceil(size);
        advise_huge_pages(addr + start * size, n * size);
        buf.resize(start, T::default());
        Table { buf, start }
    }

    /// A table of `n` default elements.
    fn filled(n: usize) -> Table<T> {
        let mut t = Table::with_capacity(n);
        t.buf.resize(t.start + n, T::default());
        t
    }

    fn push(&mut self, x: T) {
        self.buf.push(x);
    }
}

impl<T> std::ops::Deref for Table<T> {
    type Target = [T];

    #[inline]
    fn deref(&self) -> &[T] {
        &self.buf[self.start..]
    }
}

impl<T> std::ops::DerefMut for Table<T> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [T] {
        &mut self.buf[self.start..]
    }
}

/// Asks for huge pages over memory not yet written to (a hint: any failure is ignored, and
/// the memory works the same either way).
fn advise_huge_pages(addr: usize, bytes: usize) {
    #[cfg(target_os = "linux")]
    {
        const PAGE: usize = 4096;
        let start = addr.next_multiple_of(PAGE);
        let end = (addr + bytes) / PAGE * PAGE;
        if end > start {
            // SAFETY: the range lies inside one live allocation of ours, and MADV_HUGEPAGE
            // changes only how pages are backed, never their contents.
            unsafe {
                libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
            }
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (addr, bytes);
}

#[inline]
fn fingerprint(key: u64) -> u64 {
    (key >> 32) | 1
}

impl Weights {
    fn empty(classes: usize, scale: f32, capacity: usize, entries: usize) -> Weights {
        let dense = classes <= DENSE_CLASSES;
        Weights {
            classes,
            scale,
            slots: if dense {
                Table::default()
            } else {
                Table::filled(capacity)
            },
            entries: if dense {
                Table::default()
            } else {
                Table::with_capacity(entries)
            },
            full: Table::default(),
            dense: if dense {
                Table::filled(capacity)
            } else {
                Table::default()
            },
            dense_fp: if dense { vec![0; capacity] } else { Vec::new() },
            features: 0,
        }
    }

    fn capacity(&self) -> usize {
        self.slots.len().max(self.dense.len())
    }

    /// The fingerprint stored at a position (0 when empty).
    fn fp_at(&self, i: usize) -> u64 {
        if self.dense.is_empty() {
            self.slots[i] >> 32
        } else {
            self.dense_fp[i] as u64
        }
    }

    /// Stores a feature's quantised entries (class, weight) at its position.
    fn put(&mut self, i: usize, fp: u64, row: impl ExactSizeIterator<Item = (u8, i16)>) {
        if self.dense.is_empty() {
            // From a quarter of the classes on, adding the whole row with vector instructions
            // beats adding the entries one by one (measured parsing Reuters with the shipped
            // models and with a 94-class supertagger: a quarter and an eighth alike, both faster
            // than a half).
            if row.len() * 4 >= self.classes && self.classes >= 8 {
                let start = self.full.len();
                for _ in 0..self.classes {
                    self.full.push(0);
                }
                for (c, q) in row {
                    self.full[start + c as usize] = q;
                }
                self.slots[i] = (fp << 32) | (FULL | start as u32) as u64;
                return;
            }
            let start = self.entries.len();
            for (c, q) in row {
                self.entries.push(((c as u32) << 16) | (q as u16 as u32));
            }
            *self.entries.last_mut().expect("a feature has entries") |= LAST;
            self.slots[i] = (fp << 32) | start as u64;
        } else {
            self.dense_fp[i] = fp as u32;
            let slot = &mut self.dense[i];
            slot.fp = short_fp(fp);
            for (c, q) in row {
                slot.w[c as usize] = q;
            }
        }
    }

    fn from_rows(classes: usize, scale: f32, rows: Vec<(u64, Vec<(u8, f32)>)>) -> Weights {
        let n_entries = rows.iter().map(|r| r.1.len()).sum();
        // At most half full: linear probing's runs grow fast past that (a parser table 74% full
        // took 3.5 probes a feature against 1.4 at 38%, and parsed 15% slower).
        let capacity = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = Weights::empty(classes, scale, capacity, n_entries);
        let mask = capacity - 1;
        for (key, row) in rows {
            if row.is_empty() {
                continue;
            }
            let fp = fingerprint(key);
            let mut i = key as usize & mask;
            while w.fp_at(i) != 0 && w.fp_at(i) != fp {
                i = (i + 1) & mask;
            }
            if w.fp_at(i) == 0 {
                w.features += 1;
            }
            let q = |v: f32| (v / scale).round().clamp(-32767.0, 32767.0) as i16;
            w.put(i, fp, row.into_iter().map(|(c, v)| (c, q(v))));
        }
        w
    }

    /// The full row that a slot's start (with [`FULL`] set) points to.
    #[inline]
    fn full_row(&self, start: u32) -> &[i16] {
        &self.full[(start & !FULL) as usize..][..self.classes]
    }

    #[inline]
    fn find(&self, key: u64) -> Option<u32> {
        let fp = fingerprint(key);
        let mask = self.slots.len() - 1;
        let mut i = key as usize & mask;
        loop {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            if s >> 32 == fp {
                return Some((s & 0xffff_ffff) as u32);
            }
            i = (i + 1) & mask;
        }
    }

    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Number of features with weights.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Adds the scores of `features` into `out` (which the caller zeroes).
    ///
    /// Scoring is bound by cache misses, so the features go through a short pipeline: a slot is
    /// requested some features before it is read, and an entry list some features before it is
    /// added. The misses then overlap instead of queueing one after another, and no more are
    /// in flight than the memory system takes at once.
    #[inline]
    pub fn add_scores(&self, features: &[u64], out: &mut [f32]) {
        if !self.dense.is_empty() {
            self.add_dense_scores(features, out);
            return;
        }
        // A pipeline: the slot of feature i + 2D is requested, the slot of feature i + D is
        // read and its entries requested, and the entries of feature i are added.
        const D: usize = 6;
        const RING: usize = 8;
        const NONE: u32 = u32::MAX;
        let mask = self.slots.len() - 1;
        let n = features.len();
        for &f in features.iter().take(2 * D) {
            prefetch(&self.slots[f as usize & mask]);
        }
        let mut starts = [NONE; RING];
        // Integer sums, converted once per class at the end (classes are at most 256).
        let mut sums = [0i32; 256];
        for i in 0..n + D {
            if i < n {
                if let Some(&g) = features.get(i + 2 * D) {
                    prefetch(&self.slots[g as usize & mask]);
                }
                starts[i % RING] = match self.find(features[i]) {
                    Some(k) if k & FULL != 0 => {
                        let row = self.full_row(k);
                        // A row of 16-bit weights crosses a cache line every 32 classes.
                        for c in (0..self.classes).step_by(32).chain([self.classes - 1]) {
                            prefetch(&row[c]);
                        }
                        k
                    }
                    Some(k) => {
                        prefetch(&self.entries[k as usize]);
                        k
                    }
                    None => NONE,
                };
            }
            if i >= D && starts[(i - D) % RING] != NONE {
                let start = starts[(i - D) % RING];
                if start & FULL != 0 {
                    for (s, &q) in sums.iter_mut().zip(self.full_row(start)) {
                        *s += q as i32;
                    }
                    continue;
                }
                let mut k = start as usize;
                loop {
                    let e = self.entries[k];
                    let c = ((e >> 16) & 0xff) as usize;
                    sums[c] += (e as u16 as i16) as i32;
                    if e & LAST != 0 {
                        break;
                    }
                    k += 1;
                }
            }
        }
        for (o, &s) in out.iter_mut().zip(&sums) {
            *o += s as f32 * self.scale;
        }
    }

    /// [`Weights::add_scores`] for a dense table: each slot is requested [`AHEAD`] features
    /// before it is read.
    fn add_dense_scores(&self, features: &[u64], out: &mut [f32]) {
        let mask = self.dense.len() - 1;
        for &f in features.iter().take(AHEAD) {
            prefetch(&self.dense[f as usize & mask]);
        }
        // Integer sums: exact, and one conversion per class at the end.
        let mut sums = [0i32; DENSE_CLASSES];
        for (k, &f) in features.iter().enumerate() {
            if let Some(&g) = features.get(k + AHEAD) {
                prefetch(&self.dense[g as usize & mask]);
            }
            let fp = short_fp(fingerprint(f));
            let mut i = f as usize & mask;
            loop {
                let slot = &self.dense[i];
                if slot.fp == 0 {
                    break;
                }
                if slot.fp == fp {
                    for (s, &w) in sums.iter_mut().zip(&slot.w) {
                        *s += w as i32;
                    }
                    break;
                }
                i = (i + 1) & mask;
            }
        }
        for (o, s) in out.iter_mut().zip(sums) {
            *o += s as f32 * self.scale;
        }
    }

    pub fn scores(&self, features: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|x| *x = 0.0);
        self.add_scores(features, out);
    }

    /// A feature's entries (class, quantised weight) at a table position, if one lives there.
    fn entries_at(&self, i: usize) -> Option<(u32, QuantisedRow)> {
        if self.dense.is_empty() {
            let s = self.slots[i];
            if s == 0 {
                return None;
            }
            let start = (s & 0xffff_ffff) as u32;
            if start & FULL != 0 {
                let full = self.full_row(start);
                let row = (0..self.classes)
                    .filter(|&c| full[c] != 0)
                    .map(|c| (c as u8, full[c]))
                    .collect();
                return Some(((s >> 32) as u32, row));
            }
            let mut k = start as usize;
            let mut row = Vec::new();
            loop {
                let e = self.entries[k];
                row.push((((e >> 16) & 0xff) as u8, e as u16 as i16));
                if e & LAST != 0 {
                    break;
                }
                k += 1;
            }
            Some(((s >> 32) as u32, row))
        } else {
            let fp = self.dense_fp[i];
            if fp == 0 {
                return None;
            }
            let slot = &self.dense[i];
            let row = (0..self.classes)
                .filter(|&c| slot.w[c] != 0)
                .map(|c| (c as u8, slot.w[c]))
                .collect();
            Some((fp, row))
        }
    }

    /// Serialised as: classes, scale, feature count, entry count, table capacity, then per
    /// feature its table position, fingerprint, entry count and the entries (class, weight).
    /// The format does not depend on the in-memory layout.
    pub fn write(&self, w: &mut Writer) {
        let rows: Vec<(usize, u32, QuantisedRow)> = (0..self.capacity())
            .filter_map(|i| self.entries_at(i).map(|(fp, row)| (i, fp, row)))
            .collect();
        w.u32(self.classes as u32);
        w.f32(self.scale);
        w.u32(rows.len() as u32);
        w.u32(rows.iter().map(|r| r.2.len()).sum::<usize>() as u32);
        // The full key is not kept in memory; the file keeps fingerprint and slot position,
        // which together rebuild the same table.
        w.u32(self.capacity() as u32);
        for (i, fp, row) in rows {
            w.u32(i as u32);
            w.u32(fp);
            // A dense feature whose weights all rounded to zero still keeps its place (the
            // probe sequences of its neighbours pass through it).
            let row = if row.is_empty() { vec![(0, 0)] } else { row };
            w.u8(row.len() as u8);
            for (c, q) in row {
                w.u8(c);
                w.i16(q);
            }
        }
    }

    pub fn read(r: &mut Reader) -> Result<Weights, ModelError> {
        let classes = r.u32()? as usize;
        let scale = r.f32()?;
        if classes == 0 || classes > 255 || !(scale.is_finite() && scale > 0.0) {
            return Err(r.corrupt("bad weight table header"));
        }
        let n = r.u32()? as usize;
        let n_entries = r.u32()? as usize;
        let capacity = r.u32()? as usize;
        if n > r.remaining() / 9
            || n_entries > r.remaining() / 3
            || !capacity.is_power_of_two()
            || capacity < n
            || capacity > 1 << 30
        {
            return Err(r.corrupt("weight table sizes do not fit the file"));
        }
        let mut w = Weights::empty(classes, scale, capacity, n_entries);
        w.features = n;
        let mut row = Vec::with_capacity(classes);
        for _ in 0..n {
            let pos = r.u32()? as usize;
            let fp = r.u32()? as u64;
            let len = r.u8()? as usize;
            if pos >= capacity || w.fp_at(pos) != 0 || len == 0 || fp & 1 == 0 {
                return Err(r.corrupt("bad weight table slot"));
            }
            row.clear();
            for _ in 0..len {
                let c = r.u8()?;
                if c as usize >= classes {
                    return Err(r.corrupt("class out of range"));
                }
                row.push((c, r.i16()?));
            }
            w.put(pos, fp, row.iter().copied());
        }
        Ok(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_tables_start_on_a_huge_page_and_hold_what_was_put() {
        let n = (HUGE_PAGE / 8) * 3 + 5;
        let mut t: Table<u64> = Table::filled(n);
        assert_eq!(t.len(), n);
        assert_eq!(t.as_ptr() as usize % HUGE_PAGE, 0);
        assert!(t.iter().all(|&x| x == 0));
        t[n - 1] = 7;
        assert_eq!(t[n - 1], 7);
        // Small tables are plain vectors; pushing works on both.
        let mut small: Table<u32> = Table::with_capacity(4);
        small.push(1);
        small.push(2);
        assert_eq!(&small[..], &[1, 2]);
        let copy = t.clone();
        assert_eq!(copy.len(), n);
        assert_eq!(copy[n - 1], 7);
    }

    #[test]
    fn learns_a_separable_problem_and_survives_quantisation() {
        // Class = which of k words is present; a bias feature is shared. Three classes give a
        // dense table, nine a sparse one: both must score alike after a round trip.
        for k in [3u64, 9] {
            let mut t = Trainer::new(k as usize);
            let data: Vec<(Vec<u64>, usize)> = (0..300)
                .map(|i| {
                    (
                        vec![feat(1, i % k, 0, 0), feat(0, 0, 0, 0)],
                        (i % k) as usize,
                    )
                })
                .collect();
            let mut scores = vec![0.0; k as usize];
            for _ in 0..5 {
                for (f, gold) in &data {
                    t.tick();
                    t.scores(f, &mut scores);
                    let guess = argmax(&scores);
                    t.update(f, *gold, guess);
                }
            }
            let w = t.finish(0.0);
            assert_eq!(w.dense.is_empty(), k as usize > DENSE_CLASSES);
            // Nine classes: the bias has weights for all of them and keeps a full row, each
            // word feature a short entry list; the round trip must score both alike.
            assert_eq!(!w.full.is_empty(), k == 9);
            assert_eq!(!w.entries.is_empty(), k == 9);
            let mut buf = Writer::new("test");
            w.write(&mut buf);
            let bytes = buf.finish();
            let mut r = Reader::new(&bytes, "test", "test").unwrap();
            let back = Weights::read(&mut r).unwrap();
            let mut direct = vec![0.0; k as usize];
            for (f, gold) in &data {
                back.scores(f, &mut scores);
                assert_eq!(argmax(&scores), *gold);
                w.scores(f, &mut direct);
                assert_eq!(scores, direct);
            }
            assert_eq!(back.features(), w.features());
            assert_eq!(back.features(), k as usize + 1);
        }
    }

    #[test]
    fn tables_are_at_most_half_full() {
        // Linear probing slows down sharply past half full; sizes around powers of two (with
        // the old margin of a third, 700 rows filled a 1,024-slot table to 68%).
        for classes in [3, 40] {
            for n in [10u64, 511, 512, 513, 700, 768, 769] {
                let rows = (0..n)
                    .map(|i| (feat(1, i, 0, 0), vec![(0u8, 1.0f32)]))
                    .collect();
                let w = Weights::from_rows(classes, 1.0 / 32767.0, rows);
                assert_eq!(w.features(), n as usize);
                assert!(
                    w.features() * 2 <= w.capacity(),
                    "{n} rows, {classes} classes"
                );
            }
        }
    }

    #[test]
    fn mixing_takes_the_mean_of_averaged_weights() {
        let mut a = Trainer::new(2);
        let mut b = Trainer::new(2);
        let f = [feat(1, 7, 0, 0)];
        let g = [feat(1, 8, 0, 0)];
        // Each weight is +-1 for half of the two ticks: averaged +-0.5.
        a.tick();
        a.update(&f, 0, 1);
        a.tick();
        b.tick();
        b.update(&g, 1, 0);
        b.tick();
        let mixed = Trainer::finish_mixed(&[&a, &b], 0.0);
        let mut s = vec![0.0; 2];
        mixed.scores(&f, &mut s);
        assert!(
            (s[0] - 0.25).abs() < 1e-3 && (s[1] + 0.25).abs() < 1e-3,
            "{s:?}"
        );
        mixed.scores(&g, &mut s);
        assert!(
            (s[1] - 0.25).abs() < 1e-3 && (s[0] + 0.25).abs() < 1e-3,
            "{s:?}"
        );
        // A model mixed with itself is itself.
        let one = a.finish(0.0);
        let twice = Trainer::finish_mixed(&[&a, &a], 0.0);
        let (mut x, mut y) = (vec![0.0; 2], vec![0.0; 2]);
        one.scores(&f, &mut x);
        twice.scores(&f, &mut y);
        assert_eq!(x, y);
    }

    fn argmax(s: &[f32]) -> usize {
        (0..s.len()).fold(0, |b, i| if s[i] > s[b] { i } else { b })
    }
}
