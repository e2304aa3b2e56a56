//! The text of JSON strings, as the scanner reads it without parsing: where a string ends, and
//! the lone surrogates written as escapes it holds.

/// Where the string whose first byte is at `start` ends (its closing quote, or the end of the
/// text), and whether it holds an escape. Eight bytes at a time: a string is mostly bytes that
/// are neither a quote nor a backslash.
#[inline(always)]
pub(super) fn string_end(b: &[u8], start: usize) -> (usize, bool) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    /// The high bit of each byte of `w` that equals `c` (exact for the lowest such byte).
    #[inline]
    fn bytes_equal(w: u64, c: u8) -> u64 {
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & HIGH
    }
    let mut j = start;
    let mut escaped = false;
    loop {
        while let Some(chunk) = b.get(j..j + 8) {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let w = u64::from_le_bytes(word);
            let found = bytes_equal(w, b'"') | bytes_equal(w, b'\\');
            if found != 0 {
                j += (found.trailing_zeros() / 8) as usize;
                break;
            }
            j += 8;
        }
        match b.get(j) {
            None => return (b.len(), escaped),
            Some(b'"') => return (j, escaped),
            Some(b'\\') => {
                escaped = true;
                j += 2;
            }
            Some(_) => j += 1,
        }
    }
}

/// The first escape of a lone surrogate (`\ud800` without its pair, or `\udc00` alone) in a
/// string's text, as written.
pub(super) fn lone_escape(s: &[u8]) -> Option<String> {
    let unit = |at: usize| -> Option<u16> {
        let e = s.get(at..at.checked_add(6)?)?;
        if &e[..2] != br"\u" {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&e[2..]).ok()?, 16).ok()
    };
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        if c != b'\\' {
            i += 1;
            continue;
        }
        match unit(i) {
            Some(0xD800..=0xDBFF) if matches!(unit(i + 6), Some(0xDC00..=0xDFFF)) => i += 12,
            Some(0xD800..=0xDFFF) => return Some(String::from_utf8_lossy(&s[i..i + 6]).into()),
            Some(_) => i += 6,
            None => i += 2,
        }
    }
    None
}
