//! The model file format: a small self-checking binary container.
//!
//! Layout: the magic `PETRELSYN1`, a kind string (`tagger`, `parser`), the payload, and an FNV-1a
//! checksum of everything before it. A missing, truncated or altered file is refused with an error
//! that names the file and the command that rebuilds it.

use std::fmt;

const MAGIC: &[u8] = b"PETRELSYN1";

/// Why a model could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    pub file: String,
    pub reason: String,
    pub rebuild: String,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "model {}: {}; rebuild it with `{}`",
            self.file, self.reason, self.rebuild
        )
    }
}

impl std::error::Error for ModelError {}

fn checksum(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Serialises a model.
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    pub fn new(kind: &str) -> Self {
        let mut w = Writer {
            buf: MAGIC.to_vec(),
        };
        w.str(kind);
        w
    }
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub fn i16(&mut self, v: i16) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.buf.extend_from_slice(s.as_bytes());
    }
    pub fn strs(&mut self, v: &[String]) {
        self.u32(v.len() as u32);
        for s in v {
            self.str(s);
        }
    }
    /// The finished bytes, checksum appended.
    pub fn finish(mut self) -> Vec<u8> {
        let c = checksum(&self.buf);
        self.u64(c);
        self.buf
    }
}

/// Reads a model written by [`Writer`], checking magic, kind and checksum first.
pub struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    file: String,
    rebuild: String,
}

impl<'a> Reader<'a> {
    /// `file` names the model in errors; `rebuild` is the command that makes it again.
    pub fn open(
        bytes: &'a [u8],
        file: &str,
        kind: &str,
        rebuild: &str,
    ) -> Result<Reader<'a>, ModelError> {
        let err = |reason: &str| ModelError {
            file: file.to_string(),
            reason: reason.to_string(),
            rebuild: rebuild.to_string(),
        };
        if bytes.len() < MAGIC.len() + 12 || !bytes.starts_with(MAGIC) {
            return Err(err("not a petrel model file"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 8);
        let sum = u64::from_le_bytes(sum.try_into().expect("8 bytes"));
        if checksum(body) != sum {
            return Err(err("corrupt (checksum mismatch)"));
        }
        let mut r = Reader {
            bytes: body,
            pos: MAGIC.len(),
            file: file.to_string(),
            rebuild: rebuild.to_string(),
        };
        let found = r.str()?;
        if found != kind {
            return Err(err(&format!("holds a {found} model, not a {kind} model")));
        }
        Ok(r)
    }

    /// For tests: no rebuild hint.
    pub fn new(bytes: &'a [u8], file: &str, kind: &str) -> Result<Reader<'a>, ModelError> {
        Self::open(bytes, file, kind, "petrel train")
    }

    pub fn corrupt(&self, what: &str) -> ModelError {
        ModelError {
            file: self.file.clone(),
            reason: format!("corrupt ({what} at byte {})", self.pos),
            rebuild: self.rebuild.clone(),
        }
    }

    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        if self.remaining() < n {
            return Err(self.corrupt("truncated"));
        }
        let s = &self.bytes[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Result<u8, ModelError> {
        Ok(self.take(1)?[0])
    }
    pub fn i16(&mut self) -> Result<i16, ModelError> {
        Ok(i16::from_le_bytes(self.take(2)?.try_into().expect("2")))
    }
    pub fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    pub fn u64(&mut self) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }
    pub fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }
    pub fn str(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| self.corrupt("string is not UTF-8"))
    }
    pub fn strs(&mut self) -> Result<Vec<String>, ModelError> {
        let n = self.u32()? as usize;
        if n > self.remaining() / 4 {
            return Err(self.corrupt("list longer than the file"));
        }
        (0..n).map(|_| self.str()).collect()
    }
    /// The payload must be used up exactly.
    pub fn end(&self) -> Result<(), ModelError> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            Err(self.corrupt("trailing bytes"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_flipped_bytes_truncation_and_wrong_kind() {
        let mut w = Writer::new("tagger");
        w.str("hello");
        w.u32(7);
        let bytes = w.finish();
        let mut r = Reader::open(&bytes, "m.bin", "tagger", "petrel train tagger").unwrap();
        assert_eq!(r.str().unwrap(), "hello");
        assert_eq!(r.u32().unwrap(), 7);
        r.end().unwrap();

        let mut bad = bytes.clone();
        bad[14] ^= 1;
        let e = Reader::open(&bad, "m.bin", "tagger", "petrel train tagger")
            .err()
            .unwrap();
        assert!(e.to_string().contains("m.bin"));
        assert!(e.to_string().contains("checksum"));
        assert!(e.to_string().contains("petrel train tagger"));

        let e = Reader::open(&bytes[..bytes.len() - 3], "m.bin", "tagger", "x")
            .err()
            .unwrap();
        assert!(e.reason.contains("checksum") || e.reason.contains("not a petrel"));
        let e = Reader::open(&bytes, "m.bin", "parser", "x").err().unwrap();
        assert!(e.reason.contains("tagger model"));
    }
}
