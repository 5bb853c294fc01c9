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
        type_operation = component.get("properties", {}).get("type_operation")
        if type_operation and "$ref" in type_operation:
            component["properties"]["type_operation"] = {
                "oneOf": [{"$ref": type_operation["$ref"]}, {"enum": [None]}],
                "description": "Null pour une opération inconnue d'APiLos.",
            }
    return result
