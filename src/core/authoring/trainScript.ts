/**
 * The `train.py` skeleton the New Estimator wizard writes beside a framework estimator: hyperparameters as
 * command-line arguments, each channel's folder from `SM_CHANNEL_<NAME>`, the model saved to `SM_MODEL_DIR`,
 * and a `train loss: <value>` line that the estimator's metric definition reads. It runs as is (it trains a
 * placeholder model) so that a first launch or local run shows the whole loop working.
 */
import type { FrameworkName } from '../estimator/types';
import { FRAMEWORK_NAMES } from './choices';

/** `--<channel>` argument's attribute name, as argparse makes it. */
export function argparseDest(channel: string): string {
  return channel.replace(/-/g, '_').replace(/\./g, '_');
}

/** The framework-specific part of train.py: train a placeholder model and save it to `model_dir`. */
const TRAIN_BODIES: Record<FrameworkName, readonly string[]> = {
  pytorch: [
    '    import torch  # provided by the PyTorch training image',
    '',
    '    model = torch.nn.Linear(1, 1)',
    '    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)',
    '    x = torch.linspace(0, 1, 64).unsqueeze(1)',
    '    y = 2 * x + 1',
    '    for epoch in range(args.epochs):',
    '        optimizer.zero_grad()',
    '        loss = torch.nn.functional.mse_loss(model(x), y)',
    '        loss.backward()',
    '        optimizer.step()',
    '        print(f"epoch {epoch + 1}: train loss: {loss.item():.6f}")',
    '    torch.save(model.state_dict(), os.path.join(args.model_dir, "model.pth"))',
  ],
  huggingface: [
    '    import torch  # the Hugging Face images bring transformers and torch',
    '',
    '    # Replace with transformers.Trainer(...).train() on your dataset.',
    '    model = torch.nn.Linear(1, 1)',
    '    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)',
    '    x = torch.linspace(0, 1, 64).unsqueeze(1)',
    '    y = 2 * x + 1',
    '    for epoch in range(args.epochs):',
    '        optimizer.zero_grad()',
    '        loss = torch.nn.functional.mse_loss(model(x), y)',
    '        loss.backward()',
    '        optimizer.step()',
    '        print(f"epoch {epoch + 1}: train loss: {loss.item():.6f}")',
    '    torch.save(model.state_dict(), os.path.join(args.model_dir, "model.pth"))',
  ],
  tensorflow: [
    '    import numpy as np',
    '    import tensorflow as tf  # provided by the TensorFlow training image',
    '',
    '    x = np.linspace(0, 1, 64).reshape(-1, 1)',
    '    y = 2 * x + 1',
    '    model = tf.keras.Sequential([tf.keras.Input(shape=(1,)), tf.keras.layers.Dense(1)])',
    '    model.compile(optimizer=tf.keras.optimizers.SGD(learning_rate=args.lr), loss="mse")',
    '    for epoch in range(args.epochs):',
    '        loss = model.fit(x, y, epochs=1, verbose=0).history["loss"][-1]',
    '        print(f"epoch {epoch + 1}: train loss: {loss:.6f}")',
    '    # TensorFlow Serving reads a SavedModel from a numbered folder.',
    '    if hasattr(model, "export"):',
    '        model.export(os.path.join(args.model_dir, "1"))',
    '    else:',
    '        model.save(os.path.join(args.model_dir, "1"))',
  ],
  sklearn: [
    '    import joblib',
    '    import numpy as np',
    '    from sklearn.linear_model import SGDRegressor  # provided by the scikit-learn image',
    '',
    '    x = np.linspace(0, 1, 64).reshape(-1, 1)',
    '    y = 2 * x.ravel() + 1',
    '    model = SGDRegressor(learning_rate="constant", eta0=args.lr)',
    '    for epoch in range(args.epochs):',
    '        model.partial_fit(x, y)',
    '        loss = float(np.mean((model.predict(x) - y) ** 2))',
    '        print(f"epoch {epoch + 1}: train loss: {loss:.6f}")',
    '    joblib.dump(model, os.path.join(args.model_dir, "model.joblib"))',
  ],
  xgboost: [
    '    import numpy as np',
    '    import xgboost as xgb  # provided by the XGBoost image',
    '',
    '    x = np.linspace(0, 1, 64).reshape(-1, 1)',
    '    y = 2 * x.ravel() + 1',
    '    dtrain = xgb.DMatrix(x, label=y)',
    '    results = {}',
    '    booster = xgb.train({"objective": "reg:squarederror", "eta": args.lr}, dtrain, num_boost_round=args.epochs,',
    '                        evals=[(dtrain, "train")], evals_result=results, verbose_eval=False)',
    '    for epoch, loss in enumerate(results["train"]["rmse"]):',
    '        print(f"epoch {epoch + 1}: train loss: {loss:.6f}")',
    '    booster.save_model(os.path.join(args.model_dir, "xgboost-model"))',
  ],
  mxnet: [
    '    import mxnet as mx  # provided by the MXNet training image',
    '',
    '    net = mx.gluon.nn.Dense(1)',
    '    net.initialize()',
    '    trainer = mx.gluon.Trainer(net.collect_params(), "sgd", {"learning_rate": args.lr})',
    '    x = mx.nd.arange(64).reshape((-1, 1)) / 64',
    '    y = 2 * x + 1',
    '    for epoch in range(args.epochs):',
    '        with mx.autograd.record():',
    '            loss = ((net(x) - y) ** 2).mean()',
    '        loss.backward()',
    '        trainer.step(1)',
    '        print(f"epoch {epoch + 1}: train loss: {loss.asscalar():.6f}")',
    '    net.save_parameters(os.path.join(args.model_dir, "model.params"))',
  ],
};

/** A runnable `train.py` for script mode with the given channels. */
export function trainScript(framework: FrameworkName, channels: string[]): string {
  const channelArgs = channels.map(
    (c) => `    parser.add_argument("--${c}", default=os.environ.get("SM_CHANNEL_${c.toUpperCase()}", "/opt/ml/input/data/${c}"))`,
  );
  const listing = channels.map(
    (c) => `    print(f"channel ${c}: {len(list_files(args.${argparseDest(c)}))} file(s) in {args.${argparseDest(c)}}")`,
  );
  return [
    `"""Training script for SageMaker (${FRAMEWORK_NAMES[framework]} script mode), written by "SageMaker: New Estimator".`,
    '',
    'SageMaker runs `python train.py --epochs 1 ...` with the hyperparameters of estimator.json as arguments.',
    'Each channel of "inputs" is a folder named by SM_CHANNEL_<NAME>; whatever is saved in SM_MODEL_DIR',
    'becomes model.tar.gz. Replace the placeholder model below with yours.',
    '"""',
    'import argparse',
    'import json',
    'import os',
    '',
    '',
    'def parse_args():',
    '    parser = argparse.ArgumentParser()',
    '    # Hyperparameters (estimator.json "hyperparameters").',
    '    parser.add_argument("--epochs", type=int, default=1)',
    '    parser.add_argument("--lr", type=float, default=0.1)',
    '    # The SM_* environment of the training container.',
    '    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))',
    '    parser.add_argument("--output-data-dir", default=os.environ.get("SM_OUTPUT_DATA_DIR", "/opt/ml/output/data"))',
    ...channelArgs,
    '    parser.add_argument("--hosts", type=json.loads, default=os.environ.get("SM_HOSTS", \'["algo-1"]\'))',
    '    parser.add_argument("--current-host", default=os.environ.get("SM_CURRENT_HOST", "algo-1"))',
    '    parser.add_argument("--num-gpus", type=int, default=int(os.environ.get("SM_NUM_GPUS", "0")))',
    '    # Arguments the script does not know (new hyperparameters) are ignored rather than fatal.',
    '    return parser.parse_known_args()[0]',
    '',
    '',
    'def list_files(folder):',
    '    if not folder or not os.path.isdir(folder):',
    '        return []',
    '    return [os.path.join(root, name) for root, _, names in os.walk(folder) for name in names]',
    '',
    '',
    'def train(args):',
    ...listing,
    ...TRAIN_BODIES[framework],
    '',
    '',
    'if __name__ == "__main__":',
    '    arguments = parse_args()',
    '    os.makedirs(arguments.model_dir, exist_ok=True)',
    '    train(arguments)',
    '',
  ].join('\n');
}
