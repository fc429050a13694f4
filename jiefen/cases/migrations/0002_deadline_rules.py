"""The handling time limits of each track, each with the article it comes from (DESIGN §3: deadlines are data)."""

from django.db import migrations

RULES = [
    # name, channel, category, complexity, days, working_days, basis, priority
    # Until referrals say whether they come before filing (委派) or after (委托), a simple court-referred dispute
    # gets the shorter limit: seed 003's 7 days for clear civil disputes, also the 委托 simplified-procedure limit.
    ("法院分流的简单民事纠纷", "court", "", "简单", 7, False,
     "最高人民法院关于人民法院特邀调解的规定:第27条（委托调解适用简易程序的，调解期限为7日）；"
     "诉调对接：事实清楚、争议不大的民事案件自受理之日起7日内调结", 30),
    ("法院委派调解（立案前）", "court", "", "", 30, False,
     "最高人民法院关于人民法院特邀调解的规定:第27条（委派调解期限为30日）；人民法院在线调解规则:第24条", 20),
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
