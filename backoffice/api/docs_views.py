"""The API's description of itself: the OpenAPI document and a page that reads it offline."""

from __future__ import annotations

from flask import jsonify, render_template

from backoffice.api.openapi import openapi_document


def openapi_json():  # noqa: ANN201
    """The OpenAPI 3.1 document, generated from the views' models."""
    return jsonify(openapi_document())


def docs():  # noqa: ANN201
    """Every operation with its parameters, bodies and answers; script and styles are ours."""
    return render_template("api/docs.html")
