//! See `hugolint::fuzzing::reporters` for what is checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hugolint::fuzzing::reporters(data));
