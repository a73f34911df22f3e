"""Train a small convolutional network on CIFAR-10 (SageMaker PyTorch script mode).

SageMaker runs this file with the hyperparameters as command-line arguments
(--epochs 1 --batch-size 64 --lr 0.01) and the data of the "training" channel in
SM_CHANNEL_TRAINING. The channel holds the CIFAR-10 python archive
(cifar-10-python.tar.gz, or its extracted cifar-10-batches-py folder); the model
is saved to SM_MODEL_DIR, which SageMaker uploads as model.tar.gz.
"""
import argparse
import os

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.transforms as transforms


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


def data_loaders(data_dir, batch_size):
    transform = transforms.Compose(
        [transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))]
    )
    # download=False: the data comes from the training channel, never from the internet.
    train = torchvision.datasets.CIFAR10(root=data_dir, train=True, download=False, transform=transform)
    test = torchvision.datasets.CIFAR10(root=data_dir, train=False, download=False, transform=transform)
    return (
        torch.utils.data.DataLoader(train, batch_size=batch_size, shuffle=True, num_workers=2),
        torch.utils.data.DataLoader(test, batch_size=batch_size, shuffle=False, num_workers=2),
    )


def prepare(data_dir):
    """Extract cifar-10-python.tar.gz if the channel holds the archive."""
    archive = os.path.join(data_dir, "cifar-10-python.tar.gz")
    if os.path.isfile(archive) and not os.path.isdir(os.path.join(data_dir, "cifar-10-batches-py")):
        import tarfile

        with tarfile.open(archive) as tar:
            tar.extractall(data_dir)


def train(args):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    prepare(args.data_dir)
    train_loader, test_loader = data_loaders(args.data_dir, args.batch_size)

    model = Net().to(device)
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum)

    for epoch in range(args.epochs):
        model.train()
        running_loss = 0.0
        for i, (inputs, labels) in enumerate(train_loader, 1):
            inputs, labels = inputs.to(device), labels.to(device)
            optimizer.zero_grad()
            loss = criterion(model(inputs), labels)
            loss.backward()
            optimizer.step()
            running_loss += loss.item()
            if i % 100 == 0:
                print(f"epoch {epoch + 1} batch {i} train loss: {running_loss / 100:.4f}", flush=True)
                running_loss = 0.0

        model.eval()
        correct = total = 0
        with torch.no_grad():
            for inputs, labels in test_loader:
                inputs, labels = inputs.to(device), labels.to(device)
                predicted = model(inputs).argmax(dim=1)
                total += labels.size(0)
                correct += (predicted == labels).sum().item()
        print(f"epoch {epoch + 1} test accuracy: {correct / total:.4f}", flush=True)

    path = os.path.join(args.model_dir, "model.pth")
    torch.save(model.state_dict(), path)
    print(f"saved {path}")


def model_fn(model_dir):
    """Load the model for SageMaker PyTorch serving."""
    model = Net()
    with open(os.path.join(model_dir, "model.pth"), "rb") as f:
        model.load_state_dict(torch.load(f, map_location="cpu"))
    return model.eval()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.01)
    parser.add_argument("--momentum", type=float, default=0.9)
    parser.add_argument("--data-dir", type=str, default=os.environ.get("SM_CHANNEL_TRAINING", "data"))
    parser.add_argument("--model-dir", type=str, default=os.environ.get("SM_MODEL_DIR", "model"))
    train(parser.parse_args())
