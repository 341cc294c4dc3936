//! A token-level trie over dictionary phrases.
//!
//! Phrases are stored as sequences of token keys (the same keys the segmenter gives text), so a
//! match always starts and ends on token boundaries: the Aho-Corasick property that matters here,
//! without character-level false hits ("us" inside "Russia"). Words are interned once; a
//! sentence's tokens are looked up once each, and the walk from each start is a chain of integer
//! map lookups.

use std::collections::HashMap;

use petrel_text::Token;

use crate::{Location, Reading};

/// A reading attached to a phrase.
#[derive(Debug, Clone)]
pub struct PhraseRef {
    pub reading: u32,
    /// Only matches text in capitals (short abbreviations: "US", "UN").
    pub caps_only: bool,
    /// 0 for built-in dictionaries, 1 for user files: a higher layer replaces a lower one.
    pub layer: u8,
    pub at: Location,
}

#[derive(Debug, Default)]
pub struct PhraseIndex {
    vocab: HashMap<String, u32>,
    /// (node, word) -> child node. Node 0 is the root.
    edges: HashMap<(u32, u32), u32>,
    /// Readings ending at each node.
    terminals: Vec<Vec<PhraseRef>>,
    readings: Vec<Reading>,
    phrases: usize,
}

/// A longest match starting at a token.
#[derive(Debug, Clone)]
pub struct PhraseMatch<'a> {
    pub start: usize,
    pub end: usize,
    pub readings: Vec<&'a Reading>,
}

pub const NO_WORD: u32 = u32::MAX;
pub const HYPHEN: u32 = u32::MAX - 1;

impl PhraseIndex {
    pub fn insert(
        &mut self,
        keys: &[String],
        reading: Reading,
        caps_only: bool,
        layer: u8,
        at: Location,
    ) {
        if self.terminals.is_empty() {
            self.terminals.push(Vec::new());
        }
        let mut node = 0u32;
        for k in keys {
            let next_word = self.vocab.len() as u32;
            let w = *self.vocab.entry(k.clone()).or_insert(next_word);
            let next_node = self.terminals.len() as u32;
            let child = *self.edges.entry((node, w)).or_insert(next_node);
            if child == next_node {
                self.terminals.push(Vec::new());
            }
            node = child;
        }
        let refs = &mut self.terminals[node as usize];
        if refs.is_empty() {
            self.phrases += 1;
        }
        // A user file's entry replaces the built-in meanings of the same phrase.
        refs.retain(|r| r.layer >= layer);
        if refs
            .iter()
            .any(|r| self.readings[r.reading as usize] == reading)
        {
            return;
        }
        let id = self.readings.len() as u32;
        self.readings.push(reading);
        refs.push(PhraseRef {
            reading: id,
            caps_only,
            layer,
            at,
        });
    }

    /// Number of distinct phrases.
    pub fn len(&self) -> usize {
        self.phrases
    }

    pub fn is_empty(&self) -> bool {
        self.phrases == 0
    }

    pub fn reading(&self, id: u32) -> &Reading {
        &self.readings[id as usize]
    }

    /// Interned ids of a sentence's tokens ([`NO_WORD`] for words no phrase contains; [`HYPHEN`]
    /// for a hyphen inside a word, which phrases ignore: "Secretary-General" = "secretary general").
    pub fn word_ids(&self, tokens: &[Token]) -> Vec<u32> {
        tokens
            .iter()
            .map(|t| {
                if t.key == "-" && !t.space_before {
                    HYPHEN
                } else {
                    self.vocab.get(t.key.as_str()).copied().unwrap_or(NO_WORD)
                }
            })
            .collect()
    }

    /// The longest phrase starting at token `start` whose readings apply to the text's case.
    pub fn longest_at(
        &self,
        ids: &[u32],
        tokens: &[Token],
        start: usize,
    ) -> Option<PhraseMatch<'_>> {
        let mut node = 0u32;
        let mut best: Option<PhraseMatch<'_>> = None;
        let mut i = start;
        while i < ids.len() && ids[i] != NO_WORD {
            if ids[i] == HYPHEN {
                if i == start {
                    break;
                }
                i += 1;
                continue;
            }
            let Some(&child) = self.edges.get(&(node, ids[i])) else {
                break;
            };
            node = child;
            i += 1;
            let refs = &self.terminals[node as usize];
            if refs.is_empty() {
                continue;
            }
            let upper = tokens[start..i].iter().all(|t| t.upper);
            let readings: Vec<&Reading> = refs
                .iter()
                .filter(|r| !r.caps_only || upper)
                .map(|r| &self.readings[r.reading as usize])
                .collect();
            if !readings.is_empty() {
                best = Some(PhraseMatch {
                    start,
                    end: i,
                    readings,
                });
            }
        }
        best
    }

    /// Every phrase with more than one reading, for `dict check`.
    pub fn ambiguous(&self) -> impl Iterator<Item = &[PhraseRef]> {
        self.terminals
            .iter()
            .filter(|r| r.len() > 1)
            .map(Vec::as_slice)
    }

    /// The readings of an exact phrase (keys as [`crate::parse::phrase_keys`] gives them).
    pub fn lookup(&self, keys: &[String]) -> Vec<&Reading> {
        let mut node = 0u32;
        for k in keys {
            let Some(&w) = self.vocab.get(k) else {
                return Vec::new();
            };
            let Some(&child) = self.edges.get(&(node, w)) else {
                return Vec::new();
            };
            node = child;
        }
        self.terminals
            .get(node as usize)
            .map(|refs| {
                refs.iter()
                    .map(|r| &self.readings[r.reading as usize])
                    .collect()
            })
            .unwrap_or_default()
    }
}
