//! See `hugolint::server::framing::fuzz_check` for what is checked.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| hugolint::server::framing::fuzz_check(data));
