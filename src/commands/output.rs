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

/// Refuses (with a message) an output path that is one of the inputs:
/// `check -o 报告.txt 报告.txt` would replace the report with its findings.
/// Directories given as inputs are not searched: the output would not be
/// linted as a report unless it has a report's extension and already
/// exists there, which is checked by name below.
pub(super) fn refuse_overwriting_an_input(
    output: &Path,
    inputs: &[std::path::PathBuf],
    err: &mut dyn Write,
) -> bool {
    let inside_input_dir = output.canonicalize().is_ok_and(|o| {
        is_report_path(&o)
            && inputs
                .iter()
                .filter_map(|p| p.canonicalize().ok())
                .any(|d| d.is_dir() && o.starts_with(&d))
    });
    if crate::fsutil::is_one_of(output, inputs) || inside_input_dir {
        let _ = writeln!(
            err,
            "错误：输出文件 {} 是要检查的报告之一，写入会覆盖它；请换一个输出路径",
            output.display()
        );
        return true;
    }
    false
}

fn is_report_path(p: &Path) -> bool {
    super::inputs::is_report(p)
}

/// Standard output as the commands write it: the first write error is
/// kept (commands write with `let _ = writeln!`), so that `main` can end a
/// run whose output was lost (`> /dev/full`, a closed pipe) with 2 and a
/// message instead of 0.
pub struct TrackedOut<W: Write> {
    inner: W,
    failed: Option<std::io::Error>,
}

impl<W: Write> TrackedOut<W> {
    pub fn new(inner: W) -> Self {
        TrackedOut {
            inner,
            failed: None,
        }
    }

    /// Flushes, and gives the first write error, if any.
    pub fn finish(mut self) -> Option<std::io::Error> {
        if let Err(e) = self.inner.flush() {
            self.failed.get_or_insert(e);
        }
        self.failed
    }

    fn keep<T>(&mut self, r: std::io::Result<T>) -> std::io::Result<T> {
        if let Err(e) = &r {
            if self.failed.is_none() {
                self.failed = Some(std::io::Error::new(e.kind(), e.to_string()));
            }
        }
        r
    }
}

impl<W: Write> Write for TrackedOut<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let r = self.inner.write(buf);
        self.keep(r)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        let r = self.inner.flush();
        self.keep(r)
    }
}

/// The message for output that could not be written.
pub fn write_failed_message(e: &std::io::Error) -> String {
    let why = match e.kind() {
        std::io::ErrorKind::StorageFull => "磁盘已满".to_string(),
        std::io::ErrorKind::BrokenPipe => "管道已关闭".to_string(),
        _ => e.to_string(),
    };
    format!("错误：无法写入标准输出（{why}），输出不完整")
}
