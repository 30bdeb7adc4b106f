//! Layered configuration: `extends` (a province's pack refined by a
//! city's and a county's), `extend-select`, `per-file-ignores`. Each layer
//! keeps its own file and text, so an error points at the line of the file
//! that holds it.

use std::path::{Path, PathBuf};

use super::{Config, ConfigError};

/// How deep `extends` may nest (a province, a city, a county, a bureau …).
const MAX_DEPTH: usize = 16;

/// Loads `path` and, first, every file it extends. `stack` holds the files
/// being loaded, to refuse a cycle.
pub(super) fn load_with_parents(
    path: &Path,
    stack: &mut Vec<PathBuf>,
) -> Result<Config, ConfigError> {
    let mut cfg = Config::load_one(path)?;
    let me = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    stack.push(me);
    let base = cfg.base_dir();
    let mut parents = Vec::new();
    for e in cfg.file.extends.iter().flatten() {
        let p = lexically_normal(&base.join(e.get_ref()));
        let canon = std::fs::canonicalize(&p).unwrap_or_else(|_| p.clone());
        if !p.is_file() {
            return Err(cfg.error(
                Some(e.span()),
                format!("extends 指向的配置文件“{}”不存在", e.get_ref()),
            ));
        }
        if stack.contains(&canon) {
            return Err(cfg.error(
                Some(e.span()),
                format!("extends 形成循环：“{}”已在继承链中", e.get_ref()),
            ));
        }
        if stack.len() >= MAX_DEPTH {
            return Err(cfg.error(Some(e.span()), format!("extends 嵌套超过 {MAX_DEPTH} 层")));
        }
        parents.push(load_with_parents(&p, stack)?);
    }
    stack.pop();
    cfg.parents = parents;
    Ok(cfg)
}

/// `a/b/../c` as `a/c`, without touching the disk (paths in messages
/// stay as the user wrote them, only shorter).
fn lexically_normal(p: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir
                if out
                    .components()
                    .next_back()
                    .is_some_and(|l| matches!(l, Component::Normal(_))) =>
            {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

impl Config {
    /// The layers, each file after the files it extends (the last wins).
    pub fn layers(&self) -> Vec<&Config> {
        let mut out = Vec::new();
        for p in &self.parents {
            for l in p.layers() {
                if !out.iter().any(|x: &&Config| std::ptr::eq(*x, l)) {
                    out.push(l);
                }
            }
        }
        out.push(self);
        out
    }

    /// The rules selected over all layers: the last `select` written
    /// (else `*`), plus every `extend-select` from that layer on.
    pub fn selection(&self) -> Vec<String> {
        let mut select = vec!["*".to_string()];
        for c in self.layers() {
            if let Some(s) = &c.file.select {
                select = s.iter().map(|x| x.get_ref().clone()).collect();
            }
            select.extend(
                c.file
                    .extend_select
                    .iter()
                    .flatten()
                    .map(|x| x.get_ref().clone()),
            );
        }
        select
    }

    /// Every `ignore` entry of every layer.
    pub fn ignored(&self) -> Vec<String> {
        self.layers()
            .iter()
            .flat_map(|c| c.file.ignore.iter().flatten().map(|x| x.get_ref().clone()))
            .collect()
    }

    /// Every selector written in any layer, with the layer, for checking
    /// that each names a rule.
    pub fn selectors(&self) -> Vec<(&Config, &toml::Spanned<String>)> {
        let mut out = Vec::new();
        for c in self.layers() {
            let f = &c.file;
            for s in f
                .select
                .iter()
                .flatten()
                .chain(f.ignore.iter().flatten())
                .chain(f.extend_select.iter().flatten())
                .chain(f.per_file_ignores.values().flatten())
            {
                out.push((c, s));
            }
        }
        out
    }

    /// The value of the last layer that sets it.
    pub fn last<T>(&self, get: impl Fn(&Config) -> Option<T>) -> Option<T> {
        self.layers().into_iter().rev().find_map(get)
    }

    /// `per-file-ignores` of every layer, globs compiled.
    pub fn per_file_ignores(&self) -> Result<Vec<PerFileIgnore>, ConfigError> {
        let mut out = Vec::new();
        for c in self.layers() {
            for (glob, rules) in &c.file.per_file_ignores {
                let matcher = globset::GlobBuilder::new(glob.get_ref())
                    .literal_separator(true)
                    .build()
                    .map_err(|e| {
                        c.error(
                            Some(glob.span()),
                            format!(
                                "per-file-ignores 的路径模式“{}”无效：{}",
                                glob.get_ref(),
                                e.kind()
                            ),
                        )
                    })?
                    .compile_matcher();
                out.push(PerFileIgnore {
                    base: c.base_dir(),
                    matcher,
                    rules: rules.iter().map(|r| r.get_ref().clone()).collect(),
                });
            }
        }
        Ok(out)
    }
}

/// Rules ignored for the files a glob matches.
#[derive(Debug, Clone)]
pub struct PerFileIgnore {
    /// The directory of the config file that wrote it.
    pub base: PathBuf,
    pub matcher: globset::GlobMatcher,
    /// Selectors (ids, globs, categories).
    pub rules: Vec<String>,
}

impl PerFileIgnore {
    /// Whether the glob matches `file` (as named on the command line):
    /// its path relative to the config's directory, else as given.
    pub fn matches(&self, file: &str) -> bool {
        let p = Path::new(file);
        let rel = match (std::fs::canonicalize(p), std::fs::canonicalize(&self.base)) {
            (Ok(a), Ok(b)) => a.strip_prefix(&b).map(Path::to_path_buf).ok(),
            _ => None,
        };
        rel.is_some_and(|r| self.matcher.is_match(r)) || self.matcher.is_match(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, rel: &str, text: &str) -> PathBuf {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn a_county_refines_a_city_that_refines_a_province() {
        let d = tempfile::tempdir().unwrap();
        write(
            d.path(),
            "省/reportlint.toml",
            "select = [\"category:balance\"]\nignore = [\"sangong-sum\"]\nfail-on = \"warning\"\n",
        );
        write(
            d.path(),
            "省/市/reportlint.toml",
            "extends = [\"../reportlint.toml\"]\nextend-select = [\"number-format\"]\n",
        );
        let county = write(
            d.path(),
            "省/市/县/reportlint.toml",
            "extends = [\"../reportlint.toml\"]\nextend-select = [\"typo-lexicon\"]\nfail-on = \"error\"\n",
        );
        let c = Config::load(&county).unwrap();
        assert_eq!(c.layers().len(), 3);
        assert_eq!(
            c.selection(),
            vec!["category:balance", "number-format", "typo-lexicon"]
        );
        assert_eq!(c.ignored(), vec!["sangong-sum"]);
        assert_eq!(
            c.last(|l| l.file.fail_on.as_ref().map(|f| f.get_ref().clone()))
                .as_deref(),
            Some("error")
        );
    }

    #[test]
    fn a_missing_or_circular_parent_is_an_error_on_its_line() {
        let d = tempfile::tempdir().unwrap();
        let a = write(
            d.path(),
            "a.toml",
            "fail-on = \"error\"\nextends = [\"b.toml\"]\n",
        );
        write(d.path(), "b.toml", "extends = [\"a.toml\"]\n");
        let e = Config::load(&a).unwrap_err();
        assert!(e.message.contains("循环"), "{}", e.message);
        let m = write(d.path(), "m.toml", "\nextends = [\"nope.toml\"]\n");
        let e = Config::load(&m).unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert!(e.message.contains("不存在"));
    }

    #[test]
    fn per_file_globs_are_relative_to_their_config() {
        let d = tempfile::tempdir().unwrap();
        let cfg = write(
            d.path(),
            "reportlint.toml",
            "[per-file-ignores]\n\"2019/*.txt\" = [\"number-format\"]\n",
        );
        let old = write(d.path(), "2019/a.txt", "x");
        let new = write(d.path(), "2020/a.txt", "x");
        let c = Config::load(&cfg).unwrap();
        let p = c.per_file_ignores().unwrap();
        assert!(p[0].matches(&old.display().to_string()));
        assert!(!p[0].matches(&new.display().to_string()));
    }
}
