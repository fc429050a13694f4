"""The liaison's referral form: the sender and its reference, then the window registration's fields and parties
(the handling organisation is the sender's receiving organisation). Shapes input only; ``services.refer``
decides."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jiefen.cases.models import ReferralKind
from jiefen.exchange.services import senders_for
from jiefen.workbench.forms import registration_forms


class SenderForm(forms.Form):
    sender = forms.ModelChoiceField(label=_("Sender"), queryset=None, empty_label=_("Choose the sender"))
    referral_kind = forms.ChoiceField(
        label=_("Court referral"), required=False,
        choices=[("", _("Not a court referral")), *ReferralKind.choices],
        help_text=_("Courts only: delegated before filing (委派) or entrusted after filing (委托)"),
    )
    external_reference = forms.CharField(
        label=_("Sender's reference"), required=False, max_length=64,
        help_text=_("The court's case number, or the number the sending platform gave the dispute"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = senders_for(user).select_related("organisation")


def referral_forms(user, staff, data=None):
    sender = SenderForm(data, user=user)
    case, parties = registration_forms(staff, data)
    del case.fields["handling_org"]
    return sender, case, parties
