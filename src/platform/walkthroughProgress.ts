import * as vscode from 'vscode';

import { walkthroughContextKey, type WalkthroughStep } from '../core/walkthroughSteps';

export type { WalkthroughStep } from '../core/walkthroughSteps';

/**
 * Marks the walkthrough's steps done as the user does them, from whichever entry point (palette, tree, code lens,
 * a notification's button, a chained command): a context key per step, which the step's `onContext` completion
 * event reads. `onCommand` events alone miss commands run by the extension itself (a notification's "Invoke
 * Endpoint") and actions that are not commands.
 */
export class WalkthroughProgress {
  private readonly steps = new Set<WalkthroughStep>();

  mark(step: WalkthroughStep): void {
    if (this.steps.has(step)) return;
    this.steps.add(step);
    void vscode.commands.executeCommand('setContext', walkthroughContextKey(step), true);
  }

  /** The steps marked in this window (for tests). */
  done(): ReadonlySet<WalkthroughStep> {
    return this.steps;
  }
}
