//! Dumps the country and subdivision data of the `keshvar` crate
//! (BSD-3-Clause, https://github.com/pouriya/keshvar) as two raw TSV files.
//! Used only by `scripts/gen_gazetteers.py`; not part of the newsdex crate.
//!
//! Usage: gen-countries OUT_DIR
//! Writes OUT_DIR/keshvar_countries.tsv and OUT_DIR/keshvar_subdivisions.tsv.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use keshvar::CountryIterator;

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r', '|'], " ").trim().to_string()
}

fn join(list: &[&str]) -> String {
    list.iter().map(|s| clean(s)).collect::<Vec<_>>().join("|")
}

/// All non-English translations, so the generator can tell foreign-language
/// entries in `unofficial_name_list` apart from English ones.
fn foreign(tr: &std::collections::HashMap<&'static str, &'static str>) -> String {
    let mut v: Vec<String> = tr
        .iter()
        .filter(|(lang, _)| !lang.starts_with("en"))
        .map(|(_, name)| clean(name))
        .collect();
    v.sort();
    v.dedup();
    v.join("|")
}

fn opt_f(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.4}")).unwrap_or_default()
}

fn main() -> std::io::Result<()> {
    let out = PathBuf::from(
        std::env::args()
            .nth(1)
            .expect("usage: gen-countries OUT_DIR"),
    );
    std::fs::create_dir_all(&out)?;

    let mut c = BufWriter::new(File::create(out.join("keshvar_countries.tsv"))?);
    writeln!(
        c,
        "alpha2\talpha3\tnumber\tiso_short_name\tiso_long_name\ten_name\tnationality\tunofficial_names\tun_member\tregion\tsubregion\tlat\tlon\tforeign_names"
    )?;
    let mut s = BufWriter::new(File::create(out.join("keshvar_subdivisions.tsv"))?);
    writeln!(s, "alpha2\tcode\tname\ten_name\ttype\tunofficial_names\tlat\tlon\tmin_lat\tmax_lat\tmin_lon\tmax_lon\tforeign_names")?;

    let mut countries: Vec<_> = CountryIterator::new().collect();
    countries.sort_by_key(|c| c.alpha2().to_string());
    for country in &countries {
        let en = country.translations().get("en").copied().unwrap_or("");
        writeln!(
            c,
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}",
            country.alpha2(),
            country.alpha3(),
            country.number(),
            clean(country.iso_short_name()),
            clean(country.iso_long_name()),
            clean(en),
            clean(country.maybe_nationality().unwrap_or("")),
            join(country.unofficial_name_list()),
            country.un_member(),
            country
                .maybe_region()
                .map(|r| r.to_string())
                .unwrap_or_default(),
            country
                .maybe_subregion()
                .map(|r| r.to_string())
                .unwrap_or_default(),
            country.geo().latitude(),
            country.geo().longitude(),
            foreign(country.translations()),
        )?;
        let mut subs: Vec<_> = country.subdivisions().values().collect();
        subs.sort_by_key(|s| s.code());
        for sub in subs {
            let en = sub.translations().get("en").copied().unwrap_or("");
            let g = sub.geo();
            writeln!(
                s,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                country.alpha2(),
                clean(sub.code()),
                clean(sub.name()),
                clean(en),
                sub.subdivision_type(),
                join(sub.unofficial_name_list()),
                opt_f(g.and_then(|g| g.latitude())),
                opt_f(g.and_then(|g| g.longitude())),
                opt_f(g.and_then(|g| g.min_latitude())),
                opt_f(g.and_then(|g| g.max_latitude())),
                opt_f(g.and_then(|g| g.min_longitude())),
                opt_f(g.and_then(|g| g.max_longitude())),
                foreign(sub.translations()),
            )?;
        }
    }
    c.flush()?;
    s.flush()?;
    eprintln!("gen-countries: {} countries", countries.len());
    Ok(())
}
