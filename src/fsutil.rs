//! Writing files so that nothing is ever half-written.

use std::io::Write;
use std::path::Path;

/// What went wrong with a file, in one Chinese phrase (the system's own
/// English text only in brackets, for the cases not named here).
pub fn io_zh(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "文件或目录不存在".into(),
        K::PermissionDenied => "没有访问权限".into(),
        K::AlreadyExists => "文件已存在".into(),
        K::IsADirectory => "这是一个目录，不是文件".into(),
        K::NotADirectory => "路径中有一段不是目录".into(),
        K::StorageFull => "磁盘空间不足".into(),
        K::ReadOnlyFilesystem => "文件系统只读".into(),
        K::InvalidData => "内容无法按文本读取".into(),
        K::Interrupted => "操作被中断".into(),
        K::OutOfMemory => "内存不足".into(),
        _ => match e.raw_os_error() {
            Some(code) => format!("系统错误（错误码 {code}：{e}）"),
            None => format!("系统错误（{e}）"),
        },
    }
}

/// [`write_atomic`], the error in Chinese ([`io_zh`]).
fn zh(e: std::io::Error) -> std::io::Error {
    let msg = io_zh(&e);
    std::io::Error::new(e.kind(), msg)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place: readers see the old file or the new one, never a partial one.
/// A file that already exists keeps its permissions; a new one gets the
/// usual 0666 less the umask (0644 with the common umask 022), not the
/// 0600 of a temporary file, so colleagues and web servers can read a
/// review page or a baseline.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_inner(path, bytes).map_err(zh)
}

fn write_atomic_inner(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let existing = std::fs::metadata(path).ok().map(|m| m.permissions());
    let mut builder = tempfile::Builder::new();
    builder.prefix(".reportlint-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Created with mode 0666: the process umask applies, as for any
        // file a program creates.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    if let Some(p) = existing {
        tmp.as_file().set_permissions(p)?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_chinese() {
        let e = write_atomic(Path::new("/no/such/dir/x.html"), b"a").unwrap_err();
        assert_eq!(e.to_string(), "文件或目录不存在");
    }
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn new_files_are_readable_by_others_and_existing_ones_keep_their_mode() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("review.html");
        write_atomic(&p, b"a").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // The process umask, as Linux reports it (022 almost everywhere).
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|u| u32::from_str_radix(u.trim(), 8).ok())
            })
            .unwrap_or(0o022);
        assert_eq!(mode, 0o666 & !umask, "mode {mode:o}, umask {umask:o}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"b").unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }
}
