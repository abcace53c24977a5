//! Money: an [`Amount`] in hundredths (cents) of a [`Currency`], parsed from the
//! way sales reps write it (`50k`, `$1.2M`, `30,000 EUR`, `€30k`, `12500.50`) with
//! exact integer arithmetic, and shown back the same way (`$50,000`, `30,000 CHF`).

use std::fmt;

use super::{quoted, ValueError};

/// The accepted forms, ending every amount error.
const AMOUNT_FORMS: &str = "Write it like 50k, $1.2M, 30,000 EUR or 12500.50.";

/// The largest amount accepted, in whole units of the currency.
const MAX_MAJOR: i128 = 1_000_000_000_000_000;

/// The currency codes an amount may be written with (ISO 4217, in use). A code
/// outside this list is still accepted when it is the team's default currency.
const KNOWN_CODES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

/// A three-letter, upper-case currency code such as `USD` or `EUR`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");
    pub const GBP: Currency = Currency(*b"GBP");
    pub const JPY: Currency = Currency(*b"JPY");

    /// Any three letters, in any case: `eur` is `EUR`. Used for configuration and
    /// stored values, so it does not insist on a code it knows.
    pub fn parse(input: &str) -> Result<Currency, ValueError> {
        let code = input.trim();
        Currency::from_letters(code).ok_or_else(|| {
            ValueError::new(format!(
                "{} is not a currency code. Use three letters, like USD, EUR or GBP.",
                quoted(code)
            ))
        })
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored, so this cannot fail.
        std::str::from_utf8(&self.0).unwrap_or("???")
    }

    /// The sign written before amounts of this currency, if it has a common one.
    pub fn symbol(&self) -> Option<char> {
        match &self.0 {
            b"USD" => Some('$'),
            b"EUR" => Some('€'),
            b"GBP" => Some('£'),
            b"JPY" => Some('¥'),
            _ => None,
        }
    }

    fn from_symbol(symbol: char) -> Option<Currency> {
        match symbol {
            '$' => Some(Currency::USD),
            '€' => Some(Currency::EUR),
            '£' => Some(Currency::GBP),
            '¥' => Some(Currency::JPY),
            _ => None,
        }
    }

    fn from_letters(code: &str) -> Option<Currency> {
        match code.as_bytes() {
            &[a, b, c] if [a, b, c].iter().all(u8::is_ascii_alphabetic) => Some(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => None,
        }
    }

    fn is_known(&self) -> bool {
        KNOWN_CODES.binary_search(&self.as_str()).is_ok()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An amount of money: `minor` is in hundredths of the currency's unit (cents),
/// for every currency alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    pub minor: i64,
    pub currency: Currency,
}

impl Amount {
    /// Reads an amount as sales reps write it:
    ///
    /// - a number, with `,` between groups of three digits (`30,000`) and up to
    ///   cents after a `.` (`12500.50`);
    /// - optionally `k` (thousand) or `m` (million) right after it: `50k`, `1.2M`;
    /// - optionally a currency: a sign before it (`$` USD, `€` EUR, `£` GBP,
    ///   `¥` JPY), or a code before or after it (`EUR 30000`, `30,000 EUR`,
    ///   `30,000EUR`); otherwise `default_currency`.
    ///
    /// Zero is allowed; negative amounts, fractions of a cent and amounts above
    /// 10^15 are not.
    pub fn parse(input: &str, default_currency: &Currency) -> Result<Amount, ValueError> {
        let text = input.trim();
        if text.is_empty() {
            return Err(ValueError::new(format!(
                "The amount is missing. {AMOUNT_FORMS}"
            )));
        }
        let not_an_amount =
            || ValueError::new(format!("{} is not an amount. {AMOUNT_FORMS}", quoted(text)));

        if text.starts_with(is_minus) {
            return Err(negative(text));
        }
        let (before, rest) = leading_currency(text, default_currency)?;
        let rest = rest.trim_start();
        if rest.starts_with(is_minus) {
            return Err(negative(text));
        }

        let number_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(number_len);
        let (whole, fraction) = match number.split_once('.') {
            None => (number, ""),
            Some((whole, fraction)) => {
                if fraction.is_empty() || fraction.contains(['.', ',']) {
                    return Err(not_an_amount());
                }
                (whole, fraction)
            }
        };
        if whole.is_empty() || whole.starts_with(',') {
            return Err(not_an_amount());
        }
        if !commas_in_place(whole) {
            return Err(ValueError::new(format!(
                "{} has a comma in the wrong place: commas go between groups of three digits, \
                 like 1,000,000. {AMOUNT_FORMS}",
                quoted(text)
            )));
        }

        let (multiplier, after) = trailing_units(tail, default_currency)
            .ok_or_else(|| tail_error(text, tail).unwrap_or_else(not_an_amount))?;
        let currency = match (before, after) {
            (Some(first), Some(second)) if first != second => {
                return Err(ValueError::new(format!(
                    "{} names two currencies, {first} and {second}: use just one. \
                     {AMOUNT_FORMS}",
                    quoted(text)
                )));
            }
            (Some(currency), _) | (None, Some(currency)) => currency,
            (None, None) => *default_currency,
        };

        let minor = to_minor(whole, fraction, multiplier).map_err(|problem| match problem {
            Problem::TooLarge => ValueError::new(format!(
                "{} is too large: the most an amount can be is 1,000,000,000,000,000. \
                 {AMOUNT_FORMS}",
                quoted(text)
            )),
            Problem::FractionOfCent => ValueError::new(format!(
                "{} comes to a fraction of a cent: use at most two decimals, like 12500.50. \
                 {AMOUNT_FORMS}",
                quoted(text)
            )),
        })?;
        Ok(Amount { minor, currency })
    }
}

impl fmt::Display for Amount {
    /// `$50,000`, `$1,234.50` (cents only when there are some), `€30,000`,
    /// `£5,000`, `¥1,000`, and `30,000 CHF` for currencies without a sign.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let minor = self.minor.unsigned_abs();
        let mut number = group_thousands(minor / 100);
        let cents = minor % 100;
        if cents != 0 {
            number.push_str(&format!(".{cents:02}"));
        }
        match self.currency.symbol() {
            Some(symbol) => write!(f, "{sign}{symbol}{number}"),
            None => write!(f, "{sign}{number} {}", self.currency),
        }
    }
}

/// Whether a single word is meant as an amount: it starts with a currency sign or
/// a digit, or is a currency code directly followed by digits (`EUR30000`), and
/// it parses. `50k`, `$1.2M` and `12500.50` are amounts; `3d`, `2026-12-01` and
/// `Q3` are not.
pub fn looks_like_amount(token: &str) -> bool {
    let token = token.trim();
    let Some(first) = token.chars().next() else {
        return false;
    };
    let starts_like_one = first.is_ascii_digit()
        || Currency::from_symbol(first).is_some()
        || (token.get(..3).and_then(Currency::from_letters).is_some()
            && token
                .get(3..)
                .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit())));
    starts_like_one && Amount::parse(token, &Currency::USD).is_ok()
}

fn is_minus(c: char) -> bool {
    matches!(c, '-' | '−' | '–')
}

fn negative(text: &str) -> ValueError {
    ValueError::new(format!(
        "{} is negative, and an amount can't be below zero. {AMOUNT_FORMS}",
        quoted(text)
    ))
}

/// A currency sign or code before the number, and what follows it.
fn leading_currency<'a>(
    text: &'a str,
    default_currency: &Currency,
) -> Result<(Option<Currency>, &'a str), ValueError> {
    if let Some(first) = text.chars().next() {
        if let Some(currency) = Currency::from_symbol(first) {
            return Ok((Some(currency), &text[first.len_utf8()..]));
        }
    }
    let code = text.get(..3).and_then(Currency::from_letters);
    let rest = text.get(3..).unwrap_or_default();
    let number_follows = rest
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit() || is_minus(c));
    match code {
        Some(code) if number_follows => {
            if code.is_known() || code == *default_currency {
                Ok((Some(code), rest))
            } else {
                Err(unknown_currency(text, code))
            }
        }
        _ => Ok((None, text)),
    }
}

/// What may follow the number: `k` or `m`, then a currency sign or code, each
/// optional; a space is allowed only before the currency. Returns the multiplier
/// and the currency, or `None` if the tail is not understood.
fn trailing_units(tail: &str, default_currency: &Currency) -> Option<(i128, Option<Currency>)> {
    let currency = |word: &str| -> Option<Currency> {
        let mut chars = word.chars();
        if let (Some(symbol), None) = (chars.next(), chars.next()) {
            if let Some(currency) = Currency::from_symbol(symbol) {
                return Some(currency);
            }
        }
        Currency::from_letters(word).filter(|code| code.is_known() || code == default_currency)
    };
    if tail.trim().is_empty() {
        return Some((1, None));
    }
    // A code comes first, so that `5MXN` is 5 pesos rather than 5 million "XN".
    if let Some(code) = currency(tail.trim()) {
        return Some((1, Some(code)));
    }
    let multiplier = match tail.chars().next() {
        Some('k' | 'K') => 1_000,
        Some('m' | 'M') => 1_000_000,
        _ => return None,
    };
    let after = tail[1..].trim();
    if after.is_empty() {
        Some((multiplier, None))
    } else {
        currency(after).map(|code| (multiplier, Some(code)))
    }
}

/// A more specific explanation for a tail that was not understood, if there is one.
fn tail_error(text: &str, tail: &str) -> Option<ValueError> {
    const SHORTHANDS: &[&str] = &[
        "b", "bn", "bil", "bln", "billion", "t", "tn", "tr", "trillion", "mm", "mn", "mil", "mio",
        "million", "thousand",
    ];
    let word = tail.trim();
    if SHORTHANDS
        .iter()
        .any(|shorthand| word.eq_ignore_ascii_case(shorthand))
    {
        return Some(ValueError::new(format!(
            "{} uses a shorthand I don't know: only k (thousand) and m (million) work, so \
             write a billion as 1000m. {AMOUNT_FORMS}",
            quoted(text)
        )));
    }
    let after_multiplier = word
        .strip_prefix(['k', 'K', 'm', 'M'])
        .map(str::trim)
        .unwrap_or(word);
    Currency::from_letters(after_multiplier).map(|code| unknown_currency(text, code))
}

fn unknown_currency(text: &str, code: Currency) -> ValueError {
    ValueError::new(format!(
        "{}: {code} is not a currency code I know. Use one like USD, EUR, GBP or CHF, \
         or a sign: $, €, £, ¥. {AMOUNT_FORMS}",
        quoted(text)
    ))
}

/// Whether the commas in the whole part, if any, separate groups of three digits.
fn commas_in_place(whole: &str) -> bool {
    if !whole.contains(',') {
        return true;
    }
    let mut groups = whole.split(',');
    let first_ok = groups
        .next()
        .is_some_and(|first| (1..=3).contains(&first.len()));
    first_ok && groups.all(|group| group.len() == 3)
}

enum Problem {
    TooLarge,
    FractionOfCent,
}

/// The amount in hundredths: `whole` digits (with commas), `fraction` digits and
/// a multiplier, exactly.
fn to_minor(whole: &str, fraction: &str, multiplier: i128) -> Result<i64, Problem> {
    let whole: String = whole.chars().filter(char::is_ascii_digit).collect();
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.trim_end_matches('0');
    // Past 16 digits even the plainest number is too large; past 8 significant
    // decimals even `m` cannot turn it into whole cents. Both keep i128 safe.
    if whole.len() > 16 {
        return Err(Problem::TooLarge);
    }
    if fraction.len() > 8 {
        return Err(Problem::FractionOfCent);
    }
    let digits = whole
        .chars()
        .chain(fraction.chars())
        .filter_map(|c| c.to_digit(10));
    let mantissa = digits.fold(0_i128, |value, digit| value * 10 + i128::from(digit));
    let scale = 10_i128.pow(fraction.len() as u32);
    let hundredths = mantissa * multiplier * 100;
    if hundredths % scale != 0 {
        return Err(Problem::FractionOfCent);
    }
    let minor = hundredths / scale;
    if minor > MAX_MAJOR * 100 {
        return Err(Problem::TooLarge);
    }
    i64::try_from(minor).map_err(|_| Problem::TooLarge)
}

/// `1234567` → `1,234,567`.
fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const CHF: Currency = Currency(*b"CHF");

    fn parse(input: &str) -> Result<Amount, ValueError> {
        Amount::parse(input, &Currency::USD)
    }

    fn minor(input: &str) -> i64 {
        match parse(input) {
            Ok(amount) => amount.minor,
            Err(error) => panic!("{input:?} should parse: {error}"),
        }
    }

    fn amount(input: &str) -> Amount {
        parse(input).unwrap()
    }

    fn error(input: &str) -> String {
        match parse(input) {
            Ok(amount) => panic!("{input:?} should be rejected, got {amount:?}"),
            Err(error) => {
                let message = error.to_string();
                assert!(
                    message.contains("50k, $1.2M, 30,000 EUR or 12500.50"),
                    "{message:?} should show the accepted forms"
                );
                message
            }
        }
    }

    #[test]
    fn known_codes_are_sorted_so_binary_search_works() {
        assert!(KNOWN_CODES.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(KNOWN_CODES.iter().all(|code| Currency::parse(code).is_ok()));
    }

    #[test]
    fn currency_codes_are_three_letters_in_any_case() {
        assert_eq!(Currency::parse("eur").unwrap(), Currency::EUR);
        assert_eq!(Currency::parse(" Chf ").unwrap().as_str(), "CHF");
        assert_eq!(Currency::parse("XBT").unwrap().to_string(), "XBT");
        for bad in ["", "EU", "EURO", "E1R", "€", "ÉUR"] {
            let message = Currency::parse(bad).unwrap_err().to_string();
            assert!(message.contains("USD, EUR or GBP"), "{message}");
        }
    }

    #[test]
    fn plain_numbers() {
        assert_eq!(minor("12500"), 1_250_000);
        assert_eq!(minor("12500.50"), 1_250_050);
        assert_eq!(minor("12500.5"), 1_250_050);
        assert_eq!(minor("12500.500"), 1_250_050);
        assert_eq!(minor("0"), 0);
        assert_eq!(minor("0.00"), 0);
        assert_eq!(minor("007"), 700);
        assert_eq!(minor("  42  "), 4_200);
        assert_eq!(amount("12500").currency, Currency::USD);
    }

    #[test]
    fn thousands_and_millions() {
        assert_eq!(minor("50k"), 5_000_000);
        assert_eq!(minor("50K"), 5_000_000);
        assert_eq!(minor("1.2M"), 120_000_000);
        assert_eq!(minor("1.5m"), 150_000_000);
        assert_eq!(minor("1.234k"), 123_400);
        assert_eq!(minor("1.2345k"), 123_450);
        assert_eq!(minor("1.23456k"), 123_456);
        assert_eq!(minor("0.5k"), 50_000);
    }

    #[test]
    fn commas_between_groups_of_three() {
        assert_eq!(minor("1,000,000"), 100_000_000);
        assert_eq!(minor("30,000"), 3_000_000);
        assert_eq!(minor("999"), 99_900);
        assert_eq!(minor("1,234.56"), 123_456);
        for bad in [
            "1,00",
            "1000,000",
            "1,0000",
            ",100",
            "1,,000",
            "1,000.5,0",
            "100,",
        ] {
            let message = error(bad);
            assert!(
                message.contains("comma in the wrong place") || message.contains("not an amount"),
                "{bad}: {message}"
            );
        }
        assert!(error("1,00").contains("comma in the wrong place"));
    }

    #[test]
    fn currency_signs() {
        assert_eq!(
            amount("$1.2M"),
            Amount {
                minor: 120_000_000,
                currency: Currency::USD
            }
        );
        assert_eq!(
            amount("€30k"),
            Amount {
                minor: 3_000_000,
                currency: Currency::EUR
            }
        );
        assert_eq!(
            amount("£5,000"),
            Amount {
                minor: 500_000,
                currency: Currency::GBP
            }
        );
        assert_eq!(
            amount("¥1000"),
            Amount {
                minor: 100_000,
                currency: Currency::JPY
            }
        );
        assert_eq!(
            amount("30k €"),
            Amount {
                minor: 3_000_000,
                currency: Currency::EUR
            }
        );
        assert_eq!(
            amount("$ 50"),
            Amount {
                minor: 5_000,
                currency: Currency::USD
            }
        );
    }

    #[test]
    fn currency_codes_before_or_after() {
        let eur = |minor| Amount {
            minor,
            currency: Currency::EUR,
        };
        assert_eq!(amount("30,000 EUR"), eur(3_000_000));
        assert_eq!(amount("30,000EUR"), eur(3_000_000));
        assert_eq!(amount("30000 eur"), eur(3_000_000));
        assert_eq!(amount("EUR 30000"), eur(3_000_000));
        assert_eq!(amount("EUR30000"), eur(3_000_000));
        assert_eq!(amount("eur 30k"), eur(3_000_000));
        assert_eq!(amount("30kEUR"), eur(3_000_000));
        assert_eq!(amount("30k EUR"), eur(3_000_000));
        assert_eq!(amount("€30k EUR"), eur(3_000_000));
        assert_eq!(amount("5MXN").currency.as_str(), "MXN");
        assert_eq!(amount("5MXN").minor, 500);
        assert_eq!(amount("5mMXN").minor, 500_000_000);
    }

    #[test]
    fn the_default_currency_applies_and_may_be_written_even_if_unknown() {
        let xbt = Currency::parse("XBT").unwrap();
        let parsed = Amount::parse("2k", &CHF).unwrap();
        assert_eq!(
            parsed,
            Amount {
                minor: 200_000,
                currency: CHF
            }
        );
        assert_eq!(Amount::parse("2k XBT", &xbt).unwrap().currency, xbt);
        assert!(Amount::parse("2k XBT", &CHF).is_err());
    }

    #[test]
    fn unknown_currencies_are_named() {
        for bad in ["30,000 EUE", "EUE 30000", "5yrs", "30k FOO"] {
            let message = error(bad);
            assert!(
                message.contains("not a currency code I know"),
                "{bad}: {message}"
            );
        }
        assert!(error("30,000 EUE").contains("EUE"));
    }

    #[test]
    fn two_different_currencies_are_refused() {
        let message = error("$30k EUR");
        assert!(message.contains("two currencies, USD and EUR"), "{message}");
    }

    #[test]
    fn only_k_and_m_shorthands() {
        for bad in ["2b", "2B", "2bn", "2 bil", "1.5t", "3mm", "2 million"] {
            let message = error(bad);
            assert!(
                message.contains("only k (thousand) and m (million)"),
                "{bad}: {message}"
            );
        }
    }

    #[test]
    fn garbage_is_not_an_amount() {
        assert_eq!(
            error("50kk"),
            "\"50kk\" is not an amount. Write it like 50k, $1.2M, 30,000 EUR or 12500.50."
        );
        for bad in [
            "abc",
            "k",
            "$",
            "50 k",
            "12.",
            ".5",
            "1.2.3",
            "3d",
            "50%",
            "1e6",
            "30.000,50",
        ] {
            assert!(error(bad).contains("is not an amount"), "{bad}");
        }
        assert!(error("").contains("missing"));
        assert!(error("   ").contains("missing"));
    }

    #[test]
    fn negatives_are_refused() {
        for bad in ["-50k", "$-50", "-$50", "EUR -5", "−5", "€ -5"] {
            assert!(error(bad).contains("can't be below zero"), "{bad}");
        }
    }

    #[test]
    fn fractions_of_a_cent_are_refused() {
        for bad in ["12.345", "0.001", "1.234567k", "1.000000001m"] {
            assert!(error(bad).contains("fraction of a cent"), "{bad}");
        }
        assert_eq!(minor("1.00000001m"), 100_000_001);
    }

    #[test]
    fn too_large_is_refused() {
        assert_eq!(minor("1,000,000,000,000,000"), 100_000_000_000_000_000);
        assert_eq!(minor("1000000000m"), 100_000_000_000_000_000);
        for bad in [
            "1,000,000,000,000,001",
            "1000000000.01m",
            "1000000001m",
            "99999999999999999999999999999999999",
        ] {
            assert!(error(bad).contains("too large"), "{bad}");
        }
    }

    #[test]
    fn display_uses_signs_groups_and_cents_only_when_needed() {
        let show = |minor, currency| Amount { minor, currency }.to_string();
        assert_eq!(show(5_000_000, Currency::USD), "$50,000");
        assert_eq!(show(123_450, Currency::USD), "$1,234.50");
        assert_eq!(show(123_405, Currency::USD), "$1,234.05");
        assert_eq!(show(3_000_000, Currency::EUR), "€30,000");
        assert_eq!(show(500_000, Currency::GBP), "£5,000");
        assert_eq!(show(100_000, Currency::JPY), "¥1,000");
        assert_eq!(show(3_000_000, CHF), "30,000 CHF");
        assert_eq!(show(0, Currency::USD), "$0");
        assert_eq!(show(99, Currency::USD), "$0.99");
        assert_eq!(
            show(100_000_000_000_000_000, Currency::USD),
            "$1,000,000,000,000,000"
        );
        assert_eq!(show(-150, Currency::USD), "-$1.50");
    }

    #[test]
    fn display_reads_back_the_same() {
        for input in [
            "$50,000",
            "$1,234.50",
            "€30,000",
            "£5,000",
            "¥1,000",
            "30,000 CHF",
        ] {
            let parsed = Amount::parse(input, &Currency::USD).unwrap();
            assert_eq!(parsed.to_string(), input);
        }
    }

    #[test]
    fn what_looks_like_an_amount() {
        for yes in [
            "50k",
            "$1.2M",
            "€30k",
            "£5,000",
            "12500.50",
            "30,000EUR",
            "EUR30000",
            "0",
        ] {
            assert!(looks_like_amount(yes), "{yes}");
        }
        for no in [
            "",
            "Acme",
            "Q3",
            "EUR",
            "3d",
            "2026-12-01",
            "50kk",
            "-50k",
            "D-4",
            "@rep1",
            "5yrs",
            "4pm",
            "EUR-5",
        ] {
            assert!(!looks_like_amount(no), "{no}");
        }
    }
}
