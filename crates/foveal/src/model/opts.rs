//! Feature option values as libvmaf stores them.
//!
//! libvmaf's model reader (`read_json_model.c::parse_feature_opts_dicts`) puts each option into a
//! dictionary (`dict.c::vmaf_dictionary_set`): numbers are normalised by reading them with
//! `strtof` and printing the `float` (promoted to `double`) with `%g`, so `1.0`, `1` and `1.00`
//! all become `"1"` and `0.6` stays `"0.6"`; booleans become `"true"`/`"false"`; strings are kept
//! verbatim. The normalised text is what later names the feature (`_egl_1`) and what two
//! extractor instances are compared by, so it has to match byte for byte.

/// Normalises a JSON number lexeme as `strtof` + `printf("%g")` would.
///
/// Returns `None` when `text` is not a number at all (the JSON reader never produces that).
use crate::features::options::fmt_g;

pub(crate) fn normalize_number(text: &str) -> Option<String> {
    // strtof is correctly rounded in glibc, as is Rust's f32 parser; going through f64 first
    // would round twice and could differ in the last bit.
    let f: f32 = text.trim().parse().ok()?;
    Some(fmt_g(f64::from(f)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_printf_g_of_strtof() {
        // Expected strings are what glibc 2.x prints for printf("%g", (double)strtof(text, 0)),
        // checked with a C program on the development machine.
        let cases = [
            ("1.0", "1"),
            ("1", "1"),
            ("17.0", "17"),
            ("1080", "1080"),
            ("0.06", "0.06"),
            ("0.6", "0.6"),
            ("0.19", "0.19"),
            ("0.02", "0.02"),
            ("0.03125", "0.03125"),
            ("100.0", "100"),
            ("10000", "10000"),
            ("123456", "123456"),
            ("1234567", "1.23457e+06"),
            ("0.0001", "0.0001"),
            ("0.00001", "1e-05"),
            ("2.5e-5", "2.5e-05"),
            ("-0.5", "-0.5"),
            ("-0.0", "-0"),
            ("0", "0"),
            ("1e39", "inf"),
            ("3.14159265", "3.14159"),
            ("999999.5", "1e+06"),
            ("0.1234565", "0.123457"),
            ("0.1234575", "0.123457"),
            ("1.0000005", "1"),
        ];
        for (text, want) in cases {
            assert_eq!(normalize_number(text).as_deref(), Some(want), "{text}");
        }
        assert_eq!(normalize_number("abc"), None);
    }
}
