import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { ConnectionSettings } from '../aws/clientFactory';
import { refreshIntervalMsOf } from '../core/views/refreshInterval';

const SECTION = 'sagemaker';

/** `sagemaker.region` as the user typed it, trimmed; undefined when it is empty (the profile's region then applies). */
export function regionSetting(): string | undefined {
  const value = vscode.workspace.getConfiguration(SECTION).get<unknown>('region');
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** `sagemaker.refreshIntervalSeconds` in milliseconds, for the views and the watch (never below 1 s). */
export function refreshIntervalMs(): number {
  return refreshIntervalMsOf(vscode.workspace.getConfiguration(SECTION).get<unknown>('refreshIntervalSeconds'));
}

/**
 * The settings that decide where every signed AWS call goes (uploads included) and with whose credentials. A
 * repository's `.vscode/settings.json` must not choose them: they are application-scoped in package.json, so VS Code
 * keeps workspace values out of `get()`, and they are read here from the user's settings only (`inspect()`), so a
 * host that still passes a workspace value does not get it used either. A workspace value is used only after the
 * user, asked once and shown the folder and the value, allows it.
 */
export const CONSENT_KEYS = ['endpointUrl', 'profile'] as const;
export type ConsentKey = typeof CONSENT_KEYS[number];

/** A connection setting a workspace sets, which is not used without the user's consent. */
export interface WorkspaceConnectionValue {
  key: ConsentKey;
  value: string;
  /** The workspace folder's name (or the workspace file's), as the user knows it. */
  workspaceName: string;
  /** Where it is set, for the question: `.vscode/settings.json` or the workspace file. */
  where: string;
  /** What the consent is remembered by: the workspace (folder or file), the setting and its value. */
  consentKey: string;
}

const nonEmptyString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** The user's own value of a consent key (user settings, else the default), never a workspace one. */
function userValue(config: vscode.WorkspaceConfiguration, key: ConsentKey): string {
  const inspected = config.inspect<string>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? '';
}

/** The settings the user chose, without any workspace value of the consent keys. */
export function readUserConnectionSettings(): ConnectionSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    profile: userValue(config, 'profile'),
    region: config.get<string>('region') ?? '',
    endpointUrl: userValue(config, 'endpointUrl'),
  };
}

function settingsFileValues(file: string): Record<string, unknown> {
  try {
    const parsed = parseJsonc(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null ? parsed as Record<string, unknown> : {};
  } catch {
    return {}; // absent or unreadable: it sets nothing
  }
}

/**
 * The consent keys this workspace sets: what the host passes (`inspect()`), and what its settings files say, since
 * VS Code drops application-scoped workspace values before the extension sees them and the user is still asked.
 */
export function readWorkspaceConnectionValues(): WorkspaceConnectionValue[] {
  const found = new Map<string, WorkspaceConnectionValue>();
  const add = (key: ConsentKey, raw: unknown, workspace: vscode.Uri, workspaceName: string, where: string): void => {
    const value = nonEmptyString(raw);
    if (value === undefined) return;
    const consentKey = `${workspace.toString()}\n${key}\n${value}`;
    if (!found.has(consentKey)) found.set(consentKey, { key, value, workspaceName, where, consentKey });
  };
  const workspaceFile = vscode.workspace.workspaceFile;
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const key of CONSENT_KEYS) {
    const fullKey = `${SECTION}.${key}`;
    for (const folder of folders) {
      add(key, vscode.workspace.getConfiguration(SECTION, folder.uri).inspect<string>(key)?.workspaceFolderValue, folder.uri, folder.name, '.vscode/settings.json');
      if (folder.uri.scheme === 'file') {
        add(key, settingsFileValues(path.join(folder.uri.fsPath, '.vscode', 'settings.json'))[fullKey], folder.uri, folder.name, '.vscode/settings.json');
      }
    }
    const workspace = workspaceFile ?? folders[0]?.uri;
    if (!workspace) continue;
    const workspaceName = workspaceFile ? path.basename(workspaceFile.path) : folders[0]!.name;
    const where = workspaceFile ? 'the workspace file' : '.vscode/settings.json';
    add(key, vscode.workspace.getConfiguration(SECTION).inspect<string>(key)?.workspaceValue, workspace, workspaceName, where);
    if (workspaceFile?.scheme === 'file') {
      const settings = settingsFileValues(workspaceFile.fsPath).settings;
      if (typeof settings === 'object' && settings !== null) add(key, (settings as Record<string, unknown>)[fullKey], workspaceFile, workspaceName, where);
    }
  }
  return [...found.values()];
}

export type ConsentAnswer = 'once' | 'always' | 'ignore' | undefined;

const USE_ONCE = 'Use This Time';
const USE_ALWAYS = 'Always Use in This Workspace';
const IGNORE = 'Ignore';

/** The question, naming the workspace, the setting and its value, and what using it means. */
export function consentQuestion(value: WorkspaceConnectionValue): string {
  const effect = value.key === 'endpointUrl'
    ? 'SageMaker would send every signed AWS call there, uploads of your data included.'
    : 'SageMaker would make AWS calls with that profile\'s credentials.';
  return `The workspace "${value.workspaceName}" sets "${SECTION}.${value.key}" to "${value.value}" (in ${value.where}). ${effect} `
    + 'It is not used unless you allow it; until then your user settings apply.';
}

async function askWithWarning(value: WorkspaceConnectionValue): Promise<ConsentAnswer> {
  const answer = await vscode.window.showWarningMessage(consentQuestion(value), USE_ONCE, USE_ALWAYS, IGNORE);
  return answer === USE_ONCE ? 'once' : answer === USE_ALWAYS ? 'always' : answer === IGNORE ? 'ignore' : undefined;
}

const DECISIONS_KEY = 'sagemaker.workspaceConnectionConsent';

/**
 * The user's answers about workspace connection values: "always" and "ignore" remembered (in global state, by
 * workspace, setting and value, so a changed value is asked about again), "once" for this window only. Each value is
 * asked about at most once per window, and not again once answered.
 */
export class WorkspaceConnectionConsent {
  private readonly allowedThisWindow = new Set<string>();
  private readonly asked = new Set<string>();

  constructor(
    private readonly state: vscode.Memento,
    /** Called when an answer lets a workspace value in, so clients are rebuilt with it. */
    private readonly onAllowed: () => void,
    private readonly ask: (value: WorkspaceConnectionValue) => Promise<ConsentAnswer> = askWithWarning,
  ) {}

  private decisions(): Record<string, 'always' | 'ignore'> {
    return this.state.get<Record<string, 'always' | 'ignore'>>(DECISIONS_KEY) ?? {};
  }

  /** The settings to connect with: the user's, with the workspace values the user allowed; asks about undecided ones. */
  read(): ConnectionSettings {
    const settings = readUserConnectionSettings();
    const decisions = this.decisions();
    for (const value of readWorkspaceConnectionValues()) {
      if (value.value === settings[value.key]) continue; // the same as the user's own: nothing to ask
      const decision = decisions[value.consentKey];
      if (decision === 'always' || this.allowedThisWindow.has(value.consentKey)) settings[value.key] = value.value;
      else if (decision === undefined) this.askOnce(value);
    }
    return settings;
  }

  private askOnce(value: WorkspaceConnectionValue): void {
    if (this.asked.has(value.consentKey)) return;
    this.asked.add(value.consentKey);
    void this.ask(value).then(async answer => {
      if (answer === 'once') this.allowedThisWindow.add(value.consentKey);
      if (answer === 'always' || answer === 'ignore') await this.state.update(DECISIONS_KEY, { ...this.decisions(), [value.consentKey]: answer });
      if (answer === 'once' || answer === 'always') this.onAllowed();
    });
  }
}

export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['profile', 'region', 'endpointUrl'].some(key => event.affectsConfiguration(`${SECTION}.${key}`));
}
