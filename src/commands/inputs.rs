//! One input's way in: which files a command was given (walking
//! directories), how each is read, and which configuration governs it.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigError};
use crate::render;
use crate::source::{self, LoadError, Source};

/// One input: a file on disk or standard input.
#[derive(Debug, Clone)]
pub(crate) enum Input {
    File(PathBuf),
    Stdin,
}

impl Input {
    pub(crate) fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".into(),
        }
    }
}

/// Whether a file name has a report extension.
pub(super) fn is_report(p: &Path) -> bool {
    let ext = extension(p);
    if source::is_office_lock_file(p) {
        return false;
    }
    source::REPORT_EXTENSIONS.contains(&ext.as_str())
        || ext == "docx"
        || source::FORM_EXTENSIONS.contains(&ext.as_str())
        || source::OLD_WORD_EXTENSIONS.contains(&ext.as_str())
}

fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Files under `paths`: files as given, directories walked recursively by
/// extension, honouring `.gitignore`/`.ignore` files (also outside a git
/// repository) and skipping hidden entries, `target` and `node_modules`;
/// each directory's files sorted.
pub(super) fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
        } else if p.is_dir() {
            let mut files = Vec::new();
            let walker = ignore::WalkBuilder::new(p)
                .hidden(true)
                .git_ignore(true)
                .git_exclude(true)
                .ignore(true)
                .require_git(false)
                .filter_entry(|e| {
                    let n = e.file_name();
                    n != "target" && n != "node_modules"
                })
                .build();
            for entry in walker {
                match entry {
                    // X.reviewed.docx (annotate) and X.fixed.docx (--fix)
                    // beside a report are not reports of their own.
                    Ok(e)
                        if e.file_type().is_some_and(|t| t.is_file())
                            && is_report(e.path())
                            && !crate::fix::is_derived_copy(e.path()) =>
                    {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(format!("{}：{e}", p.display())),
                }
            }
            files.sort();
            out.extend(files.into_iter().map(Input::File));
        } else if let Ok(meta) = std::fs::metadata(p) {
            // A device, FIFO or socket (or a link to one) named on the
            // command line is refused: /dev/zero would never end, a FIFO
            // would wait for a writer. Standard input is `-`.
            if meta.is_file() {
                out.push(Input::File(p.clone()));
            } else {
                errors.push(format!(
                    "{}：不是普通文件（设备、管道或套接字），已拒绝；从标准输入读取请用 -",
                    p.display()
                ));
            }
        } else {
            errors.push(format!("{}：文件不存在", p.display()));
        }
    }
    out
}

pub(super) fn load(input: &Input) -> Result<Source, LoadError> {
    match input {
        Input::File(p) => source::load_path(p),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(source::MAX_INPUT_BYTES + 1)
                .read_to_end(&mut bytes)?;
            source::load_bytes("<stdin>".into(), &bytes)
        }
    }
}

/// Writes a config error with its TOML line.
pub fn write_config_error(err: &mut dyn Write, e: &ConfigError, color: bool) {
    let bytes = render::human::render_located(&e.path, &e.text, e.span.clone(), &e.message, color);
    let _ = err.write_all(&bytes);
}

/// Loads the configuration for a path: `--config` if given, else the
/// nearest `reportlint.toml` upward, else defaults.
pub(crate) fn config_for(explicit: Option<&Path>, input: &Input) -> Result<Config, ConfigError> {
    if let Some(p) = explicit {
        return Config::load(p);
    }
    let start = match input {
        Input::File(p) => p.clone(),
        Input::Stdin => PathBuf::from("."),
    };
    match config::discover(&start) {
        Some(p) => Config::load(&p),
        None => Ok(Config::default()),
    }
}
