import * as vscode from 'vscode';

import { WALKTHROUGH_ID } from '../authoring';
import { walkthroughContextKey, walkthroughStepId, type WalkthroughStep } from '../core/walkthroughSteps';

export type { WalkthroughStep } from '../core/walkthroughSteps';

/**
 * Marks the walkthrough's steps done as the user does them, from whichever entry point (palette, tree, code lens,
 * a notification's button, a chained command): a context key per step, which the step's `onContext` completion
 * event reads. `onCommand` events alone miss commands run by the extension itself (a notification's "Invoke
 * Endpoint") and actions that are not commands.
 *
 * The step is also marked in VS Code's walkthroughs service directly: its page left the steps unchecked whose
 * `onContext` key the extension had set (test/ui/55-walkthrough.ui.js), while `onCommand` events were seen.
 */
export class WalkthroughProgress {
  private readonly steps = new Set<WalkthroughStep>();

  mark(step: WalkthroughStep): void {
    if (this.steps.has(step)) return;
    this.steps.add(step);
    void vscode.commands.executeCommand('setContext', walkthroughContextKey(step), true);
    // Recorded even when the service has not registered the walkthrough yet (it then throws after saving the step).
    vscode.commands.executeCommand('welcome.markStepComplete', walkthroughStepId(WALKTHROUGH_ID, step)).then(undefined, () => undefined);
  }

  /** The steps marked in this window (for tests). */
  done(): ReadonlySet<WalkthroughStep> {
    return this.steps;
  }
}
