/**
 * Endpoints that may be forgotten (long in service, or idle): marked in the Endpoints tree, and listed once a day
 * in a reminder with what they have cost so far and a Delete action (the tree's own delete flow, which asks first).
 * The reminder reads what the Endpoints tree has already loaded: it makes no calls of its own. Its clock can be
 * replaced (tests move it a day on instead of waiting one).
 */
import * as vscode from 'vscode';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import type { EndpointDetails } from '../aws/resources';
import {
  endpointAttention, reminderDay, reminderDue, reminderText, type EndpointAttention, type ReminderEntry,
} from '../core/costs/endpointAttention';
import { endpointCost } from '../core/costs/estimate';
import { priceService } from './priceService';
import { endpointVariantsForCost } from './treeCosts';

let clock: () => Date = () => new Date();

/** The time the cost views and the reminder go by. */
export function costClock(): Date {
  return clock();
}

/** Replaces the clock (tests); undefined restores the real one. */
export function setCostClock(replacement: (() => Date) | undefined): void {
  clock = replacement ?? (() => new Date());
}

function hoursSetting(name: string, fallback: number): number {
  const value = vscode.workspace.getConfiguration('sagemaker').get<number>(name);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

/** `sagemaker.costs.endpointIdleHours`: the window of the Invocations metric that tells an idle endpoint. */
export function endpointIdleHours(): number {
  return hoursSetting('costs.endpointIdleHours', 24);
}

export function endpointAttentionOf(endpoint: EndpointSummary, details: EndpointDetails | undefined): EndpointAttention {
  return endpointAttention({
    ...(details?.endpoint.EndpointStatus ?? endpoint.EndpointStatus ? { status: details?.endpoint.EndpointStatus ?? endpoint.EndpointStatus } : {}),
    ...(endpoint.CreationTime ? { creationTime: endpoint.CreationTime } : {}),
    ...(details?.invocations ? { invocations: details.invocations } : {}),
  }, { reminderHours: hoursSetting('costs.endpointReminderHours', 24), idleHours: endpointIdleHours() }, costClock());
}

/** What the Endpoints tree offers the reminder. */
export interface RemindedTree {
  readonly resources: readonly EndpointSummary[];
  detailsOf(endpoint: EndpointSummary): EndpointDetails | undefined;
  readonly onDidChangeTreeData: vscode.Event<unknown>;
}

export const LAST_REMINDER_KEY = 'sagemaker.costs.lastEndpointReminderDay';

export class EndpointReminder implements vscode.Disposable {
  private readonly subscription: vscode.Disposable;
  /** The last reminder shown, for tests and the log. */
  lastShown: { text: string; entries: ReminderEntry[] } | undefined;

  constructor(
    private readonly tree: RemindedTree,
    private readonly state: vscode.Memento,
    private readonly deleteEndpoint: (endpoint: EndpointSummary) => Promise<void>,
    private readonly showEndpoints: () => Thenable<unknown>,
  ) {
    this.subscription = tree.onDidChangeTreeData(() => this.check());
  }

  /** Shows the day's reminder when one is due and every endpoint in service has been read; returns its entries. */
  check(): ReminderEntry[] | undefined {
    const now = costClock();
    if (!reminderDue(this.state.get<string>(LAST_REMINDER_KEY), now)) return undefined;
    const inService = this.tree.resources.filter(e => e.EndpointStatus === 'InService');
    if (inService.length === 0 || inService.some(e => !this.tree.detailsOf(e))) return undefined;
    const flagged = inService.map(endpoint => ({ endpoint, attention: endpointAttentionOf(endpoint, this.tree.detailsOf(endpoint)) }))
      .filter(f => f.attention.reasons.length > 0);
    if (flagged.length === 0) return undefined;
    const prices = priceService()?.forTrees();
    const entries: ReminderEntry[] = flagged.map(({ endpoint, attention }) => {
      const details = this.tree.detailsOf(endpoint)!;
      const cost = endpointCost({ CreationTime: endpoint.CreationTime, ProductionVariants: endpointVariantsForCost(details) }, prices, now);
      return { name: endpoint.EndpointName ?? '(unnamed)', reasons: attention.reasons, ...(cost.sinceCreationUsd !== undefined ? { totalUsd: cost.sinceCreationUsd } : {}) };
    });
    // Remembered before the message shows: one a day, even while this one stays open.
    void this.state.update(LAST_REMINDER_KEY, reminderDay(now));
    const text = reminderText(entries);
    this.lastShown = { text, entries };
    void this.offer(text, flagged.map(f => f.endpoint));
    return entries;
  }

  private async offer(text: string, endpoints: EndpointSummary[]): Promise<void> {
    const remove = endpoints.length === 1 ? 'Delete Endpoint…' : 'Delete Endpoints…';
    const show = 'Show Endpoints';
    const choice = await vscode.window.showWarningMessage(text, remove, show);
    if (choice === show) await this.showEndpoints();
    if (choice !== remove) return;
    const chosen = endpoints.length === 1 ? endpoints : (await vscode.window.showQuickPick(
      endpoints.map(endpoint => ({ label: endpoint.EndpointName ?? '(unnamed)', picked: true, endpoint })),
      { canPickMany: true, title: 'Delete endpoints (each asks first)' }))?.map(p => p.endpoint) ?? [];
    for (const endpoint of chosen) await this.deleteEndpoint(endpoint);
  }

  /** Replaces the clock of the cost views and the reminder (tests: a day later, at once); undefined restores it. */
  useClock(replacement: (() => Date) | undefined): void {
    setCostClock(replacement);
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
