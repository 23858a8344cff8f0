//! A per-file allocation arena for the command line.
//!
//! Reading, scoring and writing one form makes about 2,000 small allocations (one `String` per
//! cell, explanations, issue texts) that all die together when the file is done. Inside
//! [`scope`], new allocations are carved from one reused region by bumping a pointer, freeing
//! is a no-op, and the next scope starts again at the bottom of the region: the region stays in
//! the cache and `malloc`/`free` leave the profile (BENCHMARKS.md).
//!
//! Rules that keep it sound:
//! - Only allocations made *while a scope runs, on the thread that owns the arena*, come from
//!   the region. Everything else — other threads, allocations outside a scope, growing a block
//!   that came from the fallback allocator — goes to the fallback (mimalloc).
//! - The region is reset when the **next** scope starts, not when one ends: a value that leaves
//!   a scope (an error, say) stays valid until the caller starts the next file. The caller must
//!   not keep such a value across the next scope; `main` keeps only plain flags.
//! - Freeing a block of the region, from anywhere, is a no-op; blocks are told apart by address.
//! - A form too big for the region spills over to the fallback allocator, which frees as usual.
//!
//! Debug builds fill the used part of the region with `0xA5` at each reset, so that a value
//! kept across scopes by mistake shows up in the CLI tests as garbage rather than by luck.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Size of the region: a 300-indicator form needs well under 1 MiB.
const REGION: usize = 8 << 20;

/// Start and end of the region: read by any thread to tell blocks apart. Until the first scope
/// the start is an address no block has (the top of the address space).
static BASE: AtomicUsize = AtomicUsize::new(usize::MAX - REGION);
static END: AtomicUsize = AtomicUsize::new(0);
/// Set by the first thread that runs a scope; only that thread ever bumps.
static CLAIMED: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// Next free byte of the region while this thread is in a scope; 0 when not in a scope.
    static TOP: Cell<usize> = const { Cell::new(0) };
    /// Whether this thread owns the region.
    static OWNER: Cell<bool> = const { Cell::new(false) };
    /// Whether an allocation of the running scope went to the fallback allocator.
    static SPILLED: Cell<bool> = const { Cell::new(false) };
}

/// The global allocator: the arena in front of `A`.
pub struct Arena<A>(pub A);

#[inline(always)]
fn in_region(p: *mut u8) -> bool {
    (p as usize).wrapping_sub(BASE.load(Ordering::Relaxed)) < REGION
}

/// Bump-allocates `layout` if this thread is in a scope and the region has room.
#[inline(always)]
fn bump(layout: Layout) -> Option<*mut u8> {
    let top = TOP.get();
    if top == 0 {
        return None;
    }
    let start = (top + layout.align() - 1) & !(layout.align() - 1);
    let end = start.checked_add(layout.size())?;
    if end > END.load(Ordering::Relaxed) {
        return None;
    }
    TOP.set(end);
    Some(start as *mut u8)
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for Arena<A> {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match bump(layout) {
            Some(p) => p,
            None => {
                if TOP.get() != 0 {
                    SPILLED.set(true);
                }
                unsafe { self.0.alloc(layout) }
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if !in_region(ptr) {
            unsafe { self.0.dealloc(ptr, layout) }
        }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !in_region(ptr) {
            return unsafe { self.0.realloc(ptr, layout, new_size) };
        }
        let top = TOP.get();
        // The last block grows (or shrinks) in place.
        if top != 0 && ptr as usize + layout.size() == top && ptr as usize + new_size <= END.load(Ordering::Relaxed) {
            TOP.set(ptr as usize + new_size);
            return ptr;
        }
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return std::ptr::null_mut();
        };
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            unsafe { std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size)) };
        }
        new
    }
}

/// Runs `f` with this thread's new allocations taken from the arena (see the module docs for
/// what may leave it). Scopes do not nest: an inner scope would reset under the outer one, so
/// it just runs `f` in the outer scope. If another thread owns the arena, `f` runs without it.
pub fn scope<T>(f: impl FnOnce() -> T) -> T {
    if TOP.get() != 0 || !claim() {
        return f();
    }
    let base = BASE.load(Ordering::Relaxed);
    TOP.set(base);
    SPILLED.set(false);
    let out = f();
    let used = TOP.get() - base;
    TOP.set(0);
    if cfg!(debug_assertions) {
        // Poison what this scope used, as the next scope will overwrite it.
        // SAFETY: [base, base + used) lies in the region, which this thread owns.
        unsafe { std::ptr::write_bytes(base as *mut u8, 0xA5, used) };
    }
    out
}

/// Drops `x` — or, inside a scope whose allocations all came from the region, forgets it: the
/// next scope reclaims the region at once, so walking a form's hundreds of strings only to
/// free nothing is skipped. `x` must have been built inside the running scope (as everything
/// `main` discards is); anything from the fallback allocator is freed as usual.
pub fn discard<T>(x: T) {
    if TOP.get() != 0 && !SPILLED.get() {
        std::mem::forget(x);
    } else {
        drop(x);
    }
}

/// Makes this thread the owner of the region (allocating it on first use); false when another
/// thread owns it or the region could not be had.
fn claim() -> bool {
    if OWNER.get() {
        return true;
    }
    if CLAIMED.swap(true, Ordering::Relaxed) {
        return false;
    }
    // SAFETY: a non-zero size and a valid alignment.
    let base = unsafe { System.alloc(Layout::from_size_align(REGION, 64).expect("a valid layout")) };
    if base.is_null() {
        return false;
    }
    BASE.store(base as usize, Ordering::Relaxed);
    END.store(base as usize + REGION, Ordering::Relaxed);
    OWNER.set(true);
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One test: the region belongs to the first thread that runs a scope, and the test
    /// harness runs each test on a thread of its own.
    #[test]
    fn the_arena() {
        // This drives an `Arena` directly; it shares the region with the binary's allocator.
        let a = Arena(System);
        let l = Layout::from_size_align(24, 8).unwrap();

        // Each scope starts at the bottom of the region.
        let first = scope(|| unsafe { a.alloc(l) });
        assert!(in_region(first));
        let second = scope(|| unsafe { a.alloc(l) });
        assert_eq!(first, second);

        // Outside a scope: the fallback allocator.
        let outside = unsafe { a.alloc(l) };
        assert!(!in_region(outside));
        unsafe { a.dealloc(outside, l) };

        // The last block grows in place; another one moves up and keeps its bytes.
        let l16 = Layout::from_size_align(16, 8).unwrap();
        scope(|| unsafe {
            let p = a.alloc(l16);
            p.write_bytes(7, 16);
            let q = a.realloc(p, l16, 64);
            assert_eq!(p, q);
            let r = a.alloc(l16);
            let s = a.realloc(q, Layout::from_size_align(64, 8).unwrap(), 128);
            assert!(s > r);
            assert_eq!(std::slice::from_raw_parts(s, 16), &[7u8; 16]);
        });

        // A block too big for the region spills over to the fallback.
        let big = Layout::from_size_align(REGION + 1, 8).unwrap();
        scope(|| unsafe {
            let p = a.alloc(big);
            assert!(!p.is_null() && !in_region(p));
            a.dealloc(p, big);
        });

        // Another thread runs its scopes without the region.
        let elsewhere = std::thread::spawn(move || scope(|| in_region(unsafe { a_alloc(l) }))).join().unwrap();
        assert!(!elsewhere);
    }

    /// An allocation through a fresh `Arena` (for the thread test; `Arena` is not `Send`-bound).
    unsafe fn a_alloc(l: Layout) -> *mut u8 {
        unsafe { Arena(System).alloc(l) }
    }
}
