/**
 * Invoking endpoints: "SageMaker: Invoke Endpoint" (the panel, from the Endpoints view or the palette) and
 * "SageMaker: Invoke Endpoint with File…". The handlers are plain functions of their services (`invokeEndpoint`,
 * `invokeEndpointWithFile`); `createInvoke` binds them once, and the command table runs them. What it returns is
 * also what tests drive.
 */
import * as vscode from 'vscode';
import { pickResource } from '../platform/remotePicker';
import type { LocalEndpointDescription } from '../core/local';
import type { EndpointSummary } from '@aws-sdk/client-sagemaker';
import { loadAws } from '../platform/loadAws';
import type { Connection } from '../platform/connection';
import type { EndpointDetails } from '../aws/resources';
import { REALTIME_PAYLOAD_LIMIT_BYTES } from '../core/invoke/payload';
import type { InvocationTarget } from '../core/invoke/types';
import type { PagedResourceTree } from '../views/pagedTree';
import { sageMakerLog } from '../platform/extensionLog';
import { InvokePanel, type InvokePanelController } from './panel';
import { invokeWithFile, type InvokeWithFileOptions, type InvokeWithFileResult } from './withFile';

type EndpointTree = PagedResourceTree<EndpointSummary, EndpointDetails, undefined>;

export interface InvokeDeps {
  connection: Connection;
  endpoints?: EndpointTree;
  log?: vscode.LogOutputChannel;
}

export interface InvokeApi {
  /** Opens (or shows) the panel of a target: an InvocationTarget, or the name of an endpoint of the connection. */
  openInvokePanel(target: InvocationTarget | string): Promise<InvokePanelController>;
  /** The open panel of a target id, if any. */
  panelFor(targetId: string): InvokePanelController | undefined;
  /** An endpoint of the connection as a target (InvokeEndpoint through the connection's clients). */
  cloudTarget(endpointName: string): Promise<InvocationTarget>;
  invokeWithFile(target: InvocationTarget | string, options?: InvokeWithFileOptions): Promise<InvokeWithFileResult | undefined>;
  /** "SageMaker: Invoke Endpoint": the panel of an endpoint of the connection by name, else of one picked. */
  invokeEndpoint(endpointName: string | undefined): Promise<InvokePanelController | undefined>;
  /** "SageMaker: Invoke Endpoint with File…" on an endpoint by name, else on one picked. */
  invokeEndpointWithFile(endpointName: string | undefined, options?: InvokeWithFileOptions): Promise<InvokeWithFileResult | undefined>;
}

const isTarget = (arg: unknown): arg is InvocationTarget =>
  typeof arg === 'object' && arg !== null && typeof (arg as InvocationTarget).invoke === 'function' && typeof (arg as InvocationTarget).id === 'string';

/** What the invoke commands need from the extension; `panels` holds the open panel of each target id. */
export interface InvokeServices {
  connection: Connection;
  extensionUri: vscode.Uri;
  globalState: vscode.Memento;
  log: () => vscode.LogOutputChannel;
  panels: Map<string, InvokePanel>;
}

/** An endpoint of the connection as a target (InvokeEndpoint through the connection's clients). */
export async function cloudTarget(connection: Connection, endpointName: string): Promise<InvocationTarget> {
  const region = await connection.aws().region();
  return {
    id: `cloud:${region}:${endpointName}`,
    label: endpointName,
    maxPayloadBytes: REALTIME_PAYLOAD_LIMIT_BYTES,
    invoke: (request, signal) => loadAws().invokeEndpoint(connection.aws(), endpointName, request, signal),
    knownContentType: () => loadAws().endpointTrainingContentType(connection.aws(), endpointName),
  };
}

async function resolveTarget(connection: Connection, endpointName: string | undefined, title: string): Promise<InvocationTarget | undefined> {
  const picked = endpointName ? undefined : await pickEndpoint(connection, title);
  const name = endpointName ?? (picked?.where === 'cloud' ? picked.name : undefined);
  return name ? cloudTarget(connection, name) : undefined;
}

/** An endpoint to invoke: one of the connection's by name, or a local one of this machine. */
export type EndpointToInvoke = { where: 'cloud'; name: string } | { where: 'local'; name: string; endpoint: LocalEndpointDescription };

/** The endpoints, in service first: this machine's (when `local` is given) and the connection's, each in its own group. */
export function pickEndpoint(connection: Connection, title: string, local?: { endpoints(): LocalEndpointDescription[]; onDidChangeEndpoints: vscode.Event<void> }): Promise<EndpointToInvoke | undefined> {
  const notInService = 'not in service: invocations will fail';
  return pickResource<EndpointToInvoke>(connection, {
    title,
    placeholder: 'Endpoint to invoke',
    noun: 'endpoints',
    empty: local ? 'No endpoints, local or in this account and region: deploy a completed training job first.' : 'No endpoints in this account and region: deploy a completed training job first.',
    ...(local ? {
      local: () => local.endpoints().map(e => ({
        label: e.EndpointName,
        description: `local · ${e.EndpointStatus} · ${e.Url}`,
        ...(e.EndpointStatus === 'InService' ? {} : { detail: e.FailureReason ?? notInService }),
        value: { where: 'local' as const, name: e.EndpointName, endpoint: e },
      })).sort((x, y) => Number(y.value.endpoint.EndpointStatus === 'InService') - Number(x.value.endpoint.EndpointStatus === 'InService')),
      onDidChangeLocal: local.onDidChangeEndpoints,
    } : {}),
    list: async () => {
      const items = (await loadAws().listEndpointsPage(connection.aws())).items.map(e => ({
        label: e.EndpointName!,
        description: e.EndpointStatus,
        ...(e.EndpointStatus === 'InService' ? {} : { detail: notInService }),
        value: { where: 'cloud' as const, name: e.EndpointName! },
      }));
      return items.sort((x, y) => Number(y.description === 'InService') - Number(x.description === 'InService'));
    },
  });
}

/** Opens (or shows) the panel of a target: an InvocationTarget, or the name of an endpoint of the connection. */
export async function openInvokePanel(services: InvokeServices, arg: InvocationTarget | string): Promise<InvokePanelController> {
  const { connection, panels } = services;
  const target = isTarget(arg) ? arg : await cloudTarget(connection, arg);
  const open = panels.get(target.id);
  if (open) {
    open.reveal();
    return open;
  }
  const panel = new InvokePanel(target, {
    extensionUri: services.extensionUri,
    globalState: services.globalState,
    log: services.log(),
    reportFailure: error => connection.reportFailure(error),
  });
  panels.set(target.id, panel);
  panel.onDidDispose(() => panels.delete(target.id));
  return panel;
}

/** `sagemaker.invokeEndpoint`: the panel of an endpoint by name, or of a picked one. Failures reach the command table. */
export async function invokeEndpoint(services: InvokeServices, endpointName: string | undefined): Promise<InvokePanelController | undefined> {
  const target = await resolveTarget(services.connection, endpointName, 'Invoke Endpoint');
  return target ? openInvokePanel(services, target) : undefined;
}

/** `sagemaker.invokeEndpointWithFile`: one request with a file's body, the answer in an editor. */
export async function invokeEndpointWithFile(services: InvokeServices, endpointName: string | undefined, options?: InvokeWithFileOptions): Promise<InvokeWithFileResult | undefined> {
  const target = await resolveTarget(services.connection, endpointName, 'Invoke Endpoint with File');
  return target ? invokeWithFile(target, options) : undefined;
}

export function createInvoke(context: vscode.ExtensionContext, deps: InvokeDeps): InvokeApi {
  const services: InvokeServices = {
    connection: deps.connection,
    extensionUri: context.extensionUri,
    globalState: context.globalState,
    log: () => deps.log ?? sageMakerLog(),
    panels: new Map(),
  };
  context.subscriptions.push({ dispose: () => { for (const panel of [...services.panels.values()]) panel.dispose(); } });

  return {
    openInvokePanel: target => openInvokePanel(services, target),
    panelFor: id => services.panels.get(id),
    cloudTarget: name => cloudTarget(services.connection, name),
    invokeWithFile: async (arg, options) => invokeWithFile(isTarget(arg) ? arg : await cloudTarget(services.connection, arg), options),
    invokeEndpoint: name => invokeEndpoint(services, name),
    invokeEndpointWithFile: (name, options) => invokeEndpointWithFile(services, name, options),
  };
}
