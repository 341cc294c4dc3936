//! Stable event ids: the same event from the same sentence gets the same id on every run.

use petrel_ontology::ActorCode;

/// FNV-1a, 64 bit: small, fast and stable across platforms and Rust versions.
fn fnv1a(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in *part {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub fn event_id(
    doc: &str,
    sentence: usize,
    verb_offset: usize,
    source: &ActorCode,
    target: Option<&ActorCode>,
    code: &str,
) -> String {
    let s = source.to_string();
    let t = target.map(|t| t.to_string()).unwrap_or_default();
    let h = fnv1a(&[
        doc.as_bytes(),
        &sentence.to_le_bytes(),
        &verb_offset.to_le_bytes(),
        s.as_bytes(),
        t.as_bytes(),
        code.as_bytes(),
    ]);
    format!("{h:016x}")
}
