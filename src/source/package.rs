//! The .docx container: a zip read defensively. OLE files (encrypted
//! .docx, old .doc) are named as such; the entry count and the decompressed
//! size of what is read are capped, whatever the archive declares.

use std::io::{Cursor, Read};

use super::LoadError;

/// Most entries an archive may have.
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes one part may decompress to.
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// Most bytes all parts read together may decompress to.
pub const MAX_TOTAL_BYTES: u64 = 64 << 20;

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The main document part.
pub const DOCUMENT_PART: &str = "word/document.xml";

pub(crate) fn docx_err(msg: impl Into<String>) -> LoadError {
    LoadError::Docx(msg.into())
}

/// An opened .docx archive, with a budget for what may still be read.
pub struct Package<'a> {
    pub(crate) zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: u64,
}

impl<'a> Package<'a> {
    /// Opens the archive: refuses OLE files (encrypted .docx or old .doc),
    /// non-zips and archives with too many entries.
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, LoadError> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(docx_err(
                "文件已加密，或是旧版 Word（.doc）格式：请在 Word 中取消密码后另存为 .docx",
            ));
        }
        if bytes.is_empty() {
            return Err(LoadError::Empty);
        }
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            docx_err(format!(
                "不是有效的 .docx 文件：无法作为 zip 压缩包打开，文件可能已损坏或没有下载完整（{e}）"
            ))
        })?;
        if zip.len() > MAX_ENTRIES {
            return Err(docx_err(format!(
                "压缩包内有 {} 个条目，超过上限 {MAX_ENTRIES}，拒绝读取",
                zip.len()
            )));
        }
        Ok(Package {
            zip,
            budget: MAX_TOTAL_BYTES,
        })
    }

    /// Whether the archive has an entry of this name.
    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// Reads one part, decompressing at most the caps; `None` if absent.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, LoadError> {
        let Some(i) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let file = self.zip.by_index(i).map_err(|e| {
            let s = e.to_string();
            if s.to_lowercase().contains("password") || s.to_lowercase().contains("encrypt") {
                docx_err(format!("{name} 已加密，无法读取"))
            } else {
                docx_err(format!("无法解压 {name}：{s}"))
            }
        })?;
        let limit = MAX_PART_BYTES.min(self.budget);
        let mut buf = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| docx_err(format!("无法解压 {name}：{e}")))?;
        if buf.len() as u64 > limit {
            return Err(docx_err(format!(
                "{name} 解压后超过 {} MiB 上限（可能是压缩炸弹），拒绝读取",
                limit >> 20
            )));
        }
        self.budget -= buf.len() as u64;
        Ok(Some(buf))
    }

    /// Reads a part as XML text (UTF-8, or UTF-16 with a byte-order mark).
    pub fn read_xml(&mut self, name: &str) -> Result<Option<String>, LoadError> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        xml_text(name, bytes).map(Some)
    }
}

fn xml_text(name: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, bad) = enc.decode_without_bom_handling(&bytes[bom..]);
        if bad {
            return Err(docx_err(format!("{name} 的编码无法识别")));
        }
        return Ok(text.into_owned());
    }
    String::from_utf8(bytes).map_err(|_| docx_err(format!("{name} 不是 UTF-8 编码的 XML")))
}
