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

/// Reads a regular file, at most `max` bytes. A file that is not regular
/// (a device such as /dev/zero, a FIFO, a directory) is refused without
/// reading a byte, and the size is counted as the bytes are read, not
/// taken from the file's metadata (which says 0 for /dev/urandom and
/// /proc files): a file growing while it is read stops at the cap too.
/// Errors: `InvalidInput` for a file that is not regular, `FileTooLarge`
/// past `max`, each with a Chinese message.
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!("文件超过 {} MB 上限", max / (1024 * 1024)),
        ));
    }
    Ok(bytes)
}

/// Opens a file for reading only if it is a regular file (symlinks
/// followed). Opening a FIFO for reading would block until a writer comes,
/// so the type is looked at first, and again on the opened file.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let not_regular = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "不是普通文件（设备、管道、套接字或目录），已拒绝读取",
        )
    };
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_regular());
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_regular());
    }
    Ok(file)
}

/// Whether `output` names the same file as one of `inputs` (an output
/// path that would overwrite a report).
pub fn is_one_of(output: &Path, inputs: &[std::path::PathBuf]) -> bool {
    let Ok(out) = output.canonicalize() else {
        return false;
    };
    inputs
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .any(|p| p.canonicalize().is_ok_and(|p| p == out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_chinese() {
        let e = write_atomic(Path::new("/no/such/dir/x.html"), b"a").unwrap_err();
        assert_eq!(e.to_string(), "文件或目录不存在");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_by_others_and_existing_ones_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
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

    #[test]
    fn devices_and_directories_are_refused_and_size_is_counted() {
        for p in ["/dev/zero", "/dev/null", "/"] {
            let p = Path::new(p);
            if p.exists() {
                let e = read_capped(p, 1024).unwrap_err();
                assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput, "{p:?}");
            }
        }
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("a.txt");
        std::fs::write(&f, vec![b'x'; 2000]).unwrap();
        assert_eq!(read_capped(&f, 2000).unwrap().len(), 2000);
        let e = read_capped(&f, 1999).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::FileTooLarge);
    }
}
