/**
 * SageMaker: New Estimator… — QuickPicks (built-in algorithm or framework → version → py version if several →
 * instance type, local mode included → channels → folder) whose answers src/core/authoring turns into a valid
 * estimator.json (and, for script mode, a train.py skeleton), written and opened.
 *
 * Tests (and other callers) pass the answers directly: `executeCommand('sagemaker.newEstimator', { answers,
 * folder })` writes the files without asking.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  baseFrameworkChoices,
  channelChoices,
  channelNameProblem,
  instanceTypeChoices,
  kindChoices,
  pyVersionChoices,
  splitBaseFramework,
  versionChoices,
  type EstimatorKind,
} from '../core/authoring/choices';
import { buildEstimatorFiles, defaultName, type WizardAnswers } from '../core/authoring/estimatorFile';

export interface NewEstimatorArgs {
  /** Skip the QuickPicks: write the estimator for these answers. */
  answers?: WizardAnswers;
  /** The folder to write into (absolute path or Uri); default: asked, under the first workspace folder. */
  folder?: string | vscode.Uri;
  /** Open estimator.json in an editor (default true). */
  open?: boolean;
}

const STEPS = 6;
const title = (step: number, what: string) => `New Estimator (${step}/${STEPS}): ${what}`;

type Item<T> = vscode.QuickPickItem & { value?: T };

async function pick<T>(step: number, what: string, items: Item<T>[], placeHolder: string): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title: title(step, what), placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  return chosen?.value;
}

async function askKind(): Promise<EstimatorKind | undefined> {
  const choices = kindChoices();
  const frameworks = choices.filter((c) => c.value.kind === 'framework');
  const builtins = choices.filter((c) => c.value.kind === 'builtin');
  const items: Item<EstimatorKind>[] = [
    { label: 'Framework estimators: your training script', kind: vscode.QuickPickItemKind.Separator },
    ...frameworks.map((c) => ({ label: c.label, description: c.description, value: c.value })),
    { label: 'Built-in algorithms: no script', kind: vscode.QuickPickItemKind.Separator },
    ...builtins.map((c) => ({ label: c.label, description: c.description, value: c.value })),
  ];
  return pick(1, 'what trains', items, 'A framework estimator (PyTorch, TensorFlow, ...) or a built-in algorithm');
}

async function askVersion(kind: EstimatorKind): Promise<{ version?: string; baseFramework?: string } | undefined> {
  const versions = versionChoices(kind);
  if (versions.length === 0) return {};
  const label = kind.kind === 'framework' && kind.framework === 'huggingface' ? 'transformers version' : kind.kind === 'builtin' ? 'image version' : 'framework version';
  const version = await pick(2, label, versions.map((v, i) => ({ label: v, description: i === 0 ? 'newest' : undefined, value: v })), `The ${label}`);
  if (version === undefined) return undefined;
  if (kind.kind === 'framework' && kind.framework === 'huggingface') {
    const bases = baseFrameworkChoices(version);
    const baseFramework = bases.length === 1 ? bases[0] : await pick(2, 'base framework', bases.map((b) => {
      const [fw, v] = splitBaseFramework(b);
      return { label: `${fw === 'pytorch' ? 'PyTorch' : 'TensorFlow'} ${v}`, value: b };
    }), 'PyTorch or TensorFlow under transformers');
    if (baseFramework === undefined) return undefined;
    return { version, baseFramework };
  }
  return { version };
}

async function askPyVersion(kind: EstimatorKind, version: string | undefined, baseFramework: string | undefined): Promise<string | null | undefined> {
  const pys = pyVersionChoices(kind, version, baseFramework);
  if (pys.length === 0) return null;
  if (pys.length === 1) return pys[0];
  const py = await pick(3, 'Python version', pys.map((p, i) => ({ label: p, description: i === 0 ? 'newest' : undefined, value: p })), 'The py_version of the image');
  return py;
}

async function askInstanceType(kind: EstimatorKind, version: string | undefined): Promise<string | undefined> {
  const choices = instanceTypeChoices(kind, version);
  const local = choices.filter((c) => c.value === 'local' || c.value === 'local_gpu');
  const cloud = choices.filter((c) => !local.includes(c));
  const items: Item<string>[] = [
    { label: 'Local mode: this machine', kind: vscode.QuickPickItemKind.Separator },
    ...local.map((c) => ({ label: c.label, description: c.description, value: c.value })),
    { label: 'SageMaker instances', kind: vscode.QuickPickItemKind.Separator },
    ...cloud.map((c) => ({ label: c.label, description: c.description, value: c.value })),
  ];
  return pick(4, 'instance type', items, 'Where it trains: local mode, or a SageMaker instance type');
}

const CUSTOM = '\u0000custom';

async function askChannels(kind: EstimatorKind): Promise<string[] | undefined> {
  const choices = channelChoices(kind);
  const items: (vscode.QuickPickItem & { value: string })[] = [
    ...choices.map((c) => ({ label: c.name, picked: c.picked, value: c.name, description: `inputs.${c.name}` })),
    { label: 'Other channels…', description: 'name your own', value: CUSTOM },
  ];
  const chosen = await vscode.window.showQuickPick(items, {
    title: title(5, 'channels'), canPickMany: true, ignoreFocusOut: true,
    placeHolder: 'The channels of fit(inputs): each is a folder in the container (SM_CHANNEL_<NAME>)',
  });
  if (!chosen) return undefined;
  const names = chosen.filter((c) => c.value !== CUSTOM).map((c) => c.value);
  if (chosen.some((c) => c.value === CUSTOM)) {
    const more = await vscode.window.showInputBox({
      title: title(5, 'other channels'), prompt: 'Channel names, separated by commas', ignoreFocusOut: true,
      validateInput: (value) => {
        for (const name of value.split(',').map((n) => n.trim()).filter(Boolean)) {
          const problem = channelNameProblem(name);
          if (problem) return problem;
        }
        return undefined;
      },
    });
    if (more === undefined) return undefined;
    for (const name of more.split(',').map((n) => n.trim()).filter(Boolean)) if (!names.includes(name)) names.push(name);
  }
  return names;
}

function uniqueFolder(parent: string, base: string): string {
  let name = base;
  for (let i = 2; fs.existsSync(path.join(parent, name, 'estimator.json')); i++) name = `${base}-${i}`;
  return name;
}

async function askFolder(suggestion: string): Promise<string | undefined> {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!root) {
    const picked = await vscode.window.showOpenDialog({ title: title(6, 'folder'), canSelectFolders: true, canSelectFiles: false, openLabel: 'Create estimator.json here' });
    return picked?.[0]?.fsPath;
  }
  const value = uniqueFolder(root, suggestion);
  const relative = await vscode.window.showInputBox({
    title: title(6, 'folder'), value, ignoreFocusOut: true,
    prompt: 'Folder for estimator.json (and train.py), relative to the workspace; "." for the workspace itself',
    validateInput: (input) => {
      if (path.isAbsolute(input.trim())) return undefined;
      return fs.existsSync(path.join(root, input.trim(), 'estimator.json')) ? `${path.join(input.trim(), 'estimator.json')} exists already: choose another folder.` : undefined;
    },
  });
  if (relative === undefined) return undefined;
  return path.resolve(root, relative.trim() || '.');
}

/** Asks the questions; undefined when the user cancels. */
export async function askWizardAnswers(): Promise<WizardAnswers | undefined> {
  const kind = await askKind();
  if (!kind) return undefined;
  const version = await askVersion(kind);
  if (!version) return undefined;
  const pyVersion = await askPyVersion(kind, version.version, version.baseFramework);
  if (pyVersion === undefined) return undefined;
  const instanceType = await askInstanceType(kind, version.version);
  if (!instanceType) return undefined;
  const channels = await askChannels(kind);
  if (!channels) return undefined;
  return {
    kind,
    ...version,
    ...(pyVersion ? { pyVersion } : {}),
    instanceType,
    channels,
    // The values a user of the examples has set already (see README: SAGEMAKER_ROLE, SAGEMAKER_BUCKET).
    ...(process.env.SAGEMAKER_ROLE ? { role: '${env:SAGEMAKER_ROLE}' } : {}),
    ...(process.env.SAGEMAKER_BUCKET ? { bucket: '${env:SAGEMAKER_BUCKET}' } : {}),
  };
}

/** Writes the wizard's files into `folder`; never overwrites an existing file. */
export function writeEstimatorFiles(folder: string, answers: WizardAnswers): { estimator: string; written: string[] } {
  const output = buildEstimatorFiles(answers);
  const estimator = path.join(folder, output.estimatorPath);
  if (fs.existsSync(estimator)) throw new Error(`${estimator} exists already.`);
  fs.mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const relative of output.folders) fs.mkdirSync(path.join(folder, relative), { recursive: true });
  for (const [relative, content] of Object.entries(output.files)) {
    const file = path.join(folder, relative);
    if (fs.existsSync(file)) continue; // the user's own train.py stays
    fs.writeFileSync(file, content);
    written.push(file);
  }
  fs.writeFileSync(estimator, output.estimatorText);
  written.unshift(estimator);
  return { estimator, written };
}

/** The command: returns the estimator file written (undefined when cancelled). */
export async function newEstimator(args?: NewEstimatorArgs): Promise<vscode.Uri | undefined> {
  const answers = args?.answers ?? (await askWizardAnswers());
  if (!answers) return undefined;
  const suggestion = `${answers.name ?? defaultName(answers.kind)}${answers.instanceType.startsWith('local') ? '-local' : ''}`;
  const folder = args?.folder !== undefined
    ? (typeof args.folder === 'string' ? args.folder : args.folder.fsPath)
    : await askFolder(suggestion);
  if (!folder) return undefined;
  let estimator: string;
  try {
    ({ estimator } = writeEstimatorFiles(folder, answers));
  } catch (error) {
    void vscode.window.showErrorMessage(`SageMaker: New Estimator: ${(error as Error).message}`);
    return undefined;
  }
  const uri = vscode.Uri.file(estimator);
  if (args?.open !== false) {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  }
  return uri;
}
