"""Choice labels read from a dict built once per field."""


class ChoiceLabel:
    """A model's `get_FOO_display()` for a field whose choices are `choices`.

    Django's own builds a dict of every choice on each call, hashing each lazily
    translated label (so translating all of them); pages that show a badge per
    commitment or per row call it dozens of times. Declared in the class body as
    `get_status_display = ChoiceLabel(Status)`, it takes Django's place.
    """

    def __init__(self, choices):
        self.labels = {choice.value: choice.label for choice in choices}

    def __set_name__(self, owner, name):
        self.attname = name.removeprefix("get_").removesuffix("_display")

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = getattr(instance, self.attname)
        return lambda: str(self.labels.get(value, value))
