"""The triage data sets: which rows may train the shipped model, which only measure it, and how they are cleaned.

The shared labelled set (`../shared/data/cases/train.jsonl`) mixes sources under different terms. Only rows whose
source licence allows redistribution (LawBench, Apache-2.0) may train the model that ships; the research-only
sources (CAIL2019/CJRC court facts, lawyer-llama consultations) become the evaluation set, so evaluation is also
from a different source than training. The rules below are the written-down cleaning: see data/README.md.
"""

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from jiefen.core.numerals import arabic_number
from jiefen.core.taxonomy import Category, Field

DATA_DIR = Path(__file__).resolve().parent / "data"
TRAIN_PATH = DATA_DIR / "train.jsonl"
EVAL_PATH = DATA_DIR / "eval" / "eval.jsonl"
# Gold risk colours read by the team for some evaluation rows, kept apart because build_triage_data rewrites
# eval.jsonl (data/eval/RISK-LABELS.md). Research-derived: measurement only, never training, never shipped.
RISK_LABELS_PATH = DATA_DIR / "eval" / "risk_labels.jsonl"
# Held-out gold colours: consultations of none of the sets above, read after the risk rules were revised on
# risk_labels.jsonl's misses, so the rules were not tuned on them (data/eval/README.md). The texts are in the file.
RISK_HOLDOUT_PATH = DATA_DIR / "eval" / "risk_holdout.jsonl"

SHIPPABLE_SOURCES = ("open-compass/LawBench:",)
EVALUATION_ONLY_SOURCES = ("china-ai-law-challenge/CAIL2019:", "AndrewZhe/lawyer-llama:")

# Source labels that say nothing about the kind of dispute: LawBench 2-4's catch-all topics, and 3-8 rows whose
# only citation is a procedure or registration rule. Their automatic label (其他) is re-decided by RELABEL_RULES.
CATCH_ALL_LABELS = re.compile(
    r"^(综合咨询|涉外法律|海事海商|公司法|刑事辩护)$|民事诉讼法|户口登记条例|诉讼费用交纳办法"
)

# Ordered: the first matching rule wins. Criminal matters stay 其他 (DESIGN §7), so they are tested first.
# Reviewed on every catch-all row of the LawBench part (115 rows) on 2026-11-23.
RELABEL_RULES: list[tuple[str, str, str]] = [
    (r"判刑|判多久|看守所|拘留所|监狱|缓刑|保外就医|罪|赌场|毒品|举报", Category.OTHER, Field.CIVIL),
    (r"强制执行|冻结|被执行|失信|户口|落户", Category.OTHER, Field.CIVIL),
    (r"离婚|结婚证|出轨|彩礼|新娘|抚养|生孩子|宝宝落户", Category.MARRIAGE_FAMILY, Field.FAMILY),
    (r"工资|辞退|辞职|养老保险|打工|工地干了|工会", Category.LABOUR, Field.CIVIL),
    (r"借款|欠条|欠债|欠我钱|欠私人的钱|欠款", Category.PRIVATE_LENDING, Field.CIVIL),
    (r"货物|物流|货运|运费|运输|承运人|集装箱", Category.CONTRACT, Field.COMMERCIAL),
    (r"装修|加工.*合同|车位", Category.CONTRACT, Field.CIVIL),
    (r"质量问题|退换|退货|维权.*能退|能退吗", Category.CONSUMER, Field.CIVIL),
    (r"林地|坟山", Category.FOREST_LAND, Field.CIVIL),
    (r"违章|扣了我的车|处罚", Category.ADMINISTRATIVE, Field.ADMINISTRATIVE),
    (r"拆迁|拆千|征收", Category.REQUISITION, Field.ADMINISTRATIVE),
    (r"合伙|股东|股权|股份|公司|企业|破产|退股", Category.OTHER, Field.COMMERCIAL),
]
MIN_CHARS = 8

# 民法典 article ranges (DESIGN §7 categories) used to check that a lawyer-llama row's citations agree.
CIVIL_CODE_RANGES = [
    (1040, 1163, Category.MARRIAGE_FAMILY),
    (288, 296, Category.NEIGHBOURS),
    (271, 287, Category.PROPERTY_MANAGEMENT),
    (937, 950, Category.PROPERTY_MANAGEMENT),
    (330, 343, Category.FOREST_LAND),
    (209, 223, Category.HOUSING_HOMESTEAD),
    (362, 365, Category.HOUSING_HOMESTEAD),
    (243, 243, Category.REQUISITION),
    (667, 680, Category.PRIVATE_LENDING),
    (1208, 1217, Category.TRAFFIC),
    (1218, 1228, Category.MEDICAL),
    (1229, 1235, Category.POLLUTION),
    (463, 988, Category.CONTRACT),
    (989, 1039, Category.DAMAGES),
    (1164, 1207, Category.DAMAGES),
    (1236, 1258, Category.DAMAGES),
]
def civil_code_category(citation: str) -> str | None:
    match = re.fullmatch(r"民法典:第(.+)条", citation.strip())
    if not match:
        return None
    number = arabic_number(match.group(1))
    for low, high, category in CIVIL_CODE_RANGES:
        if low <= number <= high:
            return category
    return None


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def text_digest(text: str) -> str:
    """A short fingerprint of a row's text: a gold label is joined only onto the text it was read on."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def with_risk_labels(rows: list[dict], path: Path = RISK_LABELS_PATH) -> list[dict]:
    """The evaluation rows, those the team read carrying their gold colour as ``risk`` (and ``risk_reason``).

    Labels are keyed by row id and checked against the text's digest: after a rebuild that changes ids or texts the
    labels no longer say anything about the rows, so this raises rather than measure against the wrong gold.
    """
    if not Path(path).exists():
        return rows
    labels = {label["id"]: label for label in read_jsonl(path)}
    by_id = {row["id"]: row for row in rows}
    stale = [i for i, label in labels.items() if i not in by_id or text_digest(by_id[i]["text"]) != label["text_sha"]]
    if stale:
        raise ValueError(f"{len(stale)} risk labels in {path} no longer match the evaluation rows (first: {stale[0]}); "
                         "re-read them (data/eval/RISK-LABELS.md)")
    return [{**row, "risk": labels[row["id"]]["risk"], "risk_reason": labels[row["id"]]["reason"]}
            if row["id"] in labels else row for row in rows]


def risk_holdout(path: Path = RISK_HOLDOUT_PATH) -> list[dict]:
    """The held-out rows (``id, text, risk, reason, chosen, source``), each carrying its gold colour as ``risk`` like
    the rows of ``with_risk_labels``; empty when the file is absent (it is never shipped)."""
    return read_jsonl(path) if Path(path).exists() else []


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def file_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def relabel(row: dict) -> dict | None:
    """The training row as it will be used, or None when it cannot be trusted."""
    text = row["text"].strip()
    if len(text) < MIN_CHARS:
        return None
    row = {**row, "text": text, "relabelled_by": None}
    if row["category"] == Category.OTHER and CATCH_ALL_LABELS.search(row["source_label"]):
        for pattern, category, field in RELABEL_RULES:
            if re.search(pattern, text):
                row.update(category=str(category), field=str(field), relabelled_by=pattern)
                break
    return row


def citations_agree(row: dict) -> bool:
    """A lawyer-llama row is kept for evaluation only when all its mapped 民法典 citations name one category."""
    categories = {civil_code_category(c) for c in re.split(r"[；;]", row["source_label"]) if c.strip()}
    categories.discard(None)
    return len(categories) <= 1


def _grams(text: str, n: int = 5) -> set[str]:
    return {text[i : i + n] for i in range(max(len(text) - n + 1, 1))}


@dataclass
class Overlap:
    """Index of training texts to drop near-duplicates from the evaluation set (the shared README's checks)."""

    texts: list[str]
    jaccard: float = 0.5
    containment: float = 0.8

    def __post_init__(self):
        self.exact = set(self.texts)
        self.prefixes = {t[:30] for t in self.texts}
        self.grams = [_grams(t) for t in self.texts]
        self.by_gram: dict[str, list[int]] = {}
        for index, grams in enumerate(self.grams):
            for gram in grams:
                self.by_gram.setdefault(gram, []).append(index)

    def hits(self, text: str) -> bool:
        if text in self.exact or text[:30] in self.prefixes:
            return True
        grams = _grams(text)
        shared = Counter(i for gram in grams for i in self.by_gram.get(gram, ()))
        for index, common in shared.items():
            other = self.grams[index]
            if common / len(grams | other) >= self.jaccard or common / min(len(grams), len(other)) >= self.containment:
                return True
        return False


def split_sources(rows: list[dict]) -> tuple[list[dict], list[dict], Counter]:
    """Training rows (shippable, relabelled) and evaluation rows (research-only, de-duplicated against training)."""
    dropped: Counter = Counter()
    train = []
    for row in rows:
        if row["source"].startswith(SHIPPABLE_SOURCES):
            cleaned = relabel(row)
            if cleaned is None:
                dropped["train: too short"] += 1
            else:
                train.append(cleaned)
    overlap = Overlap([row["text"] for row in train])
    evaluation = []
    for row in rows:
        if not row["source"].startswith(EVALUATION_ONLY_SOURCES):
            continue
        if "lawyer-llama" in row["source"] and not citations_agree(row):
            dropped["eval: citations disagree"] += 1
        elif overlap.hits(row["text"]):
            dropped["eval: overlaps training"] += 1
        else:
            evaluation.append({key: row[key] for key in ("id", "text", "category", "field", "source", "source_label")})
    return train, evaluation, dropped
