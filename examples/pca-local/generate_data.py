"""Writes data/train.csv: a synthetic, ECG-like signal as 4 features per row (numpy only, deterministic).

Each row is one time step of a 4-lead "electrocardiogram": the same heartbeat (P wave, QRS complex,
T wave as Gaussian bumps, at about 72 beats per minute with a slowly wandering rate), seen through four
leads with their own gains, plus baseline wander and noise. The leads are strongly correlated, so a few
principal components explain most of the variance, which is what the PCA example shows.

    python3 generate_data.py [--rows 2000] [--seed 7] [--out data/train.csv]
"""
import argparse
import os

import numpy as np


def heartbeat(phase):
    """One beat as a function of its phase in [0, 1): P, Q, R, S and T waves."""
    waves = [  # (center, width, height)
        (0.18, 0.025, 0.12),   # P
        (0.36, 0.010, -0.15),  # Q
        (0.39, 0.012, 1.20),   # R
        (0.42, 0.010, -0.25),  # S
        (0.65, 0.045, 0.30),   # T
    ]
    return sum(h * np.exp(-0.5 * ((phase - c) / w) ** 2) for c, w, h in waves)


def generate(rows, seed):
    rng = np.random.default_rng(seed)
    fs = 250.0  # samples per second
    t = np.arange(rows) / fs
    rate = 1.2 + 0.05 * np.sin(2 * np.pi * 0.1 * t)  # beats per second, slowly wandering
    phase = np.mod(np.cumsum(rate) / fs, 1.0)
    beat = heartbeat(phase)
    respiration = 0.08 * np.sin(2 * np.pi * 0.25 * t)
    wander = 0.05 * np.sin(2 * np.pi * 0.05 * t + 1.0)
    gains = np.array([1.0, 0.8, -0.45, 0.6])
    offsets = np.array([0.0, 0.05, -0.02, 0.1])
    leads = np.outer(beat, gains) + offsets
    leads[:, 1] += respiration
    leads[:, 2] += 0.5 * respiration + wander
    leads[:, 3] += 0.3 * np.sin(2 * np.pi * 8 * phase) * 0.1
    leads += rng.normal(0.0, 0.02, size=leads.shape)
    return leads


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "train.csv"))
    args = parser.parse_args()
    data = generate(args.rows, args.seed)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    np.savetxt(args.out, data, delimiter=",", fmt="%.5f")
    print("wrote %d rows x %d features to %s" % (data.shape[0], data.shape[1], args.out))


if __name__ == "__main__":
    main()
