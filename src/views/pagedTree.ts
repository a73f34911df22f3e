import * as vscode from 'vscode';
import { pauseNotice } from '../core/connection/credentialPause';
import { isExpiredTokenError, isNotFoundError } from '../core/connection/errors';
import type { Connection } from '../platform/connection';
import { sageMakerLog } from '../platform/extensionLog';
import type { AwsClients } from '../aws/clientFactory';

interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** How one kind of remote resource is listed, described and shown. */
export interface ResourceSource<T, D, F> {
  /** Noun for messages: "training jobs". */
  noun: string;
  key(resource: T): string;
  listPage(clients: AwsClients, nextToken: string | undefined, filter: F): Promise<Page<T>>;
  /** The details behind the description and tooltip, fetched for shown items only. */
  describe(clients: AwsClients, resource: T): Promise<D>;
  /** Still changing: its details are read again on each refresh tick. */
  isInProgress(resource: T, details: D | undefined): boolean;
  /** The summary as the latest details say it is now. */
  updateSummary(resource: T, details: D): T;
  toItem(resource: T, details: D | undefined): vscode.TreeItem;
}

/** A group shown above the remote resources (local jobs, say), with its own items and refresh. */
export interface TreeSection<L> {
  label: string;
  icon: string;
  onDidChange: vscode.Event<void>;
  list(): L[];
  key(value: L): string;
  toItem(value: L): vscode.TreeItem;
}

export type ResourceNode<T> =
  | { kind: 'resource'; resource: T }
  | { kind: 'more' }
  | { kind: 'error'; message: string }
  | { kind: 'section' }
  | { kind: 'local'; value: unknown };

const DESCRIBE_CONCURRENCY = 4;

/** Everything a row shows (and does), to tell whether a refresh changed it. */
function rowContent(item: vscode.TreeItem): string {
  const text = (value: string | vscode.MarkdownString | vscode.TreeItemLabel | boolean | undefined) =>
    typeof value === 'object' ? ('value' in value ? value.value : value.label) : value;
  // A ThemeIcon serializes as its id and color, a Uri as its parts.
  return JSON.stringify([item.id, text(item.label), text(item.description), text(item.tooltip), item.contextValue, item.iconPath, item.command?.command, item.collapsibleState]);
}

/**
 * A tree of remote resources shown a page at a time. Failures become one item with a retry action
 * (never an endless spinner); credential problems leave the tree empty so the welcome view shows, except an expired
 * session: it pauses the tree with the rows it had (the window's one paused message, Retry, a quiet check each minute).
 * While any shown resource is in progress and the view is visible, a timer re-reads just those resources.
 */
export class PagedResourceTree<T, D, F, L = unknown> implements vscode.TreeDataProvider<ResourceNode<T>>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ResourceNode<T> | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private nodes: Map<string, { kind: 'resource'; resource: T }> | undefined;
  private readonly details = new Map<string, D>();
  private nextToken: string | undefined;
  private error: string | undefined;
  private filterValue: F;
  private visible = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly sectionNode: ResourceNode<T> = { kind: 'section' };
  /** The rows before a refresh, shown again if the refresh meets an expired session. */
  private kept: { nodes: Map<string, { kind: 'resource'; resource: T }>; nextToken: string | undefined; details: Map<string, D> } | undefined;
  /** Listing failed on an expired session; the next successful listing resumes the window's paused work. */
  private paused = false;
  /** What the window's Retry and quiet check call (one function, so that repeated failures register it once). */
  private readonly listAgain = () => this.refresh();

  constructor(
    private readonly connection: Connection,
    private readonly source: ResourceSource<T, D, F>,
    private readonly refreshCommand: string,
    private readonly refreshIntervalMs: () => number,
    initialFilter: F,
    private readonly section?: TreeSection<L>,
  ) {
    this.filterValue = initialFilter;
    // Other settings (another profile, region): the rows kept for a paused refresh are not theirs.
    this.subscriptions.push(connection.onDidChange(() => { this.refresh(); this.kept = undefined; }));
    if (section) this.subscriptions.push(section.onDidChange(() => this.changed.fire(undefined)));
  }

  /** Resources listed so far (for commands and tests). */
  get resources(): readonly T[] {
    return [...(this.nodes?.values() ?? [])].map(node => node.resource);
  }

  detailsOf(resource: T): D | undefined {
    return this.details.get(this.source.key(resource));
  }

  get filter(): F {
    return this.filterValue;
  }

  setFilter(filter: F): void {
    this.filterValue = filter;
    this.refresh();
    this.kept = undefined;
  }

  /** The view tells the tree when it is shown; hidden views make no calls. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.schedule();
  }

  refresh(): void {
    if (this.nodes) this.kept = { nodes: this.nodes, nextToken: this.nextToken, details: new Map(this.details) };
    this.nodes = undefined;
    this.nextToken = undefined;
    this.error = undefined;
    this.details.clear();
    this.changed.fire(undefined);
  }

  /** Draws the rows again from what is loaded (no call): for what they show that changed elsewhere, e.g. prices. */
  redraw(): void {
    this.changed.fire(undefined);
  }

  async loadMore(): Promise<void> {
    await this.fetch(this.nextToken);
    this.changed.fire(undefined);
  }

  /** Re-reads one resource now (after an action of ours on it). */
  async reload(resource: T): Promise<void> {
    await this.describeAll([resource]);
    this.schedule();
  }

  async getChildren(parent?: ResourceNode<T>): Promise<ResourceNode<T>[]> {
    if (parent?.kind === 'section') return this.section!.list().map(value => ({ kind: 'local', value }));
    if (parent) return [];
    const local: ResourceNode<T>[] = this.section && this.section.list().length > 0 ? [this.sectionNode] : [];
    if (this.nodes === undefined && this.error === undefined) await this.fetch(undefined);
    if (this.error !== undefined) return [...local, { kind: 'error', message: this.error }];
    const nodes: ResourceNode<T>[] = [...local, ...(this.nodes?.values() ?? [])];
    if (this.nextToken) nodes.push({ kind: 'more' });
    return nodes;
  }

  getParent(node: ResourceNode<T>): ResourceNode<T> | undefined {
    return node.kind === 'local' ? this.sectionNode : undefined;
  }

  /** The node of a listed resource, for reveal(). */
  nodeOf(key: string): ResourceNode<T> | undefined {
    return this.nodes?.get(key);
  }

  getTreeItem(node: ResourceNode<T>): vscode.TreeItem {
    if (node.kind === 'resource') return this.source.toItem(node.resource, this.detailsOf(node.resource));
    if (node.kind === 'section') {
      const item = new vscode.TreeItem(this.section!.label, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon(this.section!.icon);
      item.id = `section:${this.section!.label}`;
      item.contextValue = 'localSection';
      return item;
    }
    if (node.kind === 'local') return this.section!.toItem(node.value as L);
    if (node.kind === 'more') {
      const item = new vscode.TreeItem('Load more…');
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.command = { command: `${this.refreshCommand}.loadMore`, title: 'Load more' };
      return item;
    }
    const item = new vscode.TreeItem(`Could not list ${this.source.noun}`);
    item.description = node.message;
    item.tooltip = `${node.message}\n\nClick to retry.`;
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    item.command = { command: this.refreshCommand, title: 'Retry' };
    return item;
  }

  private async fetch(token: string | undefined): Promise<void> {
    try {
      const page = await this.source.listPage(this.connection.aws(), token, this.filterValue);
      if (!token || !this.nodes) this.nodes = new Map();
      for (const resource of page.items) this.nodes.set(this.source.key(resource), { kind: 'resource', resource });
      this.nextToken = page.nextToken;
      this.error = undefined;
      this.kept = undefined;
      this.connection.markConnected();
      if (this.paused) {
        this.paused = false;
        sageMakerLog().info(`The ${this.source.noun} list: the AWS session works again; refreshing resumed.`);
        this.connection.resumed();
      }
      void this.describeAll(page.items).then(() => this.schedule());
    } catch (error) {
      if (isExpiredTokenError(error)) return this.pauseOn(error);
      this.kept = undefined;
      const problem = this.connection.reportFailure(error);
      if (problem.kind === 'other' || problem.kind === 'unreachable') this.error = `${problem.message} ${problem.nextStep}`;
      else this.nodes = new Map();
    }
  }

  /** Keeps the rows the tree had and says (once for the window) that refreshing waits for the session to be renewed. */
  private pauseOn(error: unknown): void {
    if (!this.nodes && this.kept) {
      this.nodes = this.kept.nodes;
      this.nextToken = this.kept.nextToken;
      for (const [key, details] of this.kept.details) this.details.set(key, details);
    }
    this.kept = undefined;
    this.nodes ??= new Map();
    this.error = undefined;
    const text = pauseNotice(error, this.connection.settings().profile ?? process.env.AWS_PROFILE).text;
    if (!this.paused) sageMakerLog().warn(`The ${this.source.noun} list paused: ${text}`);
    this.paused = true;
    // A refresh lists again only while the view is shown: a hidden paused tree makes no calls.
    this.connection.showPaused(text, this.listAgain, { quietCheck: true });
  }

  /** Fetches details a few at a time; each item updates as its details arrive. */
  private async describeAll(resources: T[]): Promise<void> {
    const queue = [...resources];
    const clients = this.connection.aws();
    const worker = async () => {
      for (let resource = queue.shift(); resource !== undefined; resource = queue.shift()) {
        const key = this.source.key(resource);
        try {
          const details = await this.source.describe(clients, resource);
          const node = this.nodes?.get(key);
          if (!node) continue;
          const shown = rowContent(this.getTreeItem(node));
          this.details.set(key, details);
          node.resource = this.source.updateSummary(node.resource, details);
          // A redrawn row closes its open tooltip: redraw only rows that read differently now.
          if (rowContent(this.getTreeItem(node)) !== shown) this.changed.fire(node);
        } catch (error) {
          // Gone since it was listed (deleted endpoint): drop it; other failures keep the summary as it was.
          if (isNotFoundError(error) && this.nodes?.delete(key)) this.changed.fire(undefined);
        }
      }
    };
    await Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, worker));
  }

  private inProgress(): T[] {
    return this.resources.filter(resource => this.source.isInProgress(resource, this.detailsOf(resource)));
  }

  private schedule(): void {
    const wanted = this.visible && this.inProgress().length > 0;
    if (wanted && !this.timer) {
      this.timer = setInterval(() => void this.tick(), Math.max(1000, this.refreshIntervalMs()));
    } else if (!wanted && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.paused) return;
    this.ticking = true;
    try {
      await this.describeAll(this.inProgress());
    } finally {
      this.ticking = false;
      this.schedule();
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
