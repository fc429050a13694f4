"""A hand-written lexicon per category (DESIGN §7): the keyword baseline, and features the trained model adds.

The lexicon covers the categories the licensed training rows barely show (邻里, 物业, 环境污染, 电子商务, 村务管理),
so the model can still propose them; the words are an intake officer's, written for this project.
"""

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from jiefen.core.taxonomy import Category, Field

LEXICON: dict[str, tuple[str, ...]] = {
    Category.MARRIAGE_FAMILY: (
        "离婚", "结婚", "婚姻", "夫妻", "丈夫", "妻子", "老公", "老婆", "彩礼", "抚养", "抚养费", "赡养", "继承",
        "遗产", "遗嘱", "探望", "监护", "子女", "家暴", "出轨", "婚前", "婚后", "同居", "收养", "前夫", "前妻",
    ),
    Category.NEIGHBOURS: (
        "邻居", "邻里", "相邻", "噪音", "采光", "通风", "滴水", "通行", "排水", "楼上", "楼下", "隔壁", "挡光",
    ),
    Category.HOUSING_HOMESTEAD: (
        "宅基地", "房产证", "房屋买卖", "过户", "租房", "房东", "租客", "房租", "产权", "不动产", "房产", "买房",
        "卖房", "建房", "盖房",
    ),
    Category.CONTRACT: (
        "合同", "协议", "违约", "定金", "订金", "装修", "工程款", "担保", "保证人", "抵押", "保险", "银行贷款",
        "信用卡", "租赁", "货款", "承揽", "开发商", "商品房", "运费", "货物",
    ),
    Category.PRIVATE_LENDING: (
        "借钱", "借款", "欠钱", "欠款", "欠条", "借条", "还钱", "利息", "债务", "债权", "借给", "欠我", "高利贷",
    ),
    Category.DAMAGES: (
        "打伤", "殴打", "受伤", "伤残", "赔偿", "损害", "人身损害", "名誉", "诽谤", "侵权", "被狗咬", "摔伤",
        "医药费", "精神损失", "打人",
    ),
    Category.FOREST_LAND: (
        "土地承包", "承包地", "林地", "山林", "林权", "耕地", "农田", "田地", "地界", "承包经营", "自留地", "荒山",
    ),
    Category.REQUISITION: (
        "拆迁", "征地", "征收", "安置", "补偿款", "强拆", "棚改", "回迁", "拆除",
    ),
    Category.POLLUTION: (
        "污染", "排污", "废水", "废气", "粉尘", "臭味", "噪声污染", "环保", "垃圾", "油烟", "污水", "辐射",
    ),
    Category.LABOUR: (
        "工资", "劳动合同", "辞退", "开除", "加班", "工伤", "社保", "社会保险", "公积金", "试用期", "离职",
        "经济补偿", "用人单位", "劳动仲裁", "欠薪", "农民工", "员工", "老板",
    ),
    Category.MEDICAL: (
        "医院", "医疗", "手术", "医生", "误诊", "医疗事故", "治疗", "护士", "药物", "病人", "住院",
    ),
    Category.PROPERTY_MANAGEMENT: (
        "物业", "物业费", "业主", "业委会", "小区", "电梯", "停车位", "公共维修", "保安",
    ),
    Category.TRAFFIC: (
        "交通事故", "车祸", "撞", "交警", "肇事", "追尾", "电动车", "驾驶", "司机", "交强险", "逃逸", "摩托车",
    ),
    Category.CONSUMER: (
        "消费者", "商家", "退货", "退款", "假货", "质量问题", "三包", "售后", "购买", "买的", "退换", "欺诈",
        "商场", "超市",
    ),
    Category.INTELLECTUAL_PROPERTY: (
        "著作权", "版权", "商标", "专利", "侵权盗版", "盗版", "抄袭", "不正当竞争", "商业秘密", "作品",
    ),
    Category.E_COMMERCE: (
        "网购", "淘宝", "京东", "拼多多", "网店", "电商", "平台", "快递", "网上购买", "直播带货", "店铺",
    ),
    Category.VILLAGE_AFFAIRS: (
        "村委会", "村委", "村民", "村集体", "集体经济", "村干部", "分红", "村务", "村民小组", "集体收益", "村长",
    ),
    Category.ADMINISTRATIVE: (
        "行政", "处罚", "罚款", "政府", "派出所", "城管", "行政复议", "许可", "吊销", "信访", "违章", "执法",
    ),
    Category.OTHER: (
        "犯罪", "判刑", "刑事", "拘留", "看守所", "坐牢", "缓刑", "诈骗", "盗窃", "起诉状", "管辖", "户口",
    ),
}
CATEGORIES: list[str] = [str(category) for category in Category]
# The field a category's dispute usually has (DESIGN §7); 商事 depends on the parties, so no category implies it.
USUAL_FIELD = {Category.MARRIAGE_FAMILY: Field.FAMILY, Category.ADMINISTRATIVE: Field.ADMINISTRATIVE}


def seed_rows() -> list[tuple[str, str, str]]:
    """Every lexicon word as a (text, category, field) training row."""
    return [
        (word, str(category), str(USUAL_FIELD.get(category, Field.CIVIL)))
        for category, words in LEXICON.items()
        for word in words
    ]


def matches(text: str) -> dict[str, list[str]]:
    """The lexicon words found in the text, per category (categories without a hit left out)."""
    found = {}
    for category, words in LEXICON.items():
        hits = [word for word in words if word in text]
        if hits:
            found[str(category)] = hits
    return found


def keyword_category(text: str) -> str:
    """The keyword baseline: the category with most distinct lexicon hits; ties by taxonomy order; else 其他."""
    found = matches(text)
    if not found:
        return str(Category.OTHER)
    return max(CATEGORIES, key=lambda category: len(found.get(category, ())))


class LexiconCounts(BaseEstimator, TransformerMixin):
    """Distinct lexicon hits per category, damped (log1p), as extra columns beside the n-gram features."""

    def fit(self, texts, y=None):
        return self

    def transform(self, texts):
        counts = np.zeros((len(texts), len(CATEGORIES)))
        for row, text in enumerate(texts):
            for category, hits in matches(text).items():
                counts[row, CATEGORIES.index(category)] = len(hits)
        return np.log1p(counts)

    def get_feature_names_out(self, input_features=None):
        return np.array([f"lexicon:{category}" for category in CATEGORIES], dtype=object)
