#![no_main]
//! The whole built-in rule pack over arbitrary text.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    reportlint::fuzzing::lint(data);
});
