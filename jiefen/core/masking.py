"""Masks for personal data shown in lists and exports: enough to recognise, not enough to misuse."""


def mask_middle(value: str, keep_start: int, keep_end: int) -> str:
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[len(value) - keep_end :]


def mask_id_number(value: str) -> str:
    return mask_middle(value, 4, 2)


def mask_phone(value: str) -> str:
    return mask_middle(value, 3, 4)
