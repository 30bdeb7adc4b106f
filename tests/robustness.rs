//! No report text crashes a run: seeded mutations of every real report
//! (fixtures/realdev) and every fixture, linted in-process with the whole
//! built-in pack. Each variant must lint without a panic (caught here, so
//! that every failing variant is listed with its seed) and its findings
//! must serialise to JSON that parses back.
//!
//! Mutations, as a hostile or careless writer would make them:
//! punctuation swapped ASCII ↔ full-width (digits too), all lines joined,
//! every sentence split onto its own line, random deletions, bytes cut
//! inside characters (decoded as reports are, then lossily), very long
//! numbers (40 digits, 28 and more decimals), lines shuffled and repeated,
//! the known reproducers spliced in, and pairs of these.
//!
//! `ROBUSTNESS_VARIANTS=N` runs N variants instead of the default (the
//! long run quoted in fuzz/README.md).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use reportlint::config::Config;
use reportlint::linter::{Linter, Overrides};

/// Default variant count: about a minute on two cores in a debug build.
const VARIANTS: usize = 5_000;

/// The texts that panicked before (issue 11), as found.
const REPRODUCERS: &[&str] = &[
    // The colon after 即 stepped over as if full-width.
    "内设机构1个处,即:我局办公室。",
    "1个处,即:我",
    // 28 decimals: half a unit of the last place does not fit a Decimal.
    "在职0.0000000000000000000000000001人，其中行政8人事业6人。",
    // rust_decimal's fixed formatting buffer.
    "0.00000000000000000000001万：3065.1万占2%",
];

fn linter() -> &'static Linter {
    static L: OnceLock<Linter> = OnceLock::new();
    L.get_or_init(|| Linter::new(&Config::default(), &Overrides::default()).expect("rules"))
}

fn texts() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = vec![root.join("daxiang-2020-gov-office.txt")];
    for dir in ["realdev", "clean", "broken"] {
        let mut v: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        v.sort();
        files.extend(v);
    }
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p.file_name().unwrap().to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// SplitMix64: a seeded generator, so that every variant can be rebuilt
/// from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const PAIRS: &[(char, char)] = &[
    ('，', ','),
    ('。', '.'),
    ('：', ':'),
    ('；', ';'),
    ('（', '('),
    ('）', ')'),
    ('％', '%'),
    ('、', ','),
    ('！', '!'),
    ('？', '?'),
    ('“', '"'),
    ('”', '"'),
];

fn to_ascii(s: &str) -> String {
    s.chars()
        .map(|c| PAIRS.iter().find(|p| p.0 == c).map_or(c, |p| p.1))
        .collect()
}

fn to_full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
            '.' => '．',
            _ => PAIRS.iter().find(|p| p.1 == c).map_or(c, |p| p.0),
        })
        .collect()
}

fn split_sentences(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        out.push(c);
        if matches!(c, '。' | '；' | '，' | '：' | '.' | ';' | ',') {
            out.push('\n');
        }
    }
    out
}

fn delete_ranges(s: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    for _ in 0..1 + rng.below(20) {
        if chars.is_empty() {
            break;
        }
        let at = rng.below(chars.len());
        let len = (1 + rng.below(30)).min(chars.len() - at);
        chars.drain(at..at + len);
    }
    chars.into_iter().collect()
}

/// Cuts bytes out of the middle of characters.
fn cut_bytes(s: &str, rng: &mut Rng) -> Vec<u8> {
    let mut b = s.as_bytes().to_vec();
    for _ in 0..1 + rng.below(8) {
        if b.is_empty() {
            break;
        }
        let at = rng.below(b.len());
        b.remove(at);
    }
    if rng.below(3) == 0 && !b.is_empty() {
        let at = rng.below(b.len());
        b.truncate(at.max(1));
    }
    b
}

const LONG_NUMBERS: &[&str] = &[
    "1234567890123456789012345678901234567890",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000000000000001",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "12345678901234567890.123456789012345678901",
    "99999999999999999999999999999.9999",
    "1,234,567,890,123,456,789,012,345,678",
    "１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０",
];

/// Replaces some runs of digits by very long numbers.
fn long_numbers(s: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(s.len() + 256);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_digit() {
            let mut run = String::from(c);
            while let Some(&d) = chars.peek() {
                if d.is_ascii_digit() || d == '.' {
                    run.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if rng.below(4) == 0 {
                out.push_str(LONG_NUMBERS[rng.below(LONG_NUMBERS.len())]);
            } else {
                out.push_str(&run);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn shuffle_lines(s: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<&str> = s.lines().collect();
    for _ in 0..1 + rng.below(10) {
        if lines.len() < 2 {
            break;
        }
        let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
        if rng.below(2) == 0 {
            lines.swap(a, b);
        } else {
            let l = lines[a];
            lines.insert(b, l);
        }
    }
    lines.join("\n")
}

fn splice_reproducers(s: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        let r = REPRODUCERS[rng.below(REPRODUCERS.len())];
        let at = rng.below(lines.len() + 1);
        if at < lines.len() && rng.below(2) == 0 {
            lines[at].push_str(r);
        } else {
            lines.insert(at, r.to_string());
        }
    }
    lines.join("\n")
}

/// One mutation of `text`, as bytes (a report arrives as bytes).
fn mutate(text: &str, kind: usize, rng: &mut Rng) -> Vec<u8> {
    match kind {
        0 => to_ascii(text).into_bytes(),
        1 => to_full_width(text).into_bytes(),
        2 => text.replace('\n', "").into_bytes(),
        3 => split_sentences(text).into_bytes(),
        4 => delete_ranges(text, rng).into_bytes(),
        5 => cut_bytes(text, rng),
        6 => long_numbers(text, rng).into_bytes(),
        7 => shuffle_lines(text, rng).into_bytes(),
        8 => splice_reproducers(text, rng).into_bytes(),
        _ => {
            // Two of the above, the second over the first's result.
            let first = mutate(text, rng.below(9), rng);
            let first = String::from_utf8_lossy(&first).into_owned();
            mutate(&first, rng.below(9), rng)
        }
    }
}

/// Lints one variant: Ok(findings) or Err(why it failed the test).
fn lint_variant(name: &str, bytes: &[u8]) -> Result<usize, String> {
    let run = catch_unwind(AssertUnwindSafe(|| {
        let mut n = 0;
        // As read from a file; then, for bytes that do not decode, as the
        // text a lossy reader would make of them (so that cut characters
        // reach the parser and the rules too).
        let mut sources = Vec::new();
        if let Ok(src) = reportlint::source::load_bytes(name.into(), bytes) {
            sources.push(src);
        } else {
            let text = String::from_utf8_lossy(bytes).into_owned();
            if let Ok(src) = reportlint::source::load_bytes(name.into(), text.as_bytes()) {
                sources.push(src);
            }
        }
        for src in sources {
            let report = linter().lint(src);
            let json =
                reportlint::render::json::render(std::slice::from_ref(&report), Default::default());
            let v: serde_json::Value =
                serde_json::from_str(&json).map_err(|e| format!("JSON: {e}"))?;
            n += v["diagnostics"].as_array().map_or(0, Vec::len);
        }
        Ok::<usize, String>(n)
    }));
    match run {
        Ok(r) => r,
        Err(p) => Err(p
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panic".into())),
    }
}

#[test]
fn mutated_reports_lint_without_a_panic_and_serialise() {
    let texts = Arc::new(texts());
    assert!(texts.len() >= 60, "fixtures: {}", texts.len());
    let variants: usize = std::env::var("ROBUSTNESS_VARIANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(VARIANTS);
    let failures = Mutex::new(Vec::new());
    let findings = AtomicUsize::new(0);
    let started = std::time::Instant::now();
    (0..variants).into_par_iter().for_each(|i| {
        let seed = 0x5EED_0000 + i as u64;
        let mut rng = Rng(seed);
        let (name, text) = &texts[i % texts.len()];
        let kind = (i / texts.len()) % 10;
        let bytes = mutate(text, kind, &mut rng);
        match lint_variant(name, &bytes) {
            Ok(n) => {
                findings.fetch_add(n, Ordering::Relaxed);
            }
            Err(why) => failures
                .lock()
                .unwrap()
                .push(format!("{name} mutation {kind} seed {seed:#x}: {why}")),
        }
    });
    let failures = failures.into_inner().unwrap();
    eprintln!(
        "{variants} variants of {} texts in {:.1} s, {} findings, {} failures",
        texts.len(),
        started.elapsed().as_secs_f64(),
        findings.load(Ordering::Relaxed),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_known_reproducers_lint_without_a_panic() {
    for r in REPRODUCERS {
        let text = format!(
            "2020年度某局部门整体支出绩效评价报告\n一、基本情况\n（一）人员情况\n{r}\n二、部门整体支出情况\n{r}\n"
        );
        lint_variant("repro.txt", text.as_bytes()).unwrap_or_else(|e| panic!("{r}: {e}"));
    }
}

/// A bureau rule doing the sums that panicked inside rust_decimal: a value
/// or a rule-error, never a panic.
#[test]
fn decimal_maths_in_a_rule_is_a_value_or_a_rule_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("maths.rhai"),
        r#"//! id: bureau-maths
//! category: bureau
//! severity: warning
//! summary: maths
fn check(doc, options) {
    let a = fmt(dec("12345678901234567890"), 12);
    let b = fmt(dec("0.00000000000000000000001"), 12);
    let c = fmt(dec("-79228162514264337593543950335"), 0);
    [finding(doc.title_span, a + " " + b + " " + c)]
}
"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tan.rhai"),
        r#"//! id: bureau-tan
//! category: bureau
//! severity: warning
//! summary: tan
fn check(doc, options) {
    let t = dec("1.5707963267948966192313216916").tan();
    [finding(doc.title_span, `${t}`)]
}
"#,
    )
    .unwrap();
    let over = Overrides {
        rule_dirs: vec![dir.path().to_path_buf()],
        select: vec!["category:bureau".into()],
        ..Default::default()
    };
    let l = Linter::new(&Config::default(), &over).unwrap();
    let src =
        reportlint::source::load_bytes("r.txt".into(), "2020年度某局报告\n正文。\n".as_bytes())
            .unwrap();
    let report = l.lint(src);
    let by = |rule: &str| {
        report
            .diagnostics
            .iter()
            .find(|d| d.rule == rule || d.message.contains(rule))
            .unwrap_or_else(|| panic!("{rule}: {:?}", report.diagnostics))
            .message
            .clone()
    };
    assert_eq!(
        by("bureau-maths"),
        "12345678901234567890.000000000000 0.000000000000 -79228162514264337593543950335"
    );
    // tan at (nearly) π/2 overflows: a rule-error naming tan.
    let tan = by("bureau-tan");
    assert!(
        tan.contains("rule") || tan.contains("规则 bureau-tan 运行失败"),
        "{tan}"
    );
    assert!(tan.contains("tan(") && tan.contains("无法计算"), "{tan}");
}
