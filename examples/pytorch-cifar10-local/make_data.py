"""Writes a small synthetic CIFAR-10 in CIFAR-10's own on-disk format, for training without the download.

    python make_data.py [--out data] [--train-per-batch 100] [--test 100]

The layout and the files are those of cifar-10-python.tar.gz: <out>/cifar-10-batches-py/ with data_batch_1..5
and test_batch (pickled dicts: "data" uint8 N x 3072 in channel-first row order, "labels" a list of ints,
"batch_label", "filenames") and batches.meta (label_names). Each class is a colour and a stripe pattern with
noise. Needs only numpy.
"""
import argparse
import os
import pickle

import numpy as np

LABEL_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def class_images(rng, labels):
    """N x 3 x 32 x 32 uint8 images: a per-class base colour and stripe orientation, plus noise."""
    n = len(labels)
    colours = rng.integers(40, 216, size=(10, 3))
    y, x = np.mgrid[0:32, 0:32]
    images = np.empty((n, 3, 32, 32), dtype=np.float32)
    for i, label in enumerate(labels):
        stripes = np.sin((x * np.cos(label * np.pi / 10) + y * np.sin(label * np.pi / 10)) * 0.6)
        for c in range(3):
            images[i, c] = colours[label, c] + 30 * stripes
    images += rng.normal(0, 25, size=images.shape)
    return np.clip(images, 0, 255).astype(np.uint8)


def write_batch(path, batch_label, rng, count, start_index):
    labels = [int(v) for v in rng.integers(0, 10, size=count)]
    data = class_images(rng, labels).reshape(count, 3072)
    # str keys, as Python 2 wrote the published files: read with encoding="latin1" (as torchvision does) they are str.
    batch = {
        "batch_label": batch_label,
        "labels": labels,
        "data": data,
        "filenames": [f"synthetic_{start_index + i:06d}.png" for i in range(count)],
    }
    with open(path, "wb") as f:
        pickle.dump(batch, f, protocol=2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    parser.add_argument("--train-per-batch", type=int, default=100)
    parser.add_argument("--test", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    folder = os.path.join(args.out, "cifar-10-batches-py")
    os.makedirs(folder, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    for b in range(1, 6):
        write_batch(os.path.join(folder, f"data_batch_{b}"), f"training batch {b} of 5", rng, args.train_per_batch, (b - 1) * args.train_per_batch)
    write_batch(os.path.join(folder, "test_batch"), "testing batch 1 of 1", rng, args.test, 5 * args.train_per_batch)
    with open(os.path.join(folder, "batches.meta"), "wb") as f:
        pickle.dump({"label_names": LABEL_NAMES, "num_cases_per_batch": args.train_per_batch, "num_vis": 3072}, f, protocol=2)
    print(f"wrote {5 * args.train_per_batch} training and {args.test} test images to {folder}")


if __name__ == "__main__":
    main()
