//! The global allocator of the wasm build: std's own allocator (dlmalloc), except that WebAssembly
//! memory is grown in large steps.
//!
//! std's allocator grows memory by what each request needs (64 KiB at a time). Every `memory.grow`
//! is a costly event for the JavaScript engine (new buffer object, external-memory accounting that
//! triggers garbage collections): scoring 10,000 units grew memory ~11,000 times and spent more than
//! half its time there. Growing by at least 1/8 of the current memory (1 MiB … 32 MiB) makes that a
//! few dozen grows and keeps the waste below 32 MiB.
//!
//! When memory cannot grow any more (4 GiB), the failure is thrown to JavaScript as a `LimitError`
//! with code `limits.out_of_memory` instead of trapping.

use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;
use core::sync::atomic::{AtomicBool, Ordering};
use dlmalloc::Dlmalloc;
use std::alloc::{GlobalAlloc, Layout};

const PAGE: usize = 64 * 1024;
const MIN_STEP: usize = 16; // pages: 1 MiB
const MAX_STEP: usize = 512; // pages: 32 MiB

extern "C" {
    static __heap_base: u8;
    static __heap_end: u8;
}

static DONATED: AtomicBool = AtomicBool::new(false);

struct Grow;

// SAFETY: regions handed out come from `memory.grow` (never used by anything else) or, once, the
// linker's free region between `__heap_base` and `__heap_end`; none is ever handed out twice.
unsafe impl dlmalloc::Allocator for Grow {
    fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
        if size != 0 && !DONATED.swap(true, Ordering::Relaxed) {
            // The part of the initial memory the linker left free, as std does.
            // Linker-provided symbols; only their addresses are taken.
            let (base, end) = (
                ptr::addr_of!(__heap_base) as usize,
                ptr::addr_of!(__heap_end) as usize,
            );
            if base != 0 && end > base && end - base >= size {
                return (base as *mut u8, end - base, 0);
            }
        }
        let need = size.div_ceil(PAGE);
        let step = (wasm32::memory_size(0) / 8).clamp(MIN_STEP, MAX_STEP);
        for pages in [need.max(step), need] {
            let prev = wasm32::memory_grow(0, pages);
            if prev != usize::MAX {
                let base = prev * PAGE;
                let len = pages * PAGE;
                // Never hand out the very last bytes of the address space (a pointer must not
                // wrap to 0), as std does.
                let len = if base.wrapping_add(len) == 0 {
                    len - 16
                } else {
                    len
                };
                return (base as *mut u8, len, 0);
            }
        }
        (ptr::null_mut(), 0, 0)
    }

    fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
        ptr::null_mut()
    }

    fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
        false
    }

    fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
        false
    }

    fn can_release_part(&self, _flags: u32) -> bool {
        false
    }

    fn allocates_zeros(&self) -> bool {
        true
    }

    fn page_size(&self) -> usize {
        PAGE
    }
}

struct Global(UnsafeCell<Dlmalloc<Grow>>);

// SAFETY: this build has no threads (wasm32-unknown-unknown without the atomics feature), so the
// allocator is never entered from two threads.
unsafe impl Sync for Global {}

/// A failed allocation is reported to JavaScript as a `LimitError` (`limits.out_of_memory`) rather
/// than through Rust's allocation-failure handler, which traps with an opaque `unreachable`.
fn checked(p: *mut u8) -> *mut u8 {
    if p.is_null() {
        crate::errors::throw_out_of_memory()
    }
    p
}

// SAFETY: delegates to dlmalloc, which upholds the GlobalAlloc contract; single-threaded (above).
unsafe impl GlobalAlloc for Global {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        checked((*self.0.get()).malloc(l.size(), l.align()))
    }
    unsafe fn alloc_zeroed(&self, l: Layout) -> *mut u8 {
        checked((*self.0.get()).calloc(l.size(), l.align()))
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        (*self.0.get()).free(p, l.size(), l.align())
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new_size: usize) -> *mut u8 {
        checked((*self.0.get()).realloc(p, l.size(), l.align(), new_size))
    }
}

#[global_allocator]
static ALLOCATOR: Global = Global(UnsafeCell::new(Dlmalloc::new_with_allocator(Grow)));
