#pragma once

namespace Vigil {

/// Restarts the current process once with glibc's heap backed by transparent huge pages
/// (GLIBC_TUNABLES=glibc.malloc.hugetlb=1), unless that is already set or VIGIL_NO_HUGEPAGES is set.
/// Loading a large cache allocates ~100 MB in small blocks; with 4 KiB pages most of that time is page faults
/// (measured in docs/BENCHMARKS.md). Call first thing in main(), before any thread or Qt object exists.
/// Returns only when no restart happened (not Linux/glibc, opted out, or exec failed).
void preferHugePages(char *argv[]);

} // namespace Vigil
