"""What the schema adds to every operation: the errors a client will meet."""

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string", "examples": ["未找到。"]}},
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Each filter that cannot be applied, with why (in the request's language).",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "examples": [{"region": ["没有代码为“999999”的地区。"]}],
}


def json_response(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: 404 on every operation (an unknown
    institution, region or year, or a page past the last); 400 where filters are
    taken (a filter that cannot be applied)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            responses.setdefault(
                "404", json_response("Nothing at this address, or no such page.", ERROR)
            )
            if any(
                p.get("in") == "query" and p["name"] != "page"
                for p in operation.get("parameters", [])
            ):
                responses.setdefault(
                    "400", json_response("A filter cannot be applied.", FIELD_ERRORS)
                )
    return result
