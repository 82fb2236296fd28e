//! Trains the entity tagger shipped as `models/ner.bin` from CoNLL-2003 English train
//! (research data, not shipped; see ../shared/eval/README.md). Deterministic: the same
//! data, gazetteers and options give the same bytes.
//!
//!     cargo run --release --bin train-ner -- \
//!         --train ../shared/eval/conll2003/train.txt --dev ../shared/eval/conll2003/dev.txt \
//!         --gaz data/gazetteer --out models/ner.bin
//!
//! `--dev` only prints per-epoch scores; it never changes the model.

use anyhow::{bail, Context, Result};
use newsdex::extract::ner::train::{read_conll, train, TrainConfig};
use newsdex::extract::ner::{gazetteers_from_dir, Gazetteers};
use std::path::PathBuf;

const USAGE: &str = "usage: train-ner --train TRAIN.txt [--dev DEV.txt] [--gaz DIR] --out MODEL.bin \
[--epochs1 N] [--epochs2 N] [--folds K] [--seed S] [--prune F] [--wbytes 1|2] [--bags N] [--min-count N] [--one-pass] [--quiet]";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let (mut trainp, mut devp, mut gaz, mut out) = (None, None, None, None);
    let mut cfg = TrainConfig::default();
    while let Some(a) = args.next() {
        let mut val = || args.next().context(USAGE);
        match a.as_str() {
            "--train" => trainp = Some(PathBuf::from(val()?)),
            "--dev" => devp = Some(PathBuf::from(val()?)),
            "--gaz" => gaz = Some(PathBuf::from(val()?)),
            "--out" => out = Some(PathBuf::from(val()?)),
            "--epochs1" => cfg.epochs1 = val()?.parse().context(USAGE)?,
            "--epochs2" => cfg.epochs2 = val()?.parse().context(USAGE)?,
            "--folds" => cfg.folds = val()?.parse().context(USAGE)?,
            "--seed" => cfg.seed = val()?.parse().context(USAGE)?,
            "--prune" => cfg.prune = val()?.parse().context(USAGE)?,
            "--wbytes" => cfg.wbytes = val()?.parse().context(USAGE)?,
            "--min-count" => cfg.min_count = val()?.parse().context(USAGE)?,
            "--bags" => cfg.bags = val()?.parse().context(USAGE)?,
            "--one-pass" => cfg.two_pass = false,
            "--quiet" => cfg.verbose = false,
            _ => bail!("{USAGE}"),
        }
    }
    let (Some(trainp), Some(out)) = (trainp, out) else {
        bail!("{USAGE}")
    };
    let gaz = gaz
        .map(|d| gazetteers_from_dir(&d))
        .unwrap_or_else(Gazetteers::empty);
    eprintln!("gazetteer entries: {}", gaz.len());
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let tr = read_conll(&read(&trainp)?);
    let dev = devp.as_ref().map(read).transpose()?.map(|d| read_conll(&d));
    let mf = train(&tr, dev.as_deref(), &gaz, &cfg);
    let bytes = mf.to_bytes();
    std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    eprintln!("wrote {} ({} bytes)", out.display(), bytes.len());
    Ok(())
}
