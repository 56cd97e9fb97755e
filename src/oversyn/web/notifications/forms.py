from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    party = forms.ChoiceField(label=_("Remissinstans"))
    name = forms.CharField(label=_("Namn"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-postadress"))

    def __init__(self, *args, parties: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = sorted(parties.items(), key=lambda kv: kv[1])


class InvitedUserForm(BaseUserCreationForm):
    """A new local account from an invitation (Django's password validators apply)."""

    class Meta:
        model = User
        fields = ("username", "first_name", "last_name")
