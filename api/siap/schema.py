"""Schema post-processing for the SIAP contract: an operation APiLos does not know is answered with the
historical "empty object" (no bailleur nor administration, type_operation null); the schema says so."""

OPERATION_COMPONENTS = ("Operation", "CloseOperation")
OPTIONAL_WHEN_UNKNOWN = ("bailleur", "administration")


def document_empty_operation(result, generator, request, public):
    schemas = result.get("components", {}).get("schemas", {})
    for name in OPERATION_COMPONENTS:
        component = schemas.get(name)
        if not component:
            continue
        component["required"] = [f for f in component.get("required", []) if f not in OPTIONAL_WHEN_UNKNOWN]
        type_operation = component.get("properties", {}).get("type_operation") or {}
        ref = type_operation.get("$ref") or next(
            (s["$ref"] for s in type_operation.get("allOf", []) if "$ref" in s), None
        )
        if ref:
            component["properties"]["type_operation"] = {
                "oneOf": [{"$ref": ref}, {"enum": [None]}],
                "description": "Null pour une opération inconnue d'APiLos.",
            }
    return result
