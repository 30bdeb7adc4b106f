//! Writing files so that nothing is ever half-written.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to a temporary file beside `path`, then renames it into
/// place: readers see the old file or the new one, never a partial one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
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
