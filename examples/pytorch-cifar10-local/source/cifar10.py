"""Train a small convolutional network on CIFAR-10 (SageMaker PyTorch script mode), and serve it.

SageMaker (and local mode) runs this file with the hyperparameters as command-line arguments
(--epochs 1 --batch-size 32 --lr 0.01), the "training" channel's data in SM_CHANNEL_TRAINING and the
model folder in SM_MODEL_DIR, which is packed into model.tar.gz. The channel holds CIFAR-10 in its own
on-disk format: cifar-10-batches-py/ (data_batch_1..5, test_batch, batches.meta), or the
cifar-10-python.tar.gz archive of it. For serving, model_fn loads model.pth and predict_fn answers a
32x32 RGB image (height x width x channel, 0-255, as CIFAR-10 stores them; or channel first; one image
or a batch) with 10 class scores per image.
"""
import argparse
import os
import pickle
import tarfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

try:
    import torchvision
except (ImportError, RuntimeError) as error:  # RuntimeError: a torchvision build that does not match torch
    torchvision = None
    TORCHVISION_PROBLEM = str(error)

CLASSES = ("plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
MEAN = STD = (0.5, 0.5, 0.5)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


BATCHES_FOLDER = "cifar-10-batches-py"
TRAIN_FILES = ["data_batch_%d" % i for i in range(1, 6)]
TEST_FILES = ["test_batch"]


def torchvision_dataset(data_dir, train):
    """torchvision's CIFAR-10 reader, without the published files' checksums.

    The files are read exactly as torchvision reads them; only the md5 check is left out, since a channel
    may hold a subset or a regenerated copy (as make_data.py writes) whose bytes differ from the download.
    """
    import torchvision.transforms as transforms

    class ChannelCIFAR10(torchvision.datasets.CIFAR10):
        train_list = [[name, None] for name in TRAIN_FILES]
        test_list = [[name, None] for name in TEST_FILES]
        meta = {**torchvision.datasets.CIFAR10.meta, "md5": None}

    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
    # download=False: the data comes from the training channel, never from the internet.
    return ChannelCIFAR10(root=data_dir, train=train, download=False, transform=transform)


def tensor_dataset(data_dir, train):
    """The same files read as torchvision.datasets.CIFAR10 reads them, for a Python without torchvision."""
    images, labels = [], []
    for name in TRAIN_FILES if train else TEST_FILES:
        with open(os.path.join(data_dir, BATCHES_FOLDER, name), "rb") as f:
            entry = pickle.load(f, encoding="latin1")
        images.append(entry["data"])
        labels.extend(entry["labels"] if "labels" in entry else entry["fine_labels"])
    data = np.vstack(images).reshape(-1, 3, 32, 32).astype(np.float32) / 255.0
    tensor = (torch.from_numpy(data) - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)
    return torch.utils.data.TensorDataset(tensor, torch.tensor(labels, dtype=torch.long))


def data_loaders(data_dir, batch_size):
    if torchvision is not None:
        train, test = torchvision_dataset(data_dir, True), torchvision_dataset(data_dir, False)
    else:
        print(f"torchvision does not import ({TORCHVISION_PROBLEM}); reading the CIFAR-10 files directly", flush=True)
        train, test = tensor_dataset(data_dir, True), tensor_dataset(data_dir, False)
    return (
        torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=True),
        torch.utils.data.DataLoader(test, batch_size=batch_size, shuffle=False),
    )


def extract_archive(data_dir):
    """Extracts cifar-10-python.tar.gz if the channel holds the archive rather than the folder."""
    archive = os.path.join(data_dir, "cifar-10-python.tar.gz")
    if os.path.isfile(archive) and not os.path.isdir(os.path.join(data_dir, "cifar-10-batches-py")):
        with tarfile.open(archive) as tar:
            tar.extractall(data_dir, filter="data")


def evaluate(model, loader):
    model.eval()
    correct = total = 0
    with torch.no_grad():
        for inputs, labels in loader:
            predicted = model(inputs).argmax(dim=1)
            total += labels.size(0)
            correct += (predicted == labels).sum().item()
    return correct / max(total, 1)


def train(args):
    torch.manual_seed(args.seed)
    extract_archive(args.data_dir)
    train_loader, test_loader = data_loaders(args.data_dir, args.batch_size)
    print(f"torch {torch.__version__}, torchvision {torchvision.__version__ if torchvision else 'not importable'}; "
          f"{len(train_loader.dataset)} training and {len(test_loader.dataset)} test images", flush=True)

    model = Net()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)
    for epoch in range(1, args.epochs + 1):
        model.train()
        total_loss = 0.0
        for inputs, labels in train_loader:
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            total_loss += loss.item()
        print(f"epoch {epoch} train loss: {total_loss / max(len(train_loader), 1):.4f}", flush=True)
        print(f"epoch {epoch} test accuracy: {evaluate(model, test_loader):.4f}", flush=True)

    path = os.path.join(args.model_dir, "model.pth")
    torch.save(model.state_dict(), path)
    print(f"saved {path}", flush=True)


# ---- serving (the SageMaker PyTorch inference handlers) ----

def model_fn(model_dir):
    model = Net()
    with open(os.path.join(model_dir, "model.pth"), "rb") as f:
        model.load_state_dict(torch.load(f, map_location="cpu"))
    return model.eval()


def _as_batch(data):
    """N x 3 x 32 x 32 float tensor, normalized as in training, from one image or a batch, HWC or CHW, 0-255 or 0-1."""
    array = np.asarray(data, dtype=np.float32)
    if array.ndim == 3:
        array = array[np.newaxis]
    if array.ndim != 4 or array.shape[1:] not in ((32, 32, 3), (3, 32, 32)):
        raise ValueError(f"expected a 32x32 RGB image (32x32x3 or 3x32x32, optionally in a batch), got shape {array.shape}")
    if array.shape[1:] == (32, 32, 3):
        array = array.transpose(0, 3, 1, 2)
    if array.max() > 1.0:
        array = array / 255.0
    tensor = torch.from_numpy(np.ascontiguousarray(array))
    return (tensor - torch.tensor(MEAN).view(1, 3, 1, 1)) / torch.tensor(STD).view(1, 3, 1, 1)


def predict_fn(data, model):
    """Class probabilities, one row of 10 (in CLASSES' order) per image."""
    with torch.no_grad():
        return torch.softmax(model(_as_batch(data)), dim=1).numpy()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--data-dir", type=str, default=os.environ.get("SM_CHANNEL_TRAINING", "data"))
    parser.add_argument("--model-dir", type=str, default=os.environ.get("SM_MODEL_DIR", "model"))
    train(parser.parse_args())
