"""Plausible people and bodies for the demo: Chinese names, valid resident ID numbers, mobile numbers, credit codes.

Everything is drawn from one seeded ``random.Random``, so the demo is the same on every machine.
"""

import datetime
import random

from jiefen.core.validators import resident_id_check_char, uscc_check_char

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯史陶贺顾毛郝龚邵万钱严武戴孔汤"
)
MALE_GIVEN = (
    "建国 志强 伟 军 勇 磊 涛 明 超 海涛 国庆 永刚 俊杰 文博 浩然 宏伟 德胜 立新 长春 春生 金龙 玉林 建华 "
    "振华 学文 家豪 子豪 宇航 成龙 红军 卫东 广军 玉成 长江 洪涛 新民 兆宇 守信 启明"
).split()
FEMALE_GIVEN = (
    "秀英 桂兰 丽 静 敏 艳 娟 霞 芳 玉兰 春燕 晓燕 雪梅 丹 婷 慧 佳怡 欣怡 梦瑶 淑珍 凤英 桂芳 秀兰 海燕 "
    "丽娟 红梅 美玲 文静 雨涵 诗琪 素梅 月华 翠萍 金凤 晓红"
).split()
# Mobile number prefixes of the three carriers.
MOBILE_PREFIXES = (
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 177 180 181 182 183 185 186 187 "
    "188 189 199"
).split()
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# First two characters of a unified social credit code: registering authority and kind of body (GB 32100).
USCC_KIND = {"company": "91", "public_institution": "12", "organ": "11", "village_committee": "55"}


class People:
    def __init__(self, seed: int = 3207):
        self.random = random.Random(seed)
        self.used_names: set[str] = set()

    def name(self, sex: str) -> str:
        given = MALE_GIVEN if sex == "m" else FEMALE_GIVEN
        for _attempt in range(100):
            candidate = self.random.choice(SURNAMES) + self.random.choice(given)
            if candidate not in self.used_names:
                break
        self.used_names.add(candidate)
        return candidate

    def resident_id(self, area: str, sex: str, born_between: tuple[int, int] = (1955, 2000)) -> str:
        """An 18-character ID number (GB 11643): area, birth date, serial whose last digit is odd for men."""
        start = datetime.date(born_between[0], 1, 1)
        end = datetime.date(born_between[1], 12, 31)
        birth = start + datetime.timedelta(days=self.random.randrange((end - start).days))
        last = self.random.choice((1, 3, 5, 7, 9) if sex == "m" else (0, 2, 4, 6, 8))
        serial = self.random.randrange(0, 100) * 10 + last
        first17 = f"{area[:6]}{birth:%Y%m%d}{serial:03d}"
        return first17 + resident_id_check_char(first17)

    def mobile(self) -> str:
        return self.random.choice(MOBILE_PREFIXES) + f"{self.random.randrange(10**8):08d}"

    def credit_code(self, area: str, kind: str = "company") -> str:
        """A unified social credit code (GB 32100) with a correct check character."""
        body = "".join(self.random.choice(USCC_CHARSET[:10] if i < 8 else USCC_CHARSET) for i in range(9))
        first17 = f"{USCC_KIND[kind]}{area[:6]}{body}"
        return first17 + uscc_check_char(first17)
