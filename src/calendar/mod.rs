//! Calendar dates as people write them and as US rules count them: [`CalendarDate`], a date
//! accepted only as `YYYY-MM-DD` and only when it exists, and [`Today`], the range of dates it
//! is across the United States at one instant.

mod date;
mod today;

pub use date::{CalendarDate, InvalidDate};
pub use today::Today;
