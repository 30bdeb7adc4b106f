#![no_main]
//! Heading tree, paragraphs and fact extraction over arbitrary text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    reportlint::fuzzing::extract(data);
});
