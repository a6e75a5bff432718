//! The batch page is written in flat memory: with its charts (a bar per unit
//! up to 100 units, beyond that the distribution of the totals and the ten
//! highest and lowest), the page of 3,000 units takes no more memory to write
//! than the page of 300, and its charts are no larger.
//!
//! The heap is counted by a global allocator of this test binary (one test, so
//! that no other test allocates at the same time).

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rubric::batch::{Options, Scored};

/// Counts the bytes allocated now and the most since the last reset.
struct Counting;

static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is passed on to the system allocator unchanged; the counters only observe.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = NOW.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) };
        NOW.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            NOW.fetch_sub(layout.size(), Ordering::Relaxed);
            let now = NOW.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The page of `n` generated units of rubric B, and the most heap in use above
/// what was in use when the page began to be written (the summary and the rows
/// kept in memory are already there then).
fn page_of(n: usize) -> (String, usize) {
    let path = root().join("rubrics/lezhi-2023-department-overall.rubric");
    let (checked, file) = common::checked_file(&path);
    let dir = common::fresh_temp_dir(&format!("rubric-batch-memory-{}-{n}", std::process::id()));
    for (i, unit) in rubric::author::generate::units(&checked, n, 11).iter().enumerate() {
        std::fs::write(dir.join(format!("u{:05}.toml", i + 1)), unit).expect("written");
    }
    let page: PathBuf = dir.with_extension("html");
    let sources = rubric::batch::sources(std::slice::from_ref(&dir)).expect("inputs");
    let mut sink = rubric::batch::out::open(&page).expect("the page opens");
    let options = Options { strict: false, threads: Some(2), details: 3 };
    let mut each = |unit: Scored<'_>| sink.unit(&unit).expect("a unit's part is written");
    let summary = rubric::batch::run(&checked, &file, &sources, &options, &|_, _| {}, &mut each).expect("ran");
    assert_eq!(summary.len(), n);
    PEAK.store(NOW.load(Ordering::Relaxed), Ordering::Relaxed);
    let before = NOW.load(Ordering::Relaxed);
    sink.finish(&summary).expect("the page is written");
    let peak = PEAK.load(Ordering::Relaxed).saturating_sub(before);
    let text = std::fs::read_to_string(&page).expect("the page");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&page);
    (text, peak)
}

/// The charts section of a page.
fn charts(page: &str) -> &str {
    let from = page.find("<section id=\"charts\">").expect("a charts section");
    let to = page[from..].find("</section>").expect("its end");
    &page[from..from + to]
}

#[test]
fn the_batch_page_with_its_charts_is_written_in_flat_memory() {
    let (small, small_peak) = page_of(300);
    let (large, large_peak) = page_of(3000);
    assert!(large.len() > small.len() * 5, "the ranking has every unit: {} vs {}", large.len(), small.len());
    // The charts: the same elements whatever the number of units (20 named bars
    // and at most 20 bins, in two variants; the grades; the sections).
    let (a, b) = (charts(&small), charts(&large));
    for element in ["<svg", "class=\"bar total\"", "class=\"bar section mean\"", "class=\"bar grade\""] {
        assert_eq!(a.matches(element).count(), b.matches(element).count(), "{element}");
    }
    assert_eq!(b.matches("class=\"bar total\"").count(), 2 * 20);
    assert!(b.matches("class=\"bar bin\"").count() <= 2 * 20);
    assert!(b.len() < 200_000 && b.len() < 2 * a.len(), "{} bytes of charts for 3,000 units", b.len());
    // Writing the page: the same heap for ten times the units (a few buffers and
    // the row being written; never a list of the units).
    assert!(small_peak < 1 << 20, "the page of 300 units took {small_peak} bytes");
    assert!(large_peak < small_peak + (32 << 10), "300 units: {small_peak} bytes, 3,000 units: {large_peak} bytes");
    println!("heap while writing the page: 300 units {small_peak} bytes, 3,000 units {large_peak} bytes");
}
