#![no_main]
//! Parsing and validating arbitrary reportlint.toml text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    reportlint::fuzzing::config(data);
});
