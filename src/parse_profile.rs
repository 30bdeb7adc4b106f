//! A report's family (profile): the one the command line or the config
//! names, else the one its title says; and parsing a source with it.

use crate::config::Overrides;
use crate::config::{Config, ConfigError};
use crate::document::Document;
use crate::profile;
use crate::source::Source;

/// The report family the command line or the config names, if any
/// (otherwise each report's title decides).
pub fn resolve_profile(config: &Config, over: &Overrides) -> Result<Option<String>, ConfigError> {
    // The last layer (extends) that names a profile.
    let config = config
        .layers()
        .into_iter()
        .rev()
        .find(|c| c.file.profile.is_some())
        .unwrap_or(config);
    let f = &config.file;
    let profile = over
        .profile
        .clone()
        .or_else(|| f.profile.as_ref().map(|p| p.get_ref().clone()));
    if let Some(p) = &profile {
        if !profile::is_known(p) {
            let span = f.profile.as_ref().map(|s| s.span());
            return Err(config.error(
                span,
                format!(
                    "未知的报告类型“{p}”：应为 dept-overall、project-self-eval 或 final-accounts"
                ),
            ));
        }
    }
    Ok(profile)
}

/// Parses a source into a document; its profile is `profile` when given,
/// else what its title says.
pub fn parse_with_profile(src: Source, profile: Option<&str>) -> Document {
    crate::isolation::inject_fault(&src.name);
    let mut doc = crate::document::build(&src.name, src.text);
    doc.locations = src.locations;
    // A spreadsheet is a form, not a report: the report-structure rules of a
    // profile (sections, a stated score and grade) do not apply unless asked.
    // So is a Word or text file that is mostly a form's table.
    let sheet = src
        .tables
        .iter()
        .any(|t| matches!(t.origin, "xlsx" | "csv"));
    if !src.tables.is_empty() {
        doc.tables = src.tables;
    }
    // Figures are read once the tables are the loader's (a spreadsheet's
    // grid, merges included): a cell's column header is the grid's.
    doc.facts = crate::facts::extract(&doc);
    let form = sheet || crate::pairing::is_form(&doc);
    doc.is_form = form;
    match profile {
        Some(p) => {
            doc.profile = Some(p.to_string());
            doc.profile_reason = "配置文件或命令行指定".into();
        }
        None if sheet => doc.profile_reason = "电子表格：按表格核对，不按报告结构检查".into(),
        None if form => {
            doc.profile_reason =
                "表格文件（自评表、基础数据表等）：按表格核对，不按报告结构检查".into()
        }
        None => {
            if let Some((p, why)) = profile::detect_document(&doc) {
                doc.profile = Some(p.to_string());
                doc.profile_reason = why;
            }
        }
    }
    doc
}
