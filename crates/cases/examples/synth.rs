//! Writes N random codebook-valid cases to a CSV file, for benchmarks: `synth N OUT.csv [SEED]`.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: synth N OUT.csv [SEED]");
        std::process::exit(2);
    }
    let n: usize = args[1].parse()?;
    let seed: u64 = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(1);
    let book = zicht_codebook::Codebook::embedded()?;
    let mut out = std::io::BufWriter::new(std::fs::File::create(&args[2])?);
    let chunk = 100_000;
    let mut written = 0;
    let mut part = 0u64;
    while written < n {
        let k = chunk.min(n - written);
        let mut records =
            zicht_cases::synth::random_records(&book, k, 2022..=2022, seed * 1000 + part);
        for (i, r) in records.iter_mut().enumerate() {
            r.insert("case_id".to_string(), format!("s{}", written + i));
        }
        let mut buf = Vec::new();
        zicht_cases::write_records(&book, &records, &mut buf)?;
        // Keep the header of the first chunk only.
        let body = if written == 0 {
            &buf[..]
        } else {
            let nl = buf.iter().position(|&b| b == b'\n').map_or(0, |p| p + 1);
            &buf[nl..]
        };
        out.write_all(body)?;
        written += k;
        part += 1;
    }
    out.flush()?;
    Ok(())
}
