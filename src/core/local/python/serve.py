#!/usr/bin/env python3
"""A local SageMaker endpoint: SageMaker's inference contract on 127.0.0.1, with the standard library only.

    GET  /ping         200 once the model is loaded
    POST /invocations  input_fn -> predict_fn -> output_fn (or transform_fn) of the user's inference script

The inference script (SAGEMAKER_PROGRAM, e.g. inference.py, in the code folder) is imported as SageMaker's
framework containers import it (sagemaker-inference-toolkit's Transformer): model_fn(model_dir) loads the
model once; input_fn, predict_fn and output_fn, where the script leaves them out, are the toolkit's defaults
(JSON, CSV and NPY through numpy when numpy is installed). A handler may take one more argument, the context
(None here). Errors come back as HTTP 4xx/5xx with the message and the traceback.

Shipped with the SageMaker extension; started by `sagemaker-estimator serve` and Deploy of a local job.
"""
import argparse
import importlib
import importlib.util
import inspect
import io
import json
import os
import signal
import sys
import tempfile
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

try:
    import numpy as np
except ImportError:  # numpy is optional: the default handlers then work on lists
    np = None

JSON = "application/json"
CSV = "text/csv"
NPY = "application/x-npy"
OCTET_STREAM = "application/octet-stream"
ANY = "*/*"
UTF8_TYPES = [JSON, CSV]


def log(message):
    try:
        sys.stdout.write("%s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()), message))
        sys.stdout.flush()
    except (OSError, ValueError):
        pass  # nobody reads the log any more


class InferenceError(Exception):
    """An error with the HTTP status it becomes (like the toolkit's BaseInferenceToolkitError)."""

    def __init__(self, status_code, message):
        super().__init__(message)
        self.status_code = status_code
        self.message = message


class UnsupportedFormatError(InferenceError):
    def __init__(self, content_type):
        super().__init__(
            415,
            "Content type %s is not supported by the default handlers (application/json, text/csv, "
            "application/x-npy%s). Implement input_fn to deserialize the request data or output_fn to "
            "serialize the response." % (content_type, "" if np is not None else "; NPY needs numpy"),
        )


def media_type(content_type):
    return (content_type or "").split(";")[0].strip().lower()


# ---- default handlers (sagemaker_inference.decoder / encoder / default_inference_handler) ----

def _csv_rows(text):
    rows = []
    for line in text.splitlines():
        if line.strip():
            rows.append([float(x) if x.strip() else float("nan") for x in line.split(",")])
    return rows[0] if len(rows) == 1 else rows


def default_input_fn(input_data, content_type):
    kind = media_type(content_type)
    if isinstance(input_data, (bytes, bytearray)) and kind in UTF8_TYPES:
        input_data = input_data.decode("utf-8")
    try:
        if kind == JSON:
            data = json.loads(input_data)
            return np.array(data) if np is not None else data
        if kind == CSV:
            if np is not None:
                return np.genfromtxt(io.StringIO(input_data), delimiter=",")
            return _csv_rows(input_data)
        if kind == NPY and np is not None:
            return np.load(io.BytesIO(input_data), allow_pickle=False)
    except InferenceError:
        raise
    except Exception as e:  # the payload does not parse as its content type says
        raise InferenceError(400, "Could not decode the request body as %s: %s" % (kind, e))
    raise UnsupportedFormatError(content_type)


def default_model_fn(model_dir):
    raise NotImplementedError(
        "Please provide a model_fn implementation (model_fn(model_dir) in the inference script). "
        "See documentation for model_fn at https://sagemaker.readthedocs.io/en/stable/"
    )


def default_predict_fn(data, model):
    if hasattr(model, "predict"):
        return model.predict(data)
    raise NotImplementedError(
        "Please provide a predict_fn implementation (predict_fn(input_data, model) in the inference script). "
        "See documentation for predict_fn at https://sagemaker.readthedocs.io/en/stable/"
    )


def _to_jsonable(obj):
    if hasattr(obj, "tolist"):
        return obj.tolist()
    raise TypeError("Object of type %s is not JSON serializable" % type(obj).__name__)


def default_output_fn(prediction, accept):
    kind = media_type(accept)
    if kind == JSON:
        return json.dumps(prediction, default=_to_jsonable), accept
    if kind == CSV:
        if np is not None:
            stream = io.StringIO()
            np.savetxt(stream, np.asarray(prediction), delimiter=",", fmt="%s")
            return stream.getvalue(), accept
        rows = prediction if isinstance(prediction, (list, tuple)) else [prediction]
        if rows and not isinstance(rows[0], (list, tuple)):
            rows = [[x] for x in rows]
        return "".join(",".join(str(x) for x in row) + "\n" for row in rows), accept
    if kind == NPY and np is not None:
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(prediction))
        return buffer.getvalue(), accept
    raise UnsupportedFormatError(accept)


# ---- the user's module ----

def call_handler(func, *args):
    """Calls a handler with or without the trailing context argument, as the toolkit does."""
    try:
        count = len(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        count = len(args)
    if count == len(args):
        return func(*args)
    if count == len(args) + 1:
        return func(*(args + (None,)))
    raise TypeError("%s takes %d arguments but %d were given." % (getattr(func, "__name__", func), count, len(args)))


class Handlers(object):
    def __init__(self, module):
        get = (lambda name: getattr(module, name, None)) if module is not None else (lambda name: None)
        self.model_fn = get("model_fn") or default_model_fn
        self.transform_fn = get("transform_fn")
        input_fn, predict_fn, output_fn = get("input_fn"), get("predict_fn"), get("output_fn")
        if self.transform_fn and (input_fn or predict_fn or output_fn):
            raise ValueError(
                "Cannot use transform_fn implementation in conjunction with input_fn, predict_fn, "
                "and/or output_fn implementation"
            )
        self.input_fn = input_fn or default_input_fn
        self.predict_fn = predict_fn or default_predict_fn
        self.output_fn = output_fn or default_output_fn
        self.pre_model_fn = get("pre_model_fn")
        self.model_warmup_fn = get("model_warmup_fn")


def load_user_module(code_dir, program):
    if code_dir:
        code_dir = os.path.abspath(code_dir)
        if code_dir not in sys.path:
            sys.path.insert(0, code_dir)
    if not program:
        return None
    name = program[:-3] if program.endswith(".py") else program
    if importlib.util.find_spec(name) is None:
        raise ImportError("The inference script %s was not found in %s." % (program, code_dir))
    return importlib.import_module(name)


class State(object):
    handlers = None
    model = None
    default_accept = JSON


def transform(body, content_type, accept):
    h = State.handlers
    if not accept or accept == ANY:
        accept = State.default_accept
    data = body
    if media_type(content_type) in UTF8_TYPES:
        try:
            data = body.decode("utf-8")
        except UnicodeDecodeError as e:
            raise InferenceError(400, "The request body is not UTF-8 text: %s" % e)
    if h.transform_fn is not None:
        result = call_handler(h.transform_fn, State.model, data, content_type, accept)
    else:
        decoded = call_handler(h.input_fn, data, content_type)
        prediction = call_handler(h.predict_fn, decoded, State.model)
        result = call_handler(h.output_fn, prediction, accept)
    response, response_type = result, accept
    if isinstance(result, tuple):
        response, response_type = result[0], result[1]
    if isinstance(response, str):
        response = response.encode("utf-8")
    elif isinstance(response, (bytearray, memoryview)):
        response = bytes(response)
    elif not isinstance(response, bytes):
        response = json.dumps(response, default=_to_jsonable).encode("utf-8")
    return response, response_type or accept


def user_traceback(error):
    """The traceback without this server's own frames: what the inference script did."""
    here = os.path.abspath(__file__)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) != here]
    lines = ["Traceback (most recent call last):\n"] if frames else []
    lines += traceback.format_list(frames)
    lines += traceback.format_exception_only(type(error), error)
    return "".join(lines)


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def host_allowed(host, port):
    """Whether a Host header names this server on loopback: a web page that rebinds its own DNS name to
    127.0.0.1 still sends that name, so only loopback names (with or without this server's port) are served."""
    host = (host or "").strip().lower()
    for name in LOOPBACK_NAMES:
        if host == name or host == "%s:%d" % (name, port):
            return True
    return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SageMakerLocal/1.0"
    # Headers and body go out in two writes: without this, Nagle's algorithm and delayed ACKs add ~40 ms.
    disable_nagle_algorithm = True

    def _host_refused(self):
        if host_allowed(self.headers.get("Host"), self.server.server_address[1]):
            return False
        self.close_connection = True
        self._send(421, b"Misdirected request: this local endpoint answers only to localhost, 127.0.0.1 or [::1].\n")
        return True

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass

    def _send(self, status, body=b"", content_type="text/plain; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self._host_refused():
            return
        if self.path.split("?")[0] == "/ping":
            self._send(200 if State.handlers is not None else 503, b"")
        elif self.path.split("?")[0] == "/execution-parameters":
            body = json.dumps({"MaxConcurrentTransforms": 1, "BatchStrategy": "MULTI_RECORD", "MaxPayloadInMB": 6})
            self._send(200, body.encode("utf-8"), JSON)
        else:
            self._send(404, b"Not found: the endpoint answers GET /ping and POST /invocations.\n")

    def do_POST(self):
        if self._host_refused():
            return
        if self.path.split("?")[0] != "/invocations":
            self._send(404, b"Not found: the endpoint answers GET /ping and POST /invocations.\n")
            return
        start = time.time()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        content_type = self.headers.get("Content-Type") or OCTET_STREAM
        accept = self.headers.get("Accept")
        try:
            response, response_type = transform(body, content_type, accept)
            status = 200
        except Exception as e:  # every error becomes a response, as in the toolkit's Transformer
            status = getattr(e, "status_code", None)
            if not isinstance(status, int) or status < 400 or status > 599:
                status = 415 if type(e).__name__ == "UnsupportedFormatError" else 500
            message = getattr(e, "message", None) or "%s: %s" % (type(e).__name__, e)
            trace = user_traceback(e)
            log("error in /invocations: %s" % message)
            sys.stderr.write(trace)
            sys.stderr.flush()
            response, response_type = ("%s\n\n%s" % (message, trace)).encode("utf-8"), "text/plain; charset=utf-8"
        self._send(status, response, response_type)
        log("POST /invocations %d %s %d bytes -> %d bytes %.1f ms" % (status, content_type, len(body), len(response), (time.time() - start) * 1000))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model-dir", required=True)
    parser.add_argument("--code-dir", default=os.environ.get("SAGEMAKER_SUBMIT_DIRECTORY", ""))
    parser.add_argument("--program", default=os.environ.get("SAGEMAKER_PROGRAM", ""))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ready-file", default="")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    model_dir = os.path.abspath(args.model_dir)
    os.environ.setdefault("SM_MODEL_DIR", model_dir)
    State.default_accept = os.environ.get("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT") or JSON
    if args.code_dir and os.path.isdir(args.code_dir):
        os.chdir(args.code_dir)

    started = time.time()
    module = load_user_module(args.code_dir, args.program)
    handlers = Handlers(module)
    if handlers.pre_model_fn is not None:
        call_handler(handlers.pre_model_fn, model_dir)
    model = call_handler(handlers.model_fn, model_dir)
    if handlers.model_warmup_fn is not None:
        call_handler(handlers.model_warmup_fn, model_dir, model)
    State.model = model
    State.handlers = handlers

    server = ThreadingHTTPServer((args.host, args.port), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    log("Model loaded from %s with %s in %.0f ms; listening on http://%s:%d (GET /ping, POST /invocations)"
        % (model_dir, args.program or "the default handlers", (time.time() - started) * 1000, args.host, port))
    if args.ready_file:
        directory = os.path.dirname(os.path.abspath(args.ready_file))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".ready-")
        with os.fdopen(fd, "w") as f:
            json.dump({"port": port, "pid": os.getpid(), "host": args.host}, f)
        os.replace(tmp, args.ready_file)
    try:
        server.serve_forever(poll_interval=0.5)
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
