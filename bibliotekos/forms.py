from django import forms
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Membership
from paskyros.forms import CleanCharField
from paskyros.models import User, normalize_email
from paskyros.ordering import lt_order


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class LibrarianInviteForm(forms.Form):
    full_name = CleanCharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none())
    library_role = forms.ChoiceField(label=_("Role in the library"),
                                     choices=Membership.Role.choices,
                                     initial=Membership.Role.LIBRARIAN)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = (Library.objects.visible_to(user).open_now()
                                           .order_by(lt_order("name")))

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        existing = User.objects.filter(email__iexact=email).first()
        if existing and existing.has_usable_password():
            raise forms.ValidationError(
                _("This person already has an account; add the library on their page."))
        if existing and not existing.is_librarian:
            raise forms.ValidationError(_("This address belongs to an account of another role."))
        return email


class MembershipForm(forms.Form):
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none())
    library_role = forms.ChoiceField(label=_("Role in the library"),
                                     choices=Membership.Role.choices)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = (Library.objects.visible_to(user).open_now()
                                           .order_by(lt_order("name")))
