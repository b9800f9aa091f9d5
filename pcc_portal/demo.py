"""Shared by the apps' demo loaders (`<app>/demo.py`), which `load_demo` runs."""


def saved(model, keys: dict, values: dict):
    """The row of `model` with these natural `keys`, created or updated to `values` and
    validated like a form would, so loading the demo twice changes nothing."""
    obj = model.objects.filter(**keys).first() or model(**keys)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()
    return obj
