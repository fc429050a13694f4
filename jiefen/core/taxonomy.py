"""The platform taxonomy of DESIGN §7. Stored values are exactly these labels or code names."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    MARRIAGE_FAMILY = "婚姻家庭", _("Marriage and family")
    NEIGHBOURS = "邻里", _("Neighbours")
    HOUSING_HOMESTEAD = "房屋宅基地", _("Housing and homestead")
    CONTRACT = "合同", _("Contract")
    PRIVATE_LENDING = "民间借贷", _("Private lending")
    DAMAGES = "损害赔偿", _("Damages")
    FOREST_LAND = "山林土地", _("Forest and land")
    REQUISITION = "征地拆迁", _("Land requisition and demolition")
    POLLUTION = "环境污染", _("Environmental pollution")
    LABOUR = "劳动争议", _("Labour dispute")
    MEDICAL = "医疗", _("Medical")
    PROPERTY_MANAGEMENT = "物业", _("Property management")
    TRAFFIC = "道路交通事故", _("Road traffic accident")
    CONSUMER = "消费", _("Consumer")
    INTELLECTUAL_PROPERTY = "知识产权", _("Intellectual property")
    E_COMMERCE = "电子商务", _("E-commerce")
    VILLAGE_AFFAIRS = "村务管理", _("Village affairs")
    ADMINISTRATIVE = "行政争议", _("Administrative dispute")
    OTHER = "其他", _("Other")


class Field(models.TextChoices):
    CIVIL = "民事", _("Civil")
    COMMERCIAL = "商事", _("Commercial")
    FAMILY = "家事", _("Family")
    ADMINISTRATIVE = "行政", _("Administrative")


class Method(models.TextChoices):
    PEOPLES_MEDIATION = "peoples_mediation", _("People's mediation")
    ADMINISTRATIVE_MEDIATION = "administrative_mediation", _("Administrative mediation")
    LAWYER_MEDIATION = "lawyer_mediation", _("Lawyer mediation")
    INDUSTRY_MEDIATION = "industry_mediation", _("Industry and professional mediation")
    NOTARISATION = "notarisation", _("Notarisation")
    ADMINISTRATIVE_ADJUDICATION = "administrative_adjudication", _("Administrative adjudication")
    ADMINISTRATIVE_RECONSIDERATION = "administrative_reconsideration", _("Administrative reconsideration")
    ARBITRATION = "arbitration", _("Arbitration")
    LITIGATION = "litigation", _("Litigation")
    CONSULTATION = "consultation", _("Legal consultation")


MEDIATION_METHODS = {
    Method.PEOPLES_MEDIATION,
    Method.ADMINISTRATIVE_MEDIATION,
    Method.LAWYER_MEDIATION,
    Method.INDUSTRY_MEDIATION,
}


class Complexity(models.TextChoices):
    SIMPLE = "简单", _("Simple")
    COMPLEX = "复杂", _("Complex")


class Risk(models.TextChoices):
    RED = "红", _("Red")
    ORANGE = "橙", _("Orange")
    YELLOW = "黄", _("Yellow")
    BLUE = "蓝", _("Blue")


class Level(models.TextChoices):
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    TOWNSHIP = "township", _("Township")
    VILLAGE = "village", _("Village")


# Higher number, higher level: escalation goes up this ladder (village → township → county → city).
LEVEL_RANK = {Level.VILLAGE: 1, Level.TOWNSHIP: 2, Level.COUNTY: 3, Level.CITY: 4}


class Channel(models.TextChoices):
    WINDOW = "window", _("Window")
    PORTAL = "portal", _("Online portal")
    HOTLINE = "hotline", _("12348 hotline")
    COURT = "court", _("Court referral")
    PETITION = "petition", _("Petition office")
    POLICE = "police", _("Police")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    GRID = "grid", _("Grid worker")
    INFORMANT = "informant", _("Informant")
    OTHER_PLATFORM = "other_platform", _("Other platform")
    SCREENING = "screening", _("Screening")
