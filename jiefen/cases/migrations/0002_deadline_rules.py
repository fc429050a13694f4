"""The handling time limits of each track, each with the article it comes from (DESIGN §3: deadlines are data)."""

from django.db import migrations

RULES = [
    # name, channel, category, complexity, days, working_days, basis, priority
    ("法院委托调解（简易程序）", "court", "", "简单", 7, False,
     "最高人民法院关于人民法院特邀调解的规定:第27条；人民法院在线调解规则:第24条", 30),
    ("法院委派调解（立案前）", "court", "", "", 30, False,
     "最高人民法院关于人民法院特邀调解的规定:第27条；人民法院在线调解规则:第24条", 20),
    ("劳动争议调解", "", "劳动争议", "", 15, False, "劳动争议调解仲裁法:第14条", 10),
    ("医疗纠纷人民调解", "", "医疗", "", 30, True, "医疗纠纷预防和处理条例:第38条", 10),
    ("一般纠纷调解", "", "", "", 30, False,
     "人民调解法未规定期限，参照人民法院在线调解规则:第24条（立案前调解期限三十日）", 0),
]


def add_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for name, channel, category, complexity, days, working, basis, priority in RULES:
        DeadlineRule.objects.get_or_create(
            name=name,
            defaults=dict(channel=channel, category=category, complexity=complexity, days=days,
                          working_days=working, basis=basis, priority=priority),
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
