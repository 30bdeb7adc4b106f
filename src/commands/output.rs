//! Writing a command's output: to `-o FILE` atomically, or to stdout.

use std::io::Write;
use std::path::Path;

/// Sends rendered output to `-o FILE` (atomically) or to `out`.
pub(super) fn emit(
    output: Option<&Path>,
    bytes: &[u8],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    match output {
        Some(path) => match crate::fsutil::write_atomic(path, bytes) {
            Ok(()) => true,
            Err(e) => {
                let _ = writeln!(err, "错误：无法写入 {}：{e}", path.display());
                false
            }
        },
        None => out.write_all(bytes).is_ok(),
    }
}
