#include "hugepages.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__linux__) && defined(__GLIBC__)
#include <unistd.h>
#endif

namespace Vigil {

void preferHugePages(char *argv[])
{
#if defined(__linux__) && defined(__GLIBC__)
    if (std::getenv("VIGIL_NO_HUGEPAGES"))
        return;
    const char *current = std::getenv("GLIBC_TUNABLES");
    if (current && std::strstr(current, "glibc.malloc.hugetlb"))
        return; // already set (by us on the first start, or by the user)
    std::string tunables = current && *current ? std::string(current) + ':' : std::string();
    tunables += "glibc.malloc.hugetlb=1";
    if (setenv("GLIBC_TUNABLES", tunables.c_str(), 1) != 0)
        return;
    execv("/proc/self/exe", argv);
    // exec failed: go on as we are, without the tunable.
    unsetenv("GLIBC_TUNABLES");
    if (current)
        setenv("GLIBC_TUNABLES", current, 1);
#else
    (void)argv;
#endif
}

} // namespace Vigil
