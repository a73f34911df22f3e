import * as vscode from 'vscode';
import type { Connection } from '../connection';
import type { AwsClients } from '../core/aws/clientFactory';

interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** How one kind of remote resource is listed and shown. */
export interface ResourceSource<T> {
  /** Noun for messages: "training jobs". */
  noun: string;
  listPage(clients: AwsClients, nextToken?: string): Promise<Page<T>>;
  toItem(resource: T): vscode.TreeItem;
}

type Node<T> = { kind: 'resource'; resource: T } | { kind: 'more' } | { kind: 'error'; message: string };

/**
 * A tree of remote resources shown a page at a time. Failures become one item with a retry action
 * (never an endless spinner); credential problems leave the tree empty so the welcome view shows.
 */
export class PagedResourceTree<T> implements vscode.TreeDataProvider<Node<T>>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node<T> | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private loaded: T[] | undefined;
  private nextToken: string | undefined;
  private error: string | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connection: Connection, private readonly source: ResourceSource<T>, private readonly refreshCommand: string) {
    this.subscription = connection.onDidChange(() => this.refresh());
  }

  /** Resources listed so far (for commands and tests). */
  get resources(): readonly T[] {
    return this.loaded ?? [];
  }

  refresh(): void {
    this.loaded = undefined;
    this.nextToken = undefined;
    this.error = undefined;
    this.changed.fire(undefined);
  }

  async loadMore(): Promise<void> {
    await this.fetch(this.nextToken);
    this.changed.fire(undefined);
  }

  async getChildren(parent?: Node<T>): Promise<Node<T>[]> {
    if (parent) return [];
    if (this.loaded === undefined && this.error === undefined) await this.fetch(undefined);
    if (this.error !== undefined) return [{ kind: 'error', message: this.error }];
    const nodes: Node<T>[] = (this.loaded ?? []).map(resource => ({ kind: 'resource', resource }));
    if (this.nextToken) nodes.push({ kind: 'more' });
    return nodes;
  }

  getTreeItem(node: Node<T>): vscode.TreeItem {
    if (node.kind === 'resource') return this.source.toItem(node.resource);
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
      const page = await this.source.listPage(this.connection.aws(), token);
      this.loaded = [...(token ? this.loaded ?? [] : []), ...page.items];
      this.nextToken = page.nextToken;
      this.error = undefined;
      this.connection.markConnected();
    } catch (error) {
      const problem = this.connection.reportFailure(error);
      if (problem.kind === 'other' || problem.kind === 'unreachable') this.error = `${problem.message} ${problem.nextStep}`;
      else this.loaded = [];
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
