//! The deal columns: the header dealbot writes, and the header variants common
//! CRM exports use, recognised ignoring case, spaces and punctuation
//! (`Deal Name`, `deal_name` and `DEALNAME` are all the name).

/// A column dealbot reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    DealId,
    Name,
    Amount,
    Currency,
    Stage,
    Pipeline,
    Owner,
    CloseDate,
    NextStep,
    NextStepDue,
    LostReason,
    CreatedDate,
    ClosedDate,
}

impl Column {
    /// Every column, in the order exports write them.
    pub const ALL: [Column; 13] = [
        Column::DealId,
        Column::Name,
        Column::Amount,
        Column::Currency,
        Column::Stage,
        Column::Pipeline,
        Column::Owner,
        Column::CloseDate,
        Column::NextStep,
        Column::NextStepDue,
        Column::LostReason,
        Column::CreatedDate,
        Column::ClosedDate,
    ];

    /// The header exports write.
    pub fn header(self) -> &'static str {
        match self {
            Column::Name => "Deal Name",
            Column::Amount => "Amount",
            Column::Currency => "Currency",
            Column::Stage => "Deal Stage",
            Column::Pipeline => "Pipeline",
            Column::Owner => "Deal Owner",
            Column::CloseDate => "Close Date",
            Column::NextStep => "Next Step",
            Column::NextStepDue => "Next Step Due",
            Column::LostReason => "Lost Reason",
            Column::DealId => "Deal ID",
            Column::CreatedDate => "Created Date",
            Column::ClosedDate => "Closed Date",
        }
    }

    /// What the column is called in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Amount => "amount",
            Column::Currency => "currency",
            Column::Stage => "stage",
            Column::Pipeline => "pipeline",
            Column::Owner => "owner",
            Column::CloseDate => "close date",
            Column::NextStep => "next step",
            Column::NextStepDue => "next step due",
            Column::LostReason => "lost reason",
            Column::DealId => "deal id",
            Column::CreatedDate => "created date",
            Column::ClosedDate => "closed date",
        }
    }

    /// The headers that mean this column, in [`normalize`]d form.
    fn variants(self) -> &'static [&'static str] {
        match self {
            Column::Name => &[
                "name",
                "dealname",
                "deal",
                "opportunityname",
                "opportunity",
                "dealtitle",
                "title",
            ],
            Column::Amount => &[
                "amount",
                "dealamount",
                "value",
                "dealvalue",
                "opportunityamount",
            ],
            Column::Currency => &[
                "currency",
                "currencycode",
                "dealcurrency",
                "dealcurrencycode",
                "amountcurrency",
            ],
            Column::Stage => &[
                "stage",
                "dealstage",
                "salesstage",
                "pipelinestage",
                "opportunitystage",
            ],
            Column::Pipeline => &["pipeline", "dealpipeline", "salespipeline"],
            Column::Owner => &["owner", "dealowner", "opportunityowner", "assignedto"],
            Column::CloseDate => &[
                "closedate",
                "expectedclosedate",
                "closingdate",
                "dealclosedate",
            ],
            Column::NextStep => &["nextstep", "nextsteps"],
            Column::NextStepDue => &["nextstepdue", "nextstepduedate", "nextstepdate"],
            Column::LostReason => &["lostreason", "closedlostreason", "lossreason", "reasonlost"],
            // Only dealbot's own ids (`D-7`): other tools' record ids mean
            // nothing here, so their columns are not read as this one.
            Column::DealId => &["dealid"],
            Column::CreatedDate => &[
                "createddate",
                "createdate",
                "datecreated",
                "createdon",
                "createdat",
            ],
            Column::ClosedDate => &["closeddate", "dateclosed", "closedon", "closedat"],
        }
    }

    /// The column a header means, if any.
    pub fn from_header(header: &str) -> Option<Column> {
        let wanted = normalize(header);
        Column::ALL
            .into_iter()
            .find(|column| column.variants().contains(&wanted.as_str()))
    }
}

/// A header reduced to its lower-case letters and digits.
fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::Column;

    #[test]
    fn crm_header_variants_are_recognised() {
        for (header, column) in [
            ("Deal Name", Column::Name),
            ("deal_name", Column::Name),
            ("\u{feff}Name", Column::Name),
            ("Amount", Column::Amount),
            ("Close Date", Column::CloseDate),
            ("closedate", Column::CloseDate),
            ("Deal Stage", Column::Stage),
            ("Deal Owner", Column::Owner),
            ("NEXT STEP DUE", Column::NextStepDue),
            ("Closed Lost Reason", Column::LostReason),
        ] {
            assert_eq!(Column::from_header(header), Some(column), "{header}");
        }
        assert_eq!(
            Column::from_header("Create Date"),
            Some(Column::CreatedDate)
        );
        assert_eq!(Column::from_header("Closed Date"), Some(Column::ClosedDate));
        assert_eq!(Column::from_header("Deal ID"), Some(Column::DealId));
        assert_eq!(Column::from_header("Record ID"), None, "another tool's ids");
        assert_eq!(Column::from_header("Deal Type"), None);
    }

    #[test]
    fn written_headers_read_back_as_their_column() {
        for column in Column::ALL {
            assert_eq!(Column::from_header(column.header()), Some(column));
        }
    }
}
