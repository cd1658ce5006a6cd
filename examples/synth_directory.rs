//! Writes a center directory file of made-up centers, for load tests of center search:
//!
//! ```sh
//! cargo run --release --example synth_directory -- /tmp/centers-100k.json 100000 [seed]
//! APP__DATA__CENTERS=/tmp/centers-100k.json cargo run --release
//! ```
//!
//! Every row is clearly synthetic ("Synthetic Center 000123", a `source` saying so) and carries
//! no price, NPI, TIN, phone or website; the same `n` and seed always give the same file.

use std::path::PathBuf;
use std::process::ExitCode;

use regenquote::centers::write_synthetic_directory;

const USAGE: &str = "usage: synth_directory PATH CENTERS [SEED]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, count, seed) = match args.as_slice() {
        [path, count] => (path, count, "2026"),
        [path, count, seed] => (path, count, seed.as_str()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (Ok(count), Ok(seed)) = (count.parse::<usize>(), seed.parse::<u64>()) else {
        eprintln!("CENTERS and SEED must be whole numbers; {USAGE}");
        return ExitCode::from(2);
    };
    let path = PathBuf::from(path);
    match write_synthetic_directory(&path, count, seed) {
        Ok(()) => {
            println!("wrote {count} synthetic centers to {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
