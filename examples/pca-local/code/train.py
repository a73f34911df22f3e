"""PCA with numpy only, as a SageMaker script-mode entry point.

Reproduces what the built-in PCA algorithm (image_uri {"framework": "pca"}) does with the same
hyperparameters: feature_dim, num_components, mini_batch_size, algorithm_mode ("regular" or
"randomized"), subtract_mean. The data is streamed in mini-batches into the mean and the covariance
(regular) or a random sketch (randomized); the components are the top eigenvectors.

Reads:  the channel "train" (SM_CHANNEL_TRAIN: CSV files, no header; label_size from the channel's
        content type "text/csv;label_size=N" is dropped from the left), hyperparameters as arguments.
Writes: SM_MODEL_DIR/model.npz (mean, components, explained variance) and model.json,
        SM_OUTPUT_DATA_DIR/summary.json, and SM_OUTPUT_DIR/failure when it fails.
Prints: one metrics line per component and the totals, for the estimator's metric_definitions.
"""
import argparse
import glob
import json
import os
import sys
import tempfile
import time
import traceback

import numpy as np


class ClientError(Exception):
    """A problem with the data or the hyperparameters (SageMaker's built-in algorithms call it that)."""


def parse_args(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--feature_dim", type=int, required=True)
    parser.add_argument("--num_components", type=int, required=True)
    parser.add_argument("--mini_batch_size", type=int, default=500)
    parser.add_argument("--algorithm_mode", choices=["regular", "randomized"], default="regular")
    parser.add_argument("--subtract_mean", type=lambda s: s.lower() in ("true", "1", "yes"), default=True)
    parser.add_argument("--extra_components", type=int, default=-1)
    args, unknown = parser.parse_known_args(argv)
    if unknown:
        print("ignoring unknown arguments: %s" % " ".join(unknown))
    return args


def label_size():
    """label_size of the train channel's content type (text/csv;label_size=0)."""
    config = json.loads(os.environ.get("SM_INPUT_DATA_CONFIG", "{}") or "{}")
    content_type = config.get("train", {}).get("ContentType", "text/csv")
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip() == "label_size":
            return int(value)
    return 0


def read_rows(channel_dir, feature_dim):
    files = sorted(f for f in glob.glob(os.path.join(channel_dir, "**", "*"), recursive=True) if os.path.isfile(f))
    if not files:
        raise ClientError("No training data: the train channel (%s) has no files." % channel_dir)
    drop = label_size()
    blocks = []
    for f in files:
        data = np.loadtxt(f, delimiter=",", ndmin=2)
        if data.size == 0:
            continue
        data = data[:, drop:]
        if data.shape[1] != feature_dim:
            raise ClientError(
                "feature_dim is %d but %s has %d feature columns (label_size=%d)."
                % (feature_dim, os.path.basename(f), data.shape[1], drop)
            )
        blocks.append(data)
    if not blocks:
        raise ClientError("No training data: the files of the train channel are empty.")
    return np.vstack(blocks), files


def mini_batches(rows, size):
    for start in range(0, rows.shape[0], size):
        yield rows[start:start + size]


def fit(rows, args):
    n, d = rows.shape
    k = args.num_components
    if not 1 <= k <= d:
        raise ClientError("num_components must be between 1 and feature_dim (%d), got %d." % (d, k))
    batches = (n + args.mini_batch_size - 1) // args.mini_batch_size
    total = np.zeros(d)
    scatter = np.zeros((d, d))
    for i, batch in enumerate(mini_batches(rows, args.mini_batch_size), start=1):
        total += batch.sum(axis=0)
        scatter += batch.T @ batch
        print("batch %d/%d: %d rows" % (i, batches, min(i * args.mini_batch_size, n)))
    mean = total / n if args.subtract_mean else np.zeros(d)
    covariance = (scatter - n * np.outer(mean, mean)) / max(n - 1, 1)
    if args.algorithm_mode == "randomized":
        extra = args.extra_components if args.extra_components >= 0 else min(k, d - k)
        rng = np.random.default_rng(0)
        sketch = covariance @ rng.normal(size=(d, min(d, k + extra)))
        q, _ = np.linalg.qr(sketch)
        small = q.T @ covariance @ q
        values, vectors = np.linalg.eigh(small)
        vectors = q @ vectors
    else:
        values, vectors = np.linalg.eigh(covariance)
    order = np.argsort(values)[::-1][:k]
    variances = np.clip(values[order], 0.0, None)
    components = vectors[:, order].T
    # A deterministic sign: the largest loading of each component is positive.
    signs = np.sign(components[np.arange(k), np.abs(components).argmax(axis=1)])
    components *= signs[:, None]
    total_variance = float(np.trace(covariance))
    ratios = variances / total_variance if total_variance > 0 else np.zeros(k)
    return mean, components, variances, ratios


def main(argv):
    started = time.time()
    args = parse_args(argv)
    channel = os.environ.get("SM_CHANNEL_TRAIN") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
    model_dir = os.environ.get("SM_MODEL_DIR") or tempfile.mkdtemp(prefix="pca-model-")
    output_data_dir = os.environ.get("SM_OUTPUT_DATA_DIR") or model_dir
    print("PCA: feature_dim=%d num_components=%d mini_batch_size=%d algorithm_mode=%s on %s"
          % (args.feature_dim, args.num_components, args.mini_batch_size, args.algorithm_mode, channel))

    rows, files = read_rows(channel, args.feature_dim)
    print("read %d rows from %d file(s)" % (rows.shape[0], len(files)))
    mean, components, variances, ratios = fit(rows, args)

    for i, (variance, ratio) in enumerate(zip(variances, ratios), start=1):
        print("#metrics component=%d variance=%.6g explained_variance_ratio=%.6f" % (i, variance, ratio))
    centered = rows - mean
    reconstruction = (centered @ components.T) @ components
    mse = float(np.mean((centered - reconstruction) ** 2))
    print("#metrics explained_variance_ratio_total=%.6f reconstruction_mse=%.6g" % (float(ratios.sum()), mse))

    os.makedirs(model_dir, exist_ok=True)
    np.savez(os.path.join(model_dir, "model.npz"), mean=mean, components=components,
             explained_variance=variances, explained_variance_ratio=ratios)
    with open(os.path.join(model_dir, "model.json"), "w") as f:
        json.dump({"feature_dim": args.feature_dim, "num_components": args.num_components,
                   "subtract_mean": args.subtract_mean, "algorithm_mode": args.algorithm_mode,
                   "mean": mean.tolist(), "components": components.tolist(),
                   "explained_variance_ratio": ratios.tolist()}, f, indent=2)
    os.makedirs(output_data_dir, exist_ok=True)
    with open(os.path.join(output_data_dir, "summary.json"), "w") as f:
        json.dump({"rows": int(rows.shape[0]), "explained_variance_ratio": ratios.tolist(),
                   "explained_variance_ratio_total": float(ratios.sum()), "reconstruction_mse": mse}, f, indent=2)
    print("saved the model to %s in %.2f s" % (model_dir, time.time() - started))


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except Exception as e:
        # SageMaker reads the failure reason from /opt/ml/output/failure.
        output_dir = os.environ.get("SM_OUTPUT_DIR")
        message = "%s: %s" % ("ClientError" if isinstance(e, ClientError) else "AlgorithmError", e)
        if output_dir:
            with open(os.path.join(output_dir, "failure"), "w") as f:
                f.write(message)
        traceback.print_exc()
        sys.exit(1)
