//! Rendering a 365-day journal: PDF, DOCX, EPUB and the whole KDP package.
//! `cargo bench -p jc-render --bench render`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jc_render::{LayoutOptions, StoreDetails, render_docx, render_epub, render_kdp_package, render_pdf};

#[path = "../tests/it/fixture.rs"]
mod fixture;

fn render(c: &mut Criterion) {
    let journal = fixture::journal(365);
    let options = LayoutOptions::default();
    let store = StoreDetails { categories: vec!["Self-Help / Journaling".into()], isbn: None };
    let mut group = c.benchmark_group("365_days");
    group.sample_size(10);
    group.bench_function("pdf", |b| b.iter(|| render_pdf(black_box(&journal), &options).expect("pdf")));
    group.bench_function("docx", |b| b.iter(|| render_docx(black_box(&journal), &options).expect("docx")));
    group.bench_function("epub", |b| b.iter(|| render_epub(black_box(&journal), &options).expect("epub")));
    group.bench_function("kdp_package", |b| {
        b.iter(|| render_kdp_package(black_box(&journal), &options, &store).expect("package"))
    });
    group.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
