//! Regexes from rule scripts, compiled once per process and only when a
//! text could match them.
//!
//! Compiling a regex with Chinese character classes costs 0.1–1 ms, more
//! than running a whole rule; a report pays it for every pattern of every
//! rule before its first finding. Most patterns of the built-in pack look
//! for debris or wording that a given report does not contain at all
//! (`PAGEREF`, `错误!`, `[bookmark:`…). So each pattern is first parsed
//! (cheap) and the literals every match must begin with, and those it must
//! end with, are taken from it; a text lacking them cannot match, and the
//! regex is then neither compiled nor run.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, OnceLock, RwLock};

use regex::Regex;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// More literals than this are not worth looking for one by one.
const MAX_LITERALS: usize = 32;
/// Patterns kept per process (a rule building patterns in a loop must not
/// grow the cache without end).
const MAX_CACHED: usize = 4096;
/// Size limit for one compiled regex.
const SIZE_LIMIT: usize = 1 << 20;

/// A rule's regex: validated at once, compiled on first need.
pub struct LazyRegex {
    pattern: String,
    /// Byte strings one of which begins every match; `None` when the
    /// pattern can begin with too many different things to tell.
    prefixes: Option<Vec<Vec<u8>>>,
    /// The same for the end of every match.
    suffixes: Option<Vec<Vec<u8>>>,
    compiled: OnceLock<Result<Regex, String>>,
}

impl LazyRegex {
    fn new(pattern: &str) -> Result<LazyRegex, String> {
        let hir = match regex_syntax::ParserBuilder::new().build().parse(pattern) {
            Ok(h) => h,
            // The regex crate's own message, as rule authors know it.
            Err(_) => return Err(compile(pattern).err().unwrap_or_default()),
        };
        let r = LazyRegex {
            pattern: pattern.to_string(),
            prefixes: literals(&hir, ExtractKind::Prefix),
            suffixes: literals(&hir, ExtractKind::Suffix),
            compiled: OnceLock::new(),
        };
        if r.prefixes.is_none() && r.suffixes.is_none() {
            // Nothing to screen with: compile now, so errors surface here.
            r.regex()?;
        }
        Ok(r)
    }

    /// Whether `text` could hold a match (false means it certainly does not).
    pub fn may_match(&self, text: &str) -> bool {
        let found = |set: &Option<Vec<Vec<u8>>>| match set {
            None => true,
            Some(ls) => ls
                .iter()
                .any(|l| memchr::memmem::find(text.as_bytes(), l).is_some()),
        };
        found(&self.prefixes) && found(&self.suffixes)
    }

    /// The compiled regex (compiled on first call).
    pub fn regex(&self) -> Result<&Regex, String> {
        self.compiled
            .get_or_init(|| compile(&self.pattern))
            .as_ref()
            .map_err(|e| e.clone())
    }

    /// Whether the regex matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> Result<bool, String> {
        if !self.may_match(text) {
            return Ok(false);
        }
        Ok(self.regex()?.is_match(text))
    }

    /// `is_match` for callers that only filter: a regex too large to
    /// compile matches nothing.
    pub fn matches(&self, text: &str) -> bool {
        self.is_match(text).unwrap_or(false)
    }
}

/// The literals every match begins (or ends) with, when there are few and
/// none is empty (an empty one means the match can begin with anything).
fn literals(hir: &regex_syntax::hir::Hir, kind: ExtractKind) -> Option<Vec<Vec<u8>>> {
    let seq = Extractor::new().kind(kind).extract(hir);
    let lits = seq.literals()?;
    let usable = !lits.is_empty()
        && lits.len() <= MAX_LITERALS
        && lits.iter().all(|l| !l.as_bytes().is_empty());
    usable.then(|| lits.iter().map(|l| l.as_bytes().to_vec()).collect())
}

fn compile(pattern: &str) -> Result<Regex, String> {
    regex::RegexBuilder::new(pattern)
        .size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| format!("正则表达式“{pattern}”无效：{e}"))
}

static CACHE: LazyLock<RwLock<HashMap<String, Arc<LazyRegex>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// The regex of a `/regex/` pattern as rules and configs write it, without
/// the slashes; `None` for a plain word.
pub fn regex_body(pattern: &str) -> Option<&str> {
    pattern.strip_prefix('/')?.strip_suffix('/')
}

/// The process-wide regex for `pattern` (without the surrounding slashes).
pub fn cached_regex(pattern: &str) -> Result<Arc<LazyRegex>, String> {
    if let Some(r) = CACHE.read().ok().and_then(|m| m.get(pattern).cloned()) {
        return Ok(r);
    }
    let re = Arc::new(LazyRegex::new(pattern)?);
    if let Ok(mut m) = CACHE.write() {
        if m.len() < MAX_CACHED {
            m.insert(pattern.to_string(), re.clone());
        }
    }
    Ok(re)
}

/// The patterns seen so far, and whether each was compiled (profiling).
pub fn cache_state() -> Vec<(String, bool)> {
    CACHE
        .read()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.compiled.get().is_some()))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_patterns_are_screened_and_not_compiled_for_texts_without_them() {
        let r = LazyRegex::new(r"PAGEREF\s*_Toc\d+").unwrap();
        assert_eq!(r.prefixes.as_ref().map(Vec::len), Some(1));
        assert!(!r.is_match("本年度收入合计100万元").unwrap());
        assert!(r.compiled.get().is_none(), "compiled without need");
        assert!(r.is_match("见 PAGEREF _Toc123 页").unwrap());
        assert!(r.compiled.get().is_some());
    }

    #[test]
    fn alternations_and_case_folding_give_every_prefix() {
        let r = LazyRegex::new(r"(?i)\bwww\.[a-z]+").unwrap();
        assert!(r.is_match("网址 WWW.example").unwrap());
        let r = LazyRegex::new(r"错误[!！]\s*未定义书签|Error!").unwrap();
        assert!(r.is_match("错误！未定义书签").unwrap());
        assert!(r.is_match("Error! Bookmark").unwrap());
        assert!(!r.is_match("没有错误").unwrap());
    }

    #[test]
    fn patterns_that_may_match_anything_are_not_screened() {
        for p in [r"\p{Han}〔", "[0-9０-９]+％", "a*", "^$", r"(?:比|较)?上年"] {
            let r = LazyRegex::new(p).unwrap();
            if let Some(ps) = &r.prefixes {
                assert!(ps.iter().all(|p| !p.is_empty()), "{p}");
            }
        }
        let r = LazyRegex::new("a*").unwrap();
        assert!(r.prefixes.is_none() && r.suffixes.is_none());
        assert!(r.is_match("xyz").unwrap());
        let r = LazyRegex::new(r"(?:比|较)?上年").unwrap();
        assert!(r.is_match("上年").unwrap());
    }

    #[test]
    fn a_required_ending_screens_patterns_that_begin_with_a_class() {
        let r = LazyRegex::new(r"\p{Han}〔([0-9]{4})〕([0-9]{1,5})号").unwrap();
        assert!(r.prefixes.is_none());
        assert!(!r.is_match("没有文件编号的报告").unwrap());
        assert!(r.compiled.get().is_none());
        assert!(r.is_match("湘财〔2020〕7号").unwrap());
    }

    #[test]
    fn invalid_patterns_say_why_at_once() {
        let e = LazyRegex::new("(未闭合").err().unwrap();
        assert!(e.contains("正则表达式“(未闭合”无效"), "{e}");
    }
}
