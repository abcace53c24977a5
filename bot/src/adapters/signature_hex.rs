//! Signatures and keys written in hexadecimal, read strictly: exactly twice as
//! many digits as bytes, each `0-9`, `a-f` or `A-F`, nothing else. A looser
//! reading (Rust's `from_str_radix` takes `+f` for `0f`) lets one signature be
//! written several ways, so that a replay slips past a memory of the ways
//! already seen; the replay guard therefore keeps the decoded bytes.

/// The `N` bytes `text` spells in hexadecimal, or `None` if it is anything else.
pub fn decode<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut bytes = [0u8; N];
    hex::decode_to_slice(text, &mut bytes).ok()?;
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn exactly_the_digits_of_the_bytes() {
        assert_eq!(decode::<2>("0fAb"), Some([0x0f, 0xab]));
        assert_eq!(decode::<2>("+fab"), None, "a sign is not a digit");
        assert_eq!(decode::<2>(" fab"), None);
        assert_eq!(decode::<2>("0fa"), None);
        assert_eq!(decode::<2>("0fab0"), None);
        assert_eq!(decode::<2>("0fabcd"), None);
        assert_eq!(decode::<2>("zzzz"), None);
        assert_eq!(decode::<2>("éé"), None);
    }
}
