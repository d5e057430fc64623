"""Form helpers every app's forms share: Bootstrap classes on every widget, the ids among
posted values, and a service's ValidationError placed on the form."""

from django import forms

# The largest id the database holds (64-bit keys).
MAX_ID = 2**63 - 1


def posted_ids(values) -> list[int]:
    """The ids among posted values: whole numbers a key can be. Anything else a browser
    would never send is dropped, so a tampered form gets a clear message or a 404, never a
    server error (SQLite refuses a number beyond 64 bits outright)."""
    return [int(value) for value in values if str(value).isdigit() and 0 < int(value) <= MAX_ID]


class StyledFormMixin:
    """Gives every widget its Bootstrap class, so templates render fields as they are."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                continue  # rendered as a list of inputs, styled by the template
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class StyledForm(StyledFormMixin, forms.Form):
    pass


def add_service_errors(form, exc) -> None:
    """A service's ValidationError on the form: each message on its field when the form has
    it, above the form otherwise."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
