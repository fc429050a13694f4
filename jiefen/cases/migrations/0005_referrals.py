"""Court referrals say whether they come before filing (委派) or after (委托), with the court's case number, and the
deadline rules read it: 特邀调解规定 art. 27 gives 30 days to 委派, 15 to 委托 (7 under simplified procedure), and
seed 003 gives 7 days to every simple civil dispute a court streams out."""

from django.db import migrations, models

RULES = [
    # name, referral_kind, complexity, days, basis, priority
    ("法院分流的简单民事纠纷", "", "简单", 7,
     "最高人民法院关于人民法院特邀调解的规定:第27条（委托调解适用简易程序的，调解期限为7日）；"
     "诉调对接：事实清楚、争议不大的民事案件自受理之日起7日内调结", 30),
    ("法院委托调解（普通程序）", "entrusted", "", 15,
     "最高人民法院关于人民法院特邀调解的规定:第27条（委托调解适用普通程序的，调解期限为15日）", 25),
    ("法院委派调解（立案前）", "delegated", "", 30,
     "最高人民法院关于人民法院特邀调解的规定:第27条（委派调解期限为30日）；人民法院在线调解规则:第24条", 20),
]


def court_rules(apps, schema_editor):
    DeadlineRule = apps.get_model("cases", "DeadlineRule")
    for name, referral_kind, complexity, days, basis, priority in RULES:
        DeadlineRule.objects.update_or_create(
            name=name,
            defaults=dict(channel="court", referral_kind=referral_kind, complexity=complexity, days=days,
                          working_days=False, basis=basis, priority=priority),
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_personal_data_encrypted")]

    operations = [
        migrations.AddField(
            model_name="case",
            name="referral_kind",
            field=models.CharField(
                blank=True, choices=[("delegated", "Delegated before filing (委派)"),
                                     ("entrusted", "Entrusted after filing (委托)")],
                max_length=12, verbose_name="court referral",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="external_reference",
            field=models.CharField(
                blank=True, max_length=64, verbose_name="sender's reference",
                help_text="The court's case number, or the number the sending platform gave the dispute",
            ),
        ),
        migrations.AddField(
            model_name="deadlinerule",
            name="referral_kind",
            field=models.CharField(
                blank=True, choices=[("delegated", "Delegated before filing (委派)"),
                                     ("entrusted", "Entrusted after filing (委托)")],
                max_length=12, verbose_name="court referral",
            ),
        ),
        migrations.RunPython(court_rules, migrations.RunPython.noop),
    ]
