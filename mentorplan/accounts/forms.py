"""The form that gives a person a role."""
from wtforms import SelectChoice, SelectField
from wtforms.validators import ValidationError

from mentorplan.models import ASSIGNABLE_ROLES, ROLE_LABELS
from mentorplan.web.forms import NorwegianForm


class RoleForm(NorwegianForm):
    role = SelectField("Rolle", choices=[SelectChoice("", "Velg rolle")] + [
        SelectChoice(role.value, ROLE_LABELS[role]) for role in ASSIGNABLE_ROLES], validate_choice=False)
    scope = SelectField("Hvor", validate_choice=False)

    def __init__(self, *args, scopes, **kwargs):
        super().__init__(*args, **kwargs)
        self.scopes = {scope.key: scope for scope in scopes}
        self.scope.choices = [SelectChoice(scope.key, scope.label) for scope in scopes]

    def validate_role(self, field):
        if field.data not in {role.value for role in ASSIGNABLE_ROLES}:
            raise ValidationError("Velg en rolle.")

    def validate_scope(self, field):
        if field.data not in self.scopes:
            raise ValidationError("Velg hele kommunen, en enhet eller en avdeling i kommunen.")

    def scope_obj(self):
        return self.scopes[self.scope.data]
