#![no_main]
//! Encoding detection and decoding of arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    reportlint::fuzzing::decode(data);
});
