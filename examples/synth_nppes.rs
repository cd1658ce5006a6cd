//! Writes a synthetic NPPES main file (the real 330-column header, made-up providers), for the
//! import benchmark:
//!
//! ```sh
//! cargo run --release --example synth_nppes -- /tmp/npidata_pfile_synthetic.csv 1000000 [seed]
//! /usr/bin/time -v target/release/regenquote import-nppes /tmp/npidata_pfile_synthetic.csv \
//!     --out /tmp/nppes-directory.json
//! ```
//!
//! Three records in twenty are active organizations in a default taxonomy (kept); the rest are
//! deactivated, individuals, other taxonomies or bad check digits, in a fixed mix.

use std::path::PathBuf;
use std::process::ExitCode;

use regenquote::centers::write_synthetic_nppes;

const USAGE: &str = "usage: synth_nppes PATH ROWS [SEED]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, rows, seed) = match args.as_slice() {
        [path, rows] => (path, rows, "2026"),
        [path, rows, seed] => (path, rows, seed.as_str()),
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let (Ok(rows), Ok(seed)) = (rows.parse::<usize>(), seed.parse::<u64>()) else {
        eprintln!("ROWS and SEED must be whole numbers; {USAGE}");
        return ExitCode::from(2);
    };
    let path = PathBuf::from(path);
    let written = std::fs::File::create(&path).and_then(|file| {
        write_synthetic_nppes(std::io::BufWriter::with_capacity(1 << 20, file), rows, seed)
    });
    match written {
        Ok(mix) => {
            println!(
                "wrote {rows} synthetic NPPES records to {}: {mix:?}",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::FAILURE
        }
    }
}
