//! Labelled dependency parser: arc-hybrid transitions, greedy, with a dynamic oracle.
//!
//! The state is a stack (with the artificial root at its bottom) and a buffer, which in the
//! arc-hybrid system is always a suffix of the sentence. Three transitions: SHIFT moves the first
//! buffer word onto the stack; LEFT pops the stack top and makes the first buffer word its head;
//! RIGHT pops the stack top and makes the word beneath it its head. RIGHT onto the root is allowed
//! only when the buffer is empty, so every tree has one root.
//!
//! Two averaged perceptrons: one picks the transition (three classes), the other labels each arc
//! as it is made. When LEFT or RIGHT pops a word, that word has all its dependents already, so
//! the labeller sees the dependent's whole subtree (its case marker, its children's labels).
//! A transition that is the only legal one is not scored, and the arcs whose label UD fixes
//! (`root`, `punct`) are not asked of the labeller. The head, though, may still lack dependents
//! when its arc is labelled; the arcs the labeller was unsure of are labelled again by a third
//! perceptron once the tree is finished (see [`crate::relabel`]).
//!
//! Training follows Goldberg and Nivre's dynamic oracle for arc-hybrid: each transition's cost is
//! the number of gold arcs it makes unreachable; the model is updated whenever its choice costs
//! more than the best, and from the second epoch on it follows its own (possibly wrong) choices,
//! so it learns to act well after mistakes. Tags come from a jack-knifed tagger (see
//! `train::jackknife_tags`), so training sees the tagging errors the parser meets at run time.
//!
//! The shipped parser is the mean of several (`train::PARSER_MODELS`) trained on different
//! shuffles and exploration draws. For linear models that is the same as scoring with all of
//! them and adding up, an ensemble at the cost of one model; pruning the small averaged weights
//! afterwards keeps the tables smaller (and so faster) than one unpruned model's.
//!
//! Each word comes with its tag and, where the tagger hesitated, the tag it nearly chose
//! (`Tagger::tag_with_alternatives`). Tagging errors cost the parser about three points of
//! UAS on EWT dev (0.8452 with the tagger's tags, 0.8751 with gold ones); knowing which tags are
//! doubtful lets it lean less on them. The jack-knifed training tags carry their alternatives
//! too.
//!
//! Non-projective trees: arc-hybrid builds projective trees only. Gold trees that cross
//! (about 1% of EWT's sentences) are still trained on; the oracle then counts the
//! unreachable crossing arcs as already lost, and the parser attaches those words to a projective
//! head instead.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::conllu::Sentence;
use crate::model::{ModelError, Reader, Writer};
use crate::perceptron::{feat, hash_str, Trainer, Weights};
use crate::relabel::{self, FirstLabel};
use crate::tagger::{argmax, normalise};
use crate::train::PredictedTag;
use crate::Rng;

const SHIFT: usize = 0;
const LEFT: usize = 1;
const RIGHT: usize = 2;
pub(crate) const NONE: u32 = u32::MAX;
const ROOT_WORD: u64 = 0x0bad_5eed_0000_0001;
const NO_WORD: u64 = 0x0bad_5eed_0000_0002;

/// Called with the averaged parser after an epoch (for scoring dev); the epoch counts from 1.
pub type EpochHook<'a> = dyn FnMut(usize, &Parser) + 'a;

/// How to train a parser.
#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Parsers trained on different shuffles and averaged into one.
    pub models: usize,
    pub seed: u64,
    /// Averaged weights smaller than this are dropped.
    pub prune: f32,
}

/// A trained parser.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    transitions: Weights,
    labeller: Weights,
    /// Labels again, from the finished tree, the arcs the labeller was unsure of.
    relabeller: Weights,
    /// The labels no labeller is asked for (found among `labels` once, when built).
    fixed: FixedLabels,
}

/// One parsed word: its head (0 = root) and label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arc {
    pub head: usize,
    pub label: String,
}

/// Label ids that UD fixes by position or tag: `root` for the root's one dependent, `punct`
/// for punctuation. Those arcs need no labeller.
#[derive(Debug, Clone)]
struct FixedLabels {
    root: Option<u8>,
    punct: Option<u8>,
    /// Hash of the coarse tag `PUNCT` (as [`Words`] keeps it).
    punct_tag: u64,
}

impl FixedLabels {
    fn new(labels: &[String]) -> FixedLabels {
        let id = |name: &str| labels.iter().position(|l| l == name).map(|i| i as u8);
        FixedLabels {
            root: id("root"),
            punct: id("punct"),
            punct_tag: hash_str("PUNCT"),
        }
    }

    /// The label of the arc from `h` to `d`, when it is fixed.
    fn of(&self, ws: &Words, h: u32, d: u32) -> Option<u8> {
        if h == 0 {
            self.root
        } else if ws.u(d) == self.punct_tag {
            self.punct
        } else {
            None
        }
    }
}

/// Parser state over words 1..=n (0 is the root).
struct State {
    stack: Vec<u32>,
    /// First word of the buffer; the buffer is `next..=n`.
    next: u32,
    n: u32,
    head: Vec<u32>,
    label: Vec<u8>,
    in_stack: Vec<bool>,
    /// Leftmost, second leftmost, rightmost, second rightmost dependents.
    lc: Vec<[u32; 2]>,
    rc: Vec<[u32; 2]>,
    /// Bit sets of the labels of left and right dependents.
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    fn new(n: usize) -> State {
        let mut s = State {
            stack: vec![0],
            next: 1,
            n: n as u32,
            head: vec![NONE; n + 1],
            label: vec![0; n + 1],
            in_stack: vec![false; n + 1],
            lc: vec![[NONE; 2]; n + 1],
            rc: vec![[NONE; 2]; n + 1],
            left_labels: vec![0; n + 1],
            right_labels: vec![0; n + 1],
        };
        s.in_stack[0] = true;
        s
    }

    fn done(&self) -> bool {
        self.next > self.n && self.stack.len() == 1
    }

    fn buffer_empty(&self) -> bool {
        self.next > self.n
    }

    fn s(&self, k: usize) -> u32 {
        let l = self.stack.len();
        if k < l {
            self.stack[l - 1 - k]
        } else {
            NONE
        }
    }

    fn b(&self, k: u32) -> u32 {
        if self.next + k <= self.n {
            self.next + k
        } else {
            NONE
        }
    }

    fn legal(&self, t: usize) -> bool {
        match t {
            SHIFT => !self.buffer_empty(),
            LEFT => !self.buffer_empty() && self.stack.len() > 1,
            RIGHT => self.stack.len() > 2 || (self.stack.len() == 2 && self.buffer_empty()),
            _ => false,
        }
    }

    /// The transition that is the only legal one, if one is.
    fn only_legal(&self) -> Option<usize> {
        let mut legal = (0..3).filter(|&t| self.legal(t));
        let first = legal.next();
        if legal.next().is_none() {
            first
        } else {
            None
        }
    }

    /// The (head, dependent) pair a transition would make.
    fn arc_of(&self, t: usize) -> Option<(u32, u32)> {
        match t {
            LEFT => Some((self.next, self.s(0))),
            RIGHT => Some((self.s(1), self.s(0))),
            _ => None,
        }
    }

    fn apply(&mut self, t: usize, label: u8) {
        match t {
            SHIFT => {
                let w = self.next;
                self.stack.push(w);
                self.in_stack[w as usize] = true;
                self.next += 1;
            }
            _ => {
                let (h, d) = self.arc_of(t).expect("an arc transition");
                self.stack.pop();
                self.in_stack[d as usize] = false;
                self.head[d as usize] = h;
                self.label[d as usize] = label;
                let h = h as usize;
                let bit = 1u64 << (label % 64);
                if d < h as u32 {
                    // Left dependents arrive right to left: each new one is the leftmost.
                    self.lc[h] = [d, self.lc[h][0]];
                    self.left_labels[h] |= bit;
                } else {
                    self.rc[h] = [d, self.rc[h][0]];
                    self.right_labels[h] |= bit;
                }
            }
        }
    }

    /// Gold arcs a transition makes unreachable (Goldberg & Nivre 2013, arc-hybrid).
    fn cost(&self, t: usize, gold: &[u32], children: &[Vec<u32>]) -> u32 {
        let in_buffer = |k: u32| k != NONE && k >= self.next && k <= self.n;
        let deps_in_buffer = |w: u32| {
            children[w as usize]
                .iter()
                .filter(|&&c| in_buffer(c))
                .count() as u32
        };
        match t {
            SHIFT => {
                let b = self.next;
                let s0 = self.s(0);
                let gh = gold[b as usize];
                let head_lost = (gh != s0 && self.in_stack[gh as usize]) as u32;
                let deps_lost = children[b as usize]
                    .iter()
                    .filter(|&&c| self.in_stack[c as usize])
                    .count() as u32;
                head_lost + deps_lost
            }
            LEFT => {
                let s0 = self.s(0);
                let gh = gold[s0 as usize];
                let head_lost = (gh != self.next && (gh == self.s(1) || in_buffer(gh))) as u32;
                head_lost + deps_in_buffer(s0)
            }
            RIGHT => {
                let s0 = self.s(0);
                let gh = gold[s0 as usize];
                let head_lost = (gh != self.s(1) && in_buffer(gh)) as u32;
                head_lost + deps_in_buffer(s0)
            }
            _ => u32::MAX,
        }
    }
}

/// What the parser knows of each word: index 0 is the root.
pub(crate) struct Words {
    word: Vec<u64>,
    tag: Vec<u64>,
    /// The universal part of the tag alone (`NOUN` for `NNS|NOUN`): coarser, so better
    /// estimated from little data.
    coarse: Vec<u64>,
    /// The tag the tagger nearly chose, when it was unsure (else `NO_ALT`).
    alt: Vec<u64>,
}

const NO_ALT: u64 = 0x0bad_5eed_0000_0003;

impl Words {
    /// `alternatives` is empty or has one entry per word.
    pub(crate) fn new(forms: &[&str], tags: &[&str], alternatives: &[Option<&str>]) -> Words {
        let mut word = vec![ROOT_WORD];
        let mut tag = vec![ROOT_WORD];
        let mut coarse = vec![ROOT_WORD];
        let mut alt = vec![NO_ALT];
        for (i, (f, t)) in forms.iter().zip(tags).enumerate() {
            word.push(hash_str(&normalise(f)));
            tag.push(hash_str(t));
            coarse.push(hash_str(t.rsplit('|').next().unwrap_or(t)));
            alt.push(match alternatives.get(i) {
                Some(Some(a)) => hash_str(a),
                _ => NO_ALT,
            });
        }
        Words {
            word,
            tag,
            coarse,
            alt,
        }
    }
    pub(crate) fn a(&self, i: u32) -> u64 {
        self.alt.get(i as usize).copied().unwrap_or(NO_WORD)
    }
    pub(crate) fn u(&self, i: u32) -> u64 {
        self.coarse.get(i as usize).copied().unwrap_or(NO_WORD)
    }
    pub(crate) fn w(&self, i: u32) -> u64 {
        self.word.get(i as usize).copied().unwrap_or(NO_WORD)
    }
    pub(crate) fn t(&self, i: u32) -> u64 {
        self.tag.get(i as usize).copied().unwrap_or(NO_WORD)
    }
}

pub(crate) fn distance(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE || a == 0 || b == 0 {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        _ => 7,
    }
}

fn transition_features(st: &State, ws: &Words, out: &mut Vec<u64>) {
    out.clear();
    let (s0, s1, s2) = (st.s(0), st.s(1), st.s(2));
    let (b0, b1, b2) = (st.b(0), st.b(1), st.b(2));
    let child = |x: u32, left: bool, k: usize| -> u32 {
        if x == NONE {
            NONE
        } else if left {
            st.lc[x as usize][k]
        } else {
            st.rc[x as usize][k]
        }
    };
    let lab = |x: u32| -> u64 {
        if x == NONE {
            0
        } else {
            st.label[x as usize] as u64 + 1
        }
    };
    let labset = |x: u32, left: bool| -> u64 {
        if x == NONE {
            0
        } else if left {
            st.left_labels[x as usize]
        } else {
            st.right_labels[x as usize]
        }
    };
    let count = |x: u32, left: bool| -> u64 {
        let c = child(x, left, 0);
        let c2 = child(x, left, 1);
        (c != NONE) as u64 + (c2 != NONE) as u64
    };
    let (s0w, s0t, s1w, s1t, s2t) = (ws.w(s0), ws.t(s0), ws.w(s1), ws.t(s1), ws.t(s2));
    let (b0w, b0t, b1w, b1t, b2w, b2t) =
        (ws.w(b0), ws.t(b0), ws.w(b1), ws.t(b1), ws.w(b2), ws.t(b2));
    let (s0l1, s0l2, s0r1, s0r2) = (
        child(s0, true, 0),
        child(s0, true, 1),
        child(s0, false, 0),
        child(s0, false, 1),
    );
    let (s1l1, s1r1, s1r2) = (child(s1, true, 0), child(s1, false, 0), child(s1, false, 1));
    let (b0l1, b0l2) = (child(b0, true, 0), child(b0, true, 1));
    let d_s0b0 = distance(s0, b0);
    let d_s1s0 = distance(s1, s0);
    out.extend_from_slice(&[
        feat(0, 0, 0, 0),
        // Single words.
        feat(1, s0w, 0, 0),
        feat(2, s0t, 0, 0),
        feat(3, s0w, s0t, 0),
        feat(4, s1w, 0, 0),
        feat(5, s1t, 0, 0),
        feat(6, s1w, s1t, 0),
        feat(7, b0w, 0, 0),
        feat(8, b0t, 0, 0),
        feat(9, b0w, b0t, 0),
        feat(10, b1w, 0, 0),
        feat(11, b1t, 0, 0),
        feat(12, b1w, b1t, 0),
        feat(13, b2w, 0, 0),
        feat(14, b2t, 0, 0),
        feat(15, s2t, 0, 0),
        feat(16, ws.w(s2), 0, 0),
        // Pairs.
        feat(20, s0w, s0t, b0w ^ b0t.rotate_left(7)),
        feat(21, s0w, s0t, b0w),
        feat(22, s0w, b0w, b0t),
        feat(23, s0w, s0t, b0t),
        feat(24, s0t, b0w, b0t),
        feat(25, s0w, b0w, 0),
        feat(26, s0t, b0t, 0),
        feat(27, s1t, s0t, 0),
        feat(28, s1w, s0w, 0),
        feat(29, s1w, s1t, s0t),
        feat(30, s1t, s0w, s0t),
        feat(31, s1t, b0t, 0),
        feat(32, s1w, b0w, 0),
        feat(33, b0t, b1t, 0),
        feat(34, b0w, b1w, 0),
        // Triples of tags.
        feat(40, s0t, b0t, b1t),
        feat(41, s1t, s0t, b0t),
        feat(42, s2t, s1t, s0t),
        feat(43, b0t, b1t, b2t),
        feat(44, s1t, s0t, ws.t(s0l1)),
        feat(45, s1t, s0t, ws.t(s0r1)),
        feat(46, s0t, b0t, ws.t(b0l1)),
        feat(47, s0t, ws.t(s0l1), b0t),
        feat(48, s0t, ws.t(s0r1), b0t),
        feat(49, s1t, ws.t(s1r1), s0t),
        // Distance.
        feat(50, s0w, d_s0b0, 0),
        feat(51, s0t, d_s0b0, 0),
        feat(52, b0w, d_s0b0, 0),
        feat(53, b0t, d_s0b0, 0),
        feat(54, s0t, b0t, d_s0b0),
        feat(55, s1t, s0t, d_s1s0),
        feat(56, s1w, d_s1s0, 0),
        feat(57, s0w, d_s1s0, 0),
        // Valency.
        feat(60, s0w, count(s0, true), count(s0, false)),
        feat(61, s0t, count(s0, true), count(s0, false)),
        feat(62, b0w, count(b0, true), 0),
        feat(63, b0t, count(b0, true), 0),
        feat(64, s1t, count(s1, false), count(s1, true)),
        // Dependents already attached.
        feat(70, ws.w(s0l1), 0, 0),
        feat(71, ws.t(s0l1), 0, 0),
        feat(72, lab(s0l1), 0, 0),
        feat(73, ws.w(s0r1), 0, 0),
        feat(74, ws.t(s0r1), 0, 0),
        feat(75, lab(s0r1), 0, 0),
        feat(76, ws.t(s0l2), lab(s0l2), 0),
        feat(77, ws.t(s0r2), lab(s0r2), 0),
        feat(78, ws.w(b0l1), 0, 0),
        feat(79, ws.t(b0l1), lab(b0l1), 0),
        feat(80, ws.t(b0l2), lab(b0l2), 0),
        feat(81, ws.t(s1l1), lab(s1l1), 0),
        feat(82, ws.t(s1r1), lab(s1r1), 0),
        feat(83, ws.t(s1r2), lab(s1r2), 0),
        // Third order.
        feat(90, s0t, ws.t(s0l1), ws.t(s0l2)),
        feat(91, s0t, ws.t(s0r1), ws.t(s0r2)),
        feat(92, b0t, ws.t(b0l1), ws.t(b0l2)),
        feat(93, s1t, ws.t(s1r1), ws.t(s1r2)),
        // Label sets.
        feat(100, s0t, labset(s0, true), 0),
        feat(101, s0t, labset(s0, false), 0),
        feat(102, b0t, labset(b0, true), 0),
        feat(103, s1t, labset(s1, false), 0),
        feat(104, s0w, labset(s0, true), labset(s0, false)),
        feat(105, s0t, lab(s0l1), b0t),
        feat(106, s0t, lab(s0r1), b0t),
        // Coarse tags.
        feat(110, ws.u(s0), ws.u(b0), 0),
        feat(111, ws.u(s1), ws.u(s0), ws.u(b0)),
        feat(112, ws.u(s0), ws.u(b0), ws.u(b1)),
        feat(113, ws.u(b0), ws.u(b1), ws.u(b2)),
        feat(114, s0w, ws.u(b0), 0),
        feat(115, ws.u(s0), b0w, 0),
        feat(116, ws.u(s2), ws.u(s1), ws.u(s0)),
        feat(117, ws.u(s0), ws.u(b0), d_s0b0),
        // What the tagger nearly chose.
        feat(120, ws.a(s0), s0t, 0),
        feat(121, ws.a(b0), b0t, 0),
        feat(122, ws.a(b1), b1t, 0),
        feat(123, ws.a(s0), s0t, b0t),
        feat(124, s0t, ws.a(b0), b0t),
        feat(125, ws.a(s1), s1t, 0),
        // Attachment of a phrase by its first word (often its preposition).
        feat(130, s0w, ws.w(b0l1), 0),
        feat(131, s1w, ws.w(b0l1), 0),
        feat(132, s0t, ws.w(b0l1), b0t),
        feat(133, s1w, ws.w(s0l1), 0),
        feat(134, s1t, ws.w(s0l1), s0t),
        feat(135, s0w, ws.w(b0l1), b0w),
    ]);
}

fn label_features(st: &State, ws: &Words, h: u32, d: u32, out: &mut Vec<u64>) {
    out.clear();
    let (hw, ht, dw, dt) = (ws.w(h), ws.t(h), ws.w(d), ws.t(d));
    let left = (d < h) as u64 + 1;
    let dist = distance(h, d);
    let dl1 = st.lc[d as usize][0];
    let dl2 = st.lc[d as usize][1];
    let dr1 = st.rc[d as usize][0];
    let lab = |x: u32| -> u64 {
        if x == NONE {
            0
        } else {
            st.label[x as usize] as u64 + 1
        }
    };
    // The word just before the dependent's subtree: often the preposition or comma that decides.
    let before = {
        let first = if dl1 == NONE { d } else { dl1 };
        if first > 1 {
            first - 1
        } else {
            NONE
        }
    };
    let hl = st.lc[h as usize][0];
    let hr = st.rc[h as usize][0];
    out.extend_from_slice(&[
        feat(0, left, 0, 0),
        feat(1, hw, 0, 0),
        feat(2, ht, left, 0),
        feat(3, dw, left, 0),
        feat(4, dt, left, 0),
        feat(5, ht, dt, left),
        feat(6, hw, dt, left),
        feat(7, ht, dw, left),
        feat(8, hw, dw, 0),
        feat(9, ht, dt, dist * 4 + left),
        feat(10, dt, ws.w(dl1), lab(dl1)),
        feat(11, ht, dt, ws.w(dl1)),
        feat(12, dt, ws.t(dl1), ws.t(dl2)),
        feat(13, dt, lab(dl1), lab(dl2)),
        feat(14, dt, ws.t(dr1), lab(dr1)),
        feat(
            15,
            dt,
            st.left_labels[d as usize],
            st.right_labels[d as usize],
        ),
        feat(16, ht, st.left_labels[h as usize], left),
        feat(17, ht, st.right_labels[h as usize], left),
        feat(18, ht, dt, ws.w(before)),
        feat(19, ht, ws.t(hl), lab(hl)),
        feat(20, ht, ws.t(hr), lab(hr)),
        feat(21, (h == 0) as u64, dt, 0),
        feat(22, ws.t(h.saturating_add(1)), ht, left),
        feat(23, ws.w(dl1), ws.w(dl2), dt),
        feat(24, ws.t(if d > 1 { d - 1 } else { NONE }), dt, ht),
        feat(25, ws.t(if d < st.n { d + 1 } else { NONE }), dt, ht),
        feat(26, ws.a(d), dt, ht),
        feat(27, ws.a(h), ht, dt),
    ]);
}

impl Parser {
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// Parses words with their tags (`XPOS|UPOS` classes as the tagger names them).
    pub fn parse(&self, forms: &[&str], tags: &[&str]) -> Vec<Arc> {
        self.parse_ids(forms, tags, &[])
            .into_iter()
            .map(|(head, label)| Arc {
                head,
                label: self.label(label).to_string(),
            })
            .collect()
    }

    fn new(
        labels: Vec<String>,
        transitions: Weights,
        labeller: Weights,
        relabeller: Weights,
    ) -> Parser {
        Parser {
            fixed: FixedLabels::new(&labels),
            labels,
            transitions,
            labeller,
            relabeller,
        }
    }

    /// The label with this id ([`Parser::parse_ids`]).
    pub fn label(&self, id: u8) -> &str {
        &self.labels[id as usize]
    }

    /// Like [`Parser::parse`], with each word's label as an id into [`Parser::labels`], so that
    /// parsing allocates nothing per word.
    /// `alternatives` holds, for each word, the tag the tagger nearly chose
    /// ([`crate::tagger::Tagger::tag_with_alternatives`]); it may be empty.
    pub fn parse_ids(
        &self,
        forms: &[&str],
        tags: &[&str],
        alternatives: &[Option<&str>],
    ) -> Vec<(usize, u8)> {
        let n = forms.len();
        if n == 0 {
            return Vec::new();
        }
        let ws = Words::new(forms, tags, alternatives);
        let mut st = State::new(n);
        let mut feats = Vec::with_capacity(128);
        let mut scores = [0f32; 3];
        let mut lscores = vec![0f32; self.labels.len()];
        let mut first = vec![FirstLabel::FIXED; n + 1];
        while !st.done() {
            // A transition that is the only legal one needs no scoring: the first SHIFT,
            // the SHIFT after the stack is back to the root, the RIGHTs once the buffer is empty.
            let t = match st.only_legal() {
                Some(t) => t,
                None => {
                    transition_features(&st, &ws, &mut feats);
                    self.transitions.scores(&feats, &mut scores);
                    best_legal(&st, &scores)
                }
            };
            let label = match st.arc_of(t) {
                Some((h, d)) => match self.fixed.of(&ws, h, d) {
                    Some(l) => l,
                    None => {
                        label_features(&st, &ws, h, d, &mut feats);
                        self.labeller.scores(&feats, &mut lscores);
                        first[d as usize] = FirstLabel::of(&lscores);
                        first[d as usize].best
                    }
                },
                None => 0,
            };
            st.apply(t, label);
        }
        let mut relabelled = Vec::new();
        relabel::for_each_doubtful(&st.head, &st.label, &ws, &first, &mut feats, |d, f| {
            self.relabeller.scores(f, &mut lscores);
            relabelled.push((d, argmax(&lscores) as u8));
        });
        for (d, label) in relabelled {
            st.label[d] = label;
        }
        (1..=n)
            .map(|i| (st.head[i] as usize, st.label[i]))
            .collect()
    }

    pub fn write(&self, w: &mut Writer) {
        w.strs(&self.labels);
        self.transitions.write(w);
        self.labeller.write(w);
        self.relabeller.write(w);
    }

    pub fn read(r: &mut Reader) -> Result<Parser, ModelError> {
        let labels = r.strs()?;
        let transitions = Weights::read(r)?;
        let labeller = Weights::read(r)?;
        let relabeller = Weights::read(r)?;
        if transitions.classes() != 3
            || labeller.classes() != labels.len()
            || relabeller.classes() != labels.len()
            || labels.is_empty()
        {
            return Err(r.corrupt("class counts do not match"));
        }
        Ok(Parser::new(labels, transitions, labeller, relabeller))
    }

    /// Trains on sentences with the tags to train with (jack-knifed, ideally): `tags[i][j]` is
    /// the tag of word j of sentence i.
    pub fn train(
        sentences: &[Sentence],
        tags: &[Vec<PredictedTag>],
        options: &TrainOptions,
        log: &mut dyn FnMut(&str),
        mut after_epoch: Option<&mut EpochHook<'_>>,
    ) -> Parser {
        let TrainOptions {
            epochs,
            models,
            seed,
            prune,
        } = *options;
        let mut labels: Vec<String> = sentences
            .iter()
            .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
            .collect();
        labels.sort();
        labels.dedup();
        let label_of: HashMap<&str, u8> = labels
            .iter()
            .enumerate()
            .map(|(i, l)| (l.as_str(), i as u8))
            .collect();
        // Several models train in parallel, each on its own seed, so the result does not
        // depend on the number of threads; only a lone model reports its epochs.
        let setting = Setting {
            sentences,
            tags,
            labels: &labels,
            label_of: &label_of,
            epochs,
            prune,
        };
        let trained: Vec<Trained> = if models <= 1 {
            vec![train_one(&setting, seed, log, after_epoch.as_deref_mut())]
        } else {
            let trained = (0..models)
                .into_par_iter()
                .map(|m| {
                    train_one(
                        &setting,
                        seed.wrapping_add(1000 * m as u64),
                        &mut |_| {},
                        None,
                    )
                })
                .collect();
            log(&format!("parser: {models} models trained"));
            trained
        };
        let mix = |part: fn(&Trained) -> &Trainer| {
            let parts: Vec<&Trainer> = trained.iter().map(part).collect();
            Trainer::finish_mixed(&parts, prune)
        };
        let p = Parser::new(
            labels,
            mix(|t| &t.transitions),
            mix(|t| &t.labeller),
            mix(|t| &t.relabeller),
        );
        log(&format!(
            "parser: {} transition features, {} label features and {} relabelling features kept",
            p.transitions.features(),
            p.labeller.features(),
            p.relabeller.features()
        ));
        if let Some(f) = after_epoch {
            f(epochs, &p);
        }
        p
    }
}

/// What every parser of an ensemble is trained on.
struct Setting<'a> {
    sentences: &'a [Sentence],
    tags: &'a [Vec<PredictedTag>],
    labels: &'a [String],
    label_of: &'a HashMap<&'a str, u8>,
    epochs: usize,
    prune: f32,
}

/// One parser's models in training.
struct Trained {
    transitions: Trainer,
    labeller: Trainer,
    relabeller: Trainer,
}

/// Trains one transition model and its labellers on one seed; calls `after_epoch` with the
/// averaged parser after each epoch but the last.
fn train_one(
    setting: &Setting<'_>,
    seed: u64,
    log: &mut dyn FnMut(&str),
    mut after_epoch: Option<&mut EpochHook<'_>>,
) -> Trained {
    let Setting {
        sentences,
        tags,
        labels,
        label_of,
        epochs,
        prune,
    } = *setting;
    let mut transitions = Trainer::new(3);
    let mut labeller = Trainer::new(labels.len());
    let mut relabeller = Trainer::new(labels.len());
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    let mut rng = Rng::new(seed);
    let mut feats = Vec::with_capacity(128);
    let mut lfeats = Vec::with_capacity(32);
    let mut scores = [0f32; 3];
    let mut lscores = vec![0f32; labels.len()];
    for epoch in 0..epochs {
        rng.shuffle(&mut order);
        let (mut right_heads, mut words) = (0usize, 0usize);
        for &si in &order {
            let s = &sentences[si];
            let n = s.words.len();
            let forms = s.forms();
            let tag_refs: Vec<&str> = tags[si].iter().map(|t| t.tag.as_str()).collect();
            let alternatives: Vec<Option<&str>> =
                tags[si].iter().map(|t| t.alternative.as_deref()).collect();
            let ws = Words::new(&forms, &tag_refs, &alternatives);
            let mut gold = vec![NONE; n + 1];
            let mut gold_label = vec![0u8; n + 1];
            let mut children = vec![Vec::new(); n + 1];
            for (i, w) in s.words.iter().enumerate() {
                gold[i + 1] = w.head as u32;
                gold_label[i + 1] = label_of[w.deprel.as_str()];
                children[w.head].push(i as u32 + 1);
            }
            let mut st = State::new(n);
            let mut first = vec![FirstLabel::FIXED; n + 1];
            while !st.done() {
                transition_features(&st, &ws, &mut feats);
                transitions.tick();
                transitions.scores(&feats, &mut scores);
                let pred = best_legal(&st, &scores);
                let costs: Vec<u32> = (0..3)
                    .map(|t| {
                        if st.legal(t) {
                            st.cost(t, &gold, &children)
                        } else {
                            u32::MAX
                        }
                    })
                    .collect();
                let min = *costs.iter().min().expect("three costs");
                let best_right = (0..3)
                    .filter(|&t| costs[t] == min)
                    .max_by(|&a, &b| scores[a].total_cmp(&scores[b]))
                    .expect("a zero-cost transition");
                if costs[pred] > min {
                    transitions.update(&feats, best_right, pred);
                }
                let explore = epoch > 0 && rng.next_f64() < 0.9;
                let t = if explore { pred } else { best_right };
                let label = match st.arc_of(t) {
                    Some((h, d)) => {
                        label_features(&st, &ws, h, d, &mut lfeats);
                        labeller.tick();
                        labeller.scores(&lfeats, &mut lscores);
                        first[d as usize] = FirstLabel::of(&lscores);
                        let guess = first[d as usize].best as usize;
                        if gold[d as usize] == h {
                            let g = gold_label[d as usize] as usize;
                            labeller.update(&lfeats, g, guess);
                            if explore {
                                guess as u8
                            } else {
                                g as u8
                            }
                        } else {
                            guess as u8
                        }
                    }
                    None => 0,
                };
                st.apply(t, label);
            }
            // The relabeller learns on the finished tree, from the arcs with the right head
            // that the labeller was unsure of; the labeller's guesses were made before it
            // learnt from the arc, so they err as they will at run time.
            relabel::for_each_doubtful(&st.head, &st.label, &ws, &first, &mut lfeats, |d, f| {
                if st.head[d] == gold[d] {
                    relabeller.tick();
                    relabeller.scores(f, &mut lscores);
                    relabeller.update(f, gold_label[d] as usize, argmax(&lscores));
                }
            });
            right_heads += (1..=n).filter(|&i| st.head[i] == gold[i]).count();
            words += n;
        }
        log(&format!(
            "parser epoch {}: {:.2}% heads right while training",
            epoch + 1,
            100.0 * right_heads as f64 / words.max(1) as f64
        ));
        // Averaging the weights costs a pass over all of them: only when someone looks.
        if let (true, Some(f)) = (epoch + 1 < epochs, after_epoch.as_mut()) {
            let p = Parser::new(
                labels.to_vec(),
                transitions.finish(prune),
                labeller.finish(prune),
                relabeller.finish(prune),
            );
            f(epoch + 1, &p);
        }
    }
    Trained {
        transitions,
        labeller,
        relabeller,
    }
}

fn best_legal(st: &State, scores: &[f32; 3]) -> usize {
    let mut best = usize::MAX;
    for t in 0..3 {
        if st.legal(t) && (best == usize::MAX || scores[t] > scores[best]) {
            best = t;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forced_transitions_are_the_only_legal_ones() {
        let mut st = State::new(2);
        // Only the root on the stack: SHIFT.
        assert_eq!(st.only_legal(), Some(SHIFT));
        st.apply(SHIFT, 0);
        // One word on the stack and one in the buffer: SHIFT or LEFT.
        assert_eq!(st.only_legal(), None);
        st.apply(SHIFT, 0);
        // The buffer is empty: only RIGHT, down to the root.
        assert_eq!(st.only_legal(), Some(RIGHT));
        st.apply(RIGHT, 0);
        assert_eq!(st.only_legal(), Some(RIGHT));
        st.apply(RIGHT, 0);
        assert!(st.done());
        assert_eq!(st.head[1], 0);
        assert_eq!(st.head[2], 1);
    }

    #[test]
    fn root_and_punctuation_labels_are_fixed() {
        let p = Parser::new(
            vec!["nsubj".into(), "punct".into(), "root".into()],
            Trainer::new(3).finish(0.0),
            Trainer::new(3).finish(0.0),
            Trainer::new(3).finish(0.0),
        );
        let ws = Words::new(
            &["Russia", "left", "."],
            &["NNP|PROPN", "VBD|VERB", ".|PUNCT"],
            &[],
        );
        // Only a word the tagger hesitated over has an alternative.
        let with = Words::new(
            &["Russia", "left", "."],
            &["NNP|PROPN", "VBD|VERB", ".|PUNCT"],
            &[None, Some("VBN|VERB"), None],
        );
        assert_eq!(with.a(2), hash_str("VBN|VERB"));
        assert_eq!((with.a(1), with.a(3), ws.a(2)), (NO_ALT, NO_ALT, NO_ALT));
        let fixed = &p.fixed;
        assert_eq!(fixed.of(&ws, 0, 2), Some(2));
        assert_eq!(fixed.of(&ws, 2, 3), Some(1));
        assert_eq!(fixed.of(&ws, 2, 1), None);
    }
}
