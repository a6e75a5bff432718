//! Spreadsheets the author's tools write: the `.xlsx` template a bureau sends
//! out (one unit per row, with a sheet explaining every item), and any table
//! of units as a sheet (`rubric generate … --out units.xlsx`).

mod table;
mod template;

pub use table::write_table_xlsx;
pub use template::{filled_xlsx, template_xlsx};
