/**
 * Invoking endpoints: "SageMaker: Invoke Endpoint" (the panel, from the Endpoints view or the palette) and
 * "SageMaker: Invoke Endpoint with File…". The extension calls `registerInvoke` once from activate(); what it
 * returns is also what tests drive.
 */
import * as vscode from 'vscode';
import { pickRemote } from '../platform/remotePicker';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import { deployAws as loadAws } from '../deploy/awsApi';
import type { Connection } from '../platform/connection';
import type { EndpointDetails } from '../aws/resources';
import { REALTIME_PAYLOAD_LIMIT_BYTES } from '../core/invoke/payload';
import type { InvocationTarget } from '../core/invoke/types';
import type { PagedResourceTree, ResourceNode } from '../views/pagedTree';
import { sageMakerLog } from '../platform/extensionLog';
import { InvokePanel, type InvokePanelController } from './panel';
import { invokeWithFile, type InvokeWithFileOptions, type InvokeWithFileResult } from './withFile';

type EndpointTree = PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;

export interface InvokeDeps {
  connection: Connection;
  endpoints?: EndpointTree;
  log?: vscode.LogOutputChannel;
  /** Register the commands here (default); false when the extension dispatches them itself (see `commands`). */
  registerCommands?: boolean;
}

export interface InvokeApi {
  /** Opens (or shows) the panel of a target: an InvocationTarget, or the name of an endpoint of the connection. */
  openInvokePanel(target: InvocationTarget | string): Promise<InvokePanelController>;
  /** The open panel of a target id, if any. */
  panelFor(targetId: string): InvokePanelController | undefined;
  /** An endpoint of the connection as a target (InvokeEndpoint through the connection's clients). */
  cloudTarget(endpointName: string): Promise<InvocationTarget>;
  invokeWithFile(target: InvocationTarget | string, options?: InvokeWithFileOptions): Promise<InvokeWithFileResult | undefined>;
  /** `sagemaker.invokeEndpoint` and `sagemaker.invokeEndpointWithFile` (registered already unless `registerCommands` was false). */
  readonly commands: Record<string, (...args: any[]) => unknown>;
}

/** What a command argument names: a tree node, an endpoint name, a target. */
function endpointNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const node = arg as ResourceNode<EndpointSummary> | undefined;
  if (node && typeof node === 'object' && node.kind === 'resource') return node.resource.EndpointName;
  return undefined;
}

const isTarget = (arg: unknown): arg is InvocationTarget =>
  typeof arg === 'object' && arg !== null && typeof (arg as InvocationTarget).invoke === 'function' && typeof (arg as InvocationTarget).id === 'string';

export function registerInvoke(context: vscode.ExtensionContext, deps: InvokeDeps): InvokeApi {
  const { connection } = deps;
  const log = () => deps.log ?? sageMakerLog();
  const panels = new Map<string, InvokePanel>();

  async function cloudTarget(endpointName: string): Promise<InvocationTarget> {
    const region = await connection.aws().region();
    return {
      id: `cloud:${region}:${endpointName}`,
      label: endpointName,
      maxPayloadBytes: REALTIME_PAYLOAD_LIMIT_BYTES,
      invoke: (request, signal) => loadAws().invokeEndpoint(connection.aws(), endpointName, request, signal),
    };
  }

  async function resolveTarget(arg: unknown, title: string): Promise<InvocationTarget | undefined> {
    if (isTarget(arg)) return arg;
    const name = endpointNameOf(arg) ?? await pickEndpoint(title);
    return name ? cloudTarget(name) : undefined;
  }

  function pickEndpoint(title: string): Promise<string | undefined> {
    return pickRemote(connection, {
      title,
      placeholder: 'Endpoint to invoke',
      noun: 'endpoints',
      empty: 'No endpoints in this account and region: deploy a completed training job first.',
      list: async () => {
        const items = (await loadAws().listEndpointsPage(connection.aws())).items.map(e => ({
          label: e.EndpointName!,
          description: e.EndpointStatus,
          detail: e.EndpointStatus === 'InService' ? undefined : 'not in service: invocations will fail',
        }));
        return items.sort((a, b) => Number(b.description === 'InService') - Number(a.description === 'InService'));
      },
    });
  }


  async function openInvokePanel(arg: InvocationTarget | string): Promise<InvokePanelController> {
    const target = isTarget(arg) ? arg : await cloudTarget(arg);
    const open = panels.get(target.id);
    if (open) {
      open.reveal();
      return open;
    }
    const panel = new InvokePanel(target, {
      extensionUri: context.extensionUri,
      globalState: context.globalState,
      log: log(),
      reportFailure: error => connection.reportFailure(error),
    });
    panels.set(target.id, panel);
    panel.onDidDispose(() => panels.delete(target.id));
    return panel;
  }

  const commands: Record<string, (...args: any[]) => unknown> = {
    'sagemaker.invokeEndpoint': async (arg?: unknown) => {
      try {
        const target = await resolveTarget(arg, 'Invoke Endpoint');
        return target ? await openInvokePanel(target) : undefined;
      } catch (error) {
        const problem = connection.reportFailure(error);
        void vscode.window.showErrorMessage(`SageMaker: Invoke Endpoint failed. ${problem.message} ${problem.nextStep}`);
        return undefined;
      }
    },
    'sagemaker.invokeEndpointWithFile': async (arg?: unknown, options?: InvokeWithFileOptions) => {
      try {
        const target = await resolveTarget(arg, 'Invoke Endpoint with File');
        return target ? await invokeWithFile(target, options) : undefined;
      } catch (error) {
        const problem = connection.reportFailure(error);
        void vscode.window.showErrorMessage(`SageMaker: Invoke Endpoint with File failed. ${problem.message} ${problem.nextStep}`);
        return undefined;
      }
    },
  };
  if (deps.registerCommands !== false) {
    for (const [id, handler] of Object.entries(commands)) context.subscriptions.push(vscode.commands.registerCommand(id, handler));
  }
  context.subscriptions.push({ dispose: () => { for (const panel of [...panels.values()]) panel.dispose(); } });

  return {
    openInvokePanel,
    panelFor: id => panels.get(id),
    cloudTarget,
    invokeWithFile: async (arg, options) => invokeWithFile(isTarget(arg) ? arg : await cloudTarget(arg), options),
    commands,
  };
}
