//! The digest's deals as one text, and back. Reading 10,000 rows through sqlx
//! costs more than everything else the digest does (each value is copied out
//! on the connection's thread and freed on the caller's), so the database
//! writes every open deal as one record of a single aggregated text, and the
//! deals are read off it in place, borrowing their text from it.
//!
//! A record is, with `,` and `;` as written:
//!
//! ```text
//! number,amount,due,stage entered,flags,pipeline stage name owner currency next step buyer stage channel;
//! ```
//!
//! where numbers, the due day and the instant are as the database prints them
//! (empty for none; none of them can hold a `,`), the flags are `p` (opened in
//! a private channel) and `w` (won, carrying on after the sale), and each text
//! is `<its length in bytes>:<the text>`, or a bare `:` for none. Nothing is
//! escaped and nothing looks for a separator inside a text, so a name may hold
//! any character, `;`, `:` and digits included.

use crate::text_dates;
use crate::DigestDeal;

/// The SQL expression of one deal's record, over a row of `deals`. The same on
/// both backends (`concat` reads a none as empty; `octet_length` counts bytes,
/// the UTF-8 bytes the text comes back as). The channel is only read for a
/// deal opened in a private channel, the only one it decides anything about.
pub(crate) const RECORD_SQL: &str = "concat(\
     number, ',', amount_minor, ',', next_step_due, ',', stage_entered_at, ',', \
     CASE WHEN private_channel THEN 'p' ELSE '' END, \
     CASE WHEN won_at IS NULL THEN '' ELSE 'w' END, ',', \
     octet_length(pipeline), ':', pipeline, \
     octet_length(stage), ':', stage, \
     octet_length(name), ':', name, \
     octet_length(owner), ':', owner, \
     octet_length(currency), ':', currency, \
     octet_length(next_step), ':', next_step, \
     octet_length(buyer_stage), ':', buyer_stage, \
     CASE WHEN private_channel THEN octet_length(channel) END, ':', \
     CASE WHEN private_channel THEN channel END, \
     ';')";

/// The records of `text`, in the order written; `Err` names the first byte
/// that is not where a record expects it.
pub(crate) fn records(text: &str) -> impl Iterator<Item = Result<DigestDeal<'_>, usize>> + '_ {
    let mut cursor = Cursor { text, at: 0 };
    std::iter::from_fn(move || {
        (cursor.at < text.len()).then(|| {
            cursor.record().map_err(|()| {
                let at = cursor.at;
                // Nothing after a damaged record can be trusted.
                cursor.at = text.len();
                at
            })
        })
    })
}

/// Where the reading is in the text.
struct Cursor<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Cursor<'a> {
    fn record(&mut self) -> Result<DigestDeal<'a>, ()> {
        let number = self.number()?.ok_or(())?;
        let amount_minor = self.number()?;
        let next_step_due = match self.until(b',')? {
            "" => None,
            day => Some(text_dates::day(day).ok_or(())?),
        };
        let stage_entered_at = text_dates::instant(self.until(b',')?).ok_or(())?;
        let flags = self.until(b',')?;
        let deal = DigestDeal {
            number,
            amount_minor,
            next_step_due,
            stage_entered_at,
            private_channel: flags.contains('p'),
            won: flags.contains('w'),
            pipeline: self.text()?.ok_or(())?,
            stage: self.text()?.ok_or(())?,
            name: self.text()?.ok_or(())?,
            owner: self.text()?.ok_or(())?,
            currency: self.text()?,
            next_step: self.text()?,
            buyer_stage: self.text()?,
            channel: self.text()?,
        };
        match self.until(b';')? {
            "" => Ok(deal),
            _ => Err(()),
        }
    }

    /// The text up to `end`, which is passed over.
    fn until(&mut self, end: u8) -> Result<&'a str, ()> {
        let rest = &self.text.as_bytes()[self.at..];
        let length = rest.iter().position(|&b| b == end).ok_or(())?;
        let found = self.text.get(self.at..self.at + length).ok_or(())?;
        self.at += length + 1;
        Ok(found)
    }

    /// A number up to the next `,`; `None` when empty.
    fn number(&mut self) -> Result<Option<i64>, ()> {
        match self.until(b',')? {
            "" => Ok(None),
            digits => digits.parse().map(Some).map_err(|_| ()),
        }
    }

    /// A `<length>:<text>` field; `None` for a bare `:`.
    fn text(&mut self) -> Result<Option<&'a str>, ()> {
        let length = match self.until(b':')? {
            "" => return Ok(None),
            digits => digits.parse::<usize>().map_err(|_| ())?,
        };
        let end = self.at.checked_add(length).ok_or(())?;
        let found = self.text.get(self.at..end).ok_or(())?;
        self.at = end;
        Ok(Some(found))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, NaiveDate};

    fn field(text: Option<&str>) -> String {
        text.map_or(":".to_string(), |text| format!("{}:{text}", text.len()))
    }

    fn write(deal: &DigestDeal<'_>) -> String {
        let number = |n: Option<i64>| n.map_or(String::new(), |n| n.to_string());
        let mut flags = String::new();
        if deal.private_channel {
            flags.push('p');
        }
        if deal.won {
            flags.push('w');
        }
        format!(
            "{},{},{},{},{flags},{}{}{}{}{}{}{}{};",
            deal.number,
            number(deal.amount_minor),
            deal.next_step_due.map_or(String::new(), |d| d.to_string()),
            deal.stage_entered_at.to_rfc3339(),
            field(Some(deal.pipeline)),
            field(Some(deal.stage)),
            field(Some(deal.name)),
            field(Some(deal.owner)),
            field(deal.currency),
            field(deal.next_step),
            field(deal.buyer_stage),
            field(deal.channel),
        )
    }

    fn sample<'a>(name: &'a str, next_step: Option<&'a str>) -> DigestDeal<'a> {
        DigestDeal {
            number: 12,
            amount_minor: Some(-5),
            next_step_due: NaiveDate::from_ymd_opt(2026, 11, 30),
            stage_entered_at: DateTime::from_timestamp(1_790_000_000, 0).expect("an instant"),
            private_channel: true,
            won: false,
            pipeline: "new-business",
            stage: "Qualifying",
            name,
            owner: "U1",
            currency: Some("EUR"),
            next_step,
            buyer_stage: None,
            channel: Some("C1"),
        }
    }

    #[test]
    fn any_text_reads_back_exactly() {
        let names = [
            "",
            "Acme; 3:x",
            "12:34,56;",
            "\"quoted\" 'and' \\back\\slash",
            "two\nlines\r\n",
            "Zürich 東京 🚀",
            "nul\0inside",
            ";",
            ":",
        ];
        let records: Vec<DigestDeal<'_>> = names
            .iter()
            .map(|name| sample(name, Some(name)))
            .chain([DigestDeal {
                amount_minor: None,
                next_step_due: None,
                private_channel: false,
                won: true,
                currency: None,
                channel: None,
                ..sample("none", None)
            }])
            .collect();
        let text: String = records.iter().map(write).collect();
        let read: Vec<DigestDeal<'_>> = super::records(&text)
            .collect::<Result<_, _>>()
            .expect("reads");
        assert_eq!(read, records);
    }

    #[test]
    fn a_damaged_text_is_an_error_not_a_wrong_deal() {
        let text = write(&sample("Zürich", None));
        // A length that ends inside a character, one that runs past the end, a
        // record cut short, and one with something left over.
        let inside = text.replace("7:Zürich", "2:Zürich");
        let past = text.replace("2:C1", "9:C1");
        let short = text[..text.len() - 3].to_string();
        let over = text.replace("2:C1;", "2:C1x;");
        for damaged in [inside, past, short, over, "x;".to_string()] {
            let read: Vec<_> = super::records(&damaged).collect();
            assert!(
                read.last().is_some_and(Result::is_err),
                "{damaged:?} read as {read:?}"
            );
        }
        assert_eq!(super::records("").count(), 0);
    }
}
