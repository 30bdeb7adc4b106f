#![no_main]
//! Reading arbitrary bytes as a .docx: zip container, XML, numbering.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    reportlint::fuzzing::docx(data);
});
