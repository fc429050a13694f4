"""How people name divisions in everyday speech and addresses, as opposed to their statistical names."""

import functools

RESIDENTS_SUFFIXES = ("社区居民委员会", "社区居委会", "社区居委员", "居民委员会", "居委会", "居委员")
VILLAGERS_SUFFIXES = ("村民委员会", "村委会")


@functools.lru_cache(maxsize=8192)  # a pure function of the name; triage asks for every village of a county per case
def village_short_name(name: str) -> str:
    """The everyday name of a village or community: 西门社区居委会 → 西门社区, 李庄村委会 → 李庄村."""
    for suffix in RESIDENTS_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] + "社区"
    for suffix in VILLAGERS_SUFFIXES:
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            return base if base.endswith("村") else base + "村"
    return name
