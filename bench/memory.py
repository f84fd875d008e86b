"""Peak resident memory of this process, for the bench's measurements."""

import resource
from pathlib import Path


def peak_rss_mb() -> float:
    """The high-water mark of this process's resident memory in MB since it started (VmHWM).

    `getrusage().ru_maxrss` is kept across fork and exec, so a probe started by a big parent process
    would report the parent's size; VmHWM belongs to the address space that exec makes new. Outside
    Linux, ru_maxrss is the fallback."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
