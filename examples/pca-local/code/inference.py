"""Serving the numpy PCA model with SageMaker's inference handlers (model_fn, input_fn, predict_fn, output_fn).

Requests and responses follow the built-in PCA algorithm's formats:
    application/json  {"instances": [{"features": [..4 numbers..]}, ...]}, or a list of rows, or one row
    text/csv          one row of 4 numbers per line
Responses:
    application/json  {"projections": [{"projection": [..num_components numbers..]}, ...]}
    text/csv          one projection per line
"""
import io
import json
import os

import numpy as np


class UnsupportedFormatError(Exception):
    """The local server (and SageMaker's containers) answer 415 for this error."""

    status_code = 415


def model_fn(model_dir):
    model = np.load(os.path.join(model_dir, "model.npz"))
    return {"mean": model["mean"], "components": model["components"]}


def input_fn(request_body, content_type):
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/json":
        data = json.loads(request_body)
        if isinstance(data, dict) and "instances" in data:
            data = [row["features"] if isinstance(row, dict) else row for row in data["instances"]]
        elif isinstance(data, dict) and "features" in data:
            data = [data["features"]]
        return np.atleast_2d(np.asarray(data, dtype=float))
    if kind == "text/csv":
        if isinstance(request_body, bytes):
            request_body = request_body.decode("utf-8")
        return np.atleast_2d(np.loadtxt(io.StringIO(request_body), delimiter=",", ndmin=2))
    raise UnsupportedFormatError("Content type %s is not supported: send application/json or text/csv." % content_type)


def predict_fn(input_data, model):
    components = model["components"]
    if input_data.shape[1] != components.shape[1]:
        raise ValueError("Each row needs %d features, got %d." % (components.shape[1], input_data.shape[1]))
    return (input_data - model["mean"]) @ components.T


def output_fn(prediction, accept):
    kind = (accept or "application/json").split(";")[0].strip().lower()
    if kind in ("application/json", "*/*"):
        body = {"projections": [{"projection": [round(float(x), 6) for x in row]} for row in prediction]}
        return json.dumps(body), "application/json"
    if kind == "text/csv":
        return "".join(",".join("%.6f" % x for x in row) + "\n" for row in prediction), "text/csv"
    raise UnsupportedFormatError("Accept %s is not supported: ask for application/json or text/csv." % accept)
