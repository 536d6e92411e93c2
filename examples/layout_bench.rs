//! Times the layout of a generated agenda pack (50 reports, each with a landscape action
//! plan). Run with optimisations, e.g. `cargo run --release --example layout_bench`.

#[path = "../tests/support/pack.rs"]
mod pack;

use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let doc = pack::council_pack(50);
    // The first run also parses the font metrics; time the steady state separately.
    let started = Instant::now();
    let out = reportpack::layout::layout(&doc)?;
    let first = started.elapsed();
    let runs = 10;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(reportpack::layout::layout(&doc)?);
    }
    let each = started.elapsed() / runs;
    let items: usize = out.pages.iter().map(|p| p.items.len()).sum();
    println!(
        "{} pages, {} items, {} structure nodes: first layout {:?}, then {:?} per layout",
        out.pages.len(),
        items,
        out.structure.len(),
        first,
        each
    );
    Ok(())
}
