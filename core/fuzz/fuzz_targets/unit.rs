#![no_main]

use libfuzzer_sys::fuzz_target;
use parindex::fuzzing::Target;

fuzz_target!(|data: &[u8]| parindex_fuzz::run(Target::Unit, data));
