//! `reportlint init`: a commented starter configuration.

use std::io::Write;
use std::path::Path;

use super::Outcome;
use crate::config;

/// `reportlint init`: writes a commented starter file, never over an
/// existing one.
pub fn init(dir: &Path, force: bool, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let path = dir.join(config::CONFIG_NAME);
    if path.exists() && !force {
        let _ = writeln!(err, "错误：{} 已存在（用 --force 覆盖）", path.display());
        return Outcome::Error;
    }
    match crate::fsutil::write_atomic(&path, config::STARTER.as_bytes()) {
        Ok(()) => {
            let _ = writeln!(out, "已写入 {}", path.display());
            Outcome::Clean
        }
        Err(e) => {
            let _ = writeln!(err, "错误：无法写入 {}：{e}", path.display());
            Outcome::Error
        }
    }
}
